"""Employers, their contacts, placements, intention agreements, mentors and checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.agreements import services as agreement_services
from apps.agreements.models import Agreement, AgreementVersion, Approval
from apps.api import serializers as s
from apps.api.filters import (
    AgreementFilter,
    CheckpointFilter,
    ContactFilter,
    EmployerFilter,
    MentorFilter,
    PlacementFilter,
)
from apps.api.views.base import PersonViewSet
from apps.cases.access import CaseAction
from apps.cases.selectors import cases_for, cases_visible_to
from apps.contacts.models import Contact
from apps.contacts.services import contact_log
from apps.employers import services as employer_services
from apps.employers.models import Employer
from apps.employers.selectors import with_last_contact
from apps.followups import services as followup_services
from apps.followups.models import Checkpoint, CheckpointKind
from apps.mentors import services as mentor_services
from apps.mentors.models import MentorAssignment
from apps.placements import services as placement_services
from apps.placements.models import Placement, Subsidy
from apps.placements.selectors import placements_for

# --- Employers ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("The employer register")),
    retrieve=extend_schema(summary=("One employer")),
)
class EmployerViewSet(PersonViewSet):
    """Firms are shared by every office; who last called a firm is your office's."""

    queryset = Employer.objects.none()
    serializer_class = s.EmployerSerializer
    filterset_class = EmployerFilter
    http_method_names = ["get", "head", "post", "patch"]

    def scoped(self, action: CaseAction) -> QuerySet[Employer]:
        return (
            with_last_contact(Employer.objects.all(), self.user)
            .prefetch_related("contact_persons")
            .order_by("name", "pk")
        )

    @extend_schema(
        summary=("Register an employer"),
        request=s.EmployerCreateSerializer,
        responses={201: s.EmployerSerializer},
        description=("A number already registered answers 409 with the firm's id."),
    )
    def create(self, request: Request) -> Response:
        serializer = s.EmployerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            employer = employer_services.employer_register(
                actor=self.user, **serializer.validated_data
            )
        except employer_services.AlreadyRegistered as known:
            return Response(
                {"detail": str(known), "employer": known.employer.pk},
                status=status.HTTP_409_CONFLICT,
            )
        return self.answer(employer, status.HTTP_201_CREATED)

    @extend_schema(
        summary=("Change an employer"),
        request=s.EmployerUpdateSerializer,
        responses={200: s.EmployerSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        employer = self.get_for(CaseAction.CHANGE)
        serializer = s.EmployerUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data:
            employer_services.employer_update(
                employer=employer, actor=self.user, **serializer.validated_data
            )
        return self.answer(employer)

    @extend_schema(
        summary=("Add a contact person"),
        request=s.ContactPersonCreateSerializer,
        responses={201: s.ContactPersonSerializer},
    )
    @action(detail=True, methods=["post"], url_path="contact-persons")
    def contact_persons(self, request: Request, pk: str) -> Response:
        employer = self.get_for(CaseAction.CHANGE)
        serializer = s.ContactPersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = employer_services.contact_person_add(
            employer=employer, actor=self.user, **serializer.validated_data
        )
        return Response(s.ContactPersonSerializer(person).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=("Your office's contacts with employers")),
    retrieve=extend_schema(summary=("One contact with an employer")),
)
class EmployerContactViewSet(PersonViewSet):
    """Contacts with firms, visible to the whole office so two people do not phone the same firm
    the same week. What a contact about a case you may not read says is hidden; that it
    happened, by whom and when, is not."""

    queryset = Contact.objects.none()
    serializer_class = s.ContactSerializer
    filterset_class = ContactFilter

    def scoped(self, action: CaseAction) -> QuerySet[Contact]:
        return (
            Contact.objects.filter(employer__isnull=False, office_id=self.user.office_id or 0)
            .select_related("author", "case")
            .order_by("-occurred_at", "-pk")
        )

    def _readable(self, objects: Sequence[Contact]) -> set[int]:
        ids = {c.case_id for c in objects if c.case_id is not None}
        return set(cases_visible_to(self.user).filter(pk__in=ids).values_list("pk", flat=True))

    def context_for(self, objects: Sequence[Contact]) -> dict[str, Any]:
        return {"readable_cases": self._readable(objects)}

    def log_read(self, objects: Any, action: str) -> None:
        objects = list(objects)
        readable = self._readable(objects)
        super().log_read([c for c in objects if c.case_id in readable], action)

    def person_of(self, obj: Contact) -> tuple[int, int | None] | None:
        return (obj.case.participant_id, obj.case_id) if obj.case is not None else None

    @extend_schema(
        summary=("Log a contact with an employer"),
        request=s.EmployerContactCreateSerializer,
        responses={201: s.ContactSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = s.EmployerContactCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        in_person = data["channel"] in ("meeting", "workplace_visit")
        contact = contact_log(
            actor=self.user,
            case=data["case"],
            occurred_at=data["occurred_at"],
            channel=data["channel"],
            place="workplace" if in_person else "none",
            with_whom=["employer"],
            initiative="specialist",
            duration_minutes=data["duration_minutes"],
            activity="employer",
            note=data["note"],
            employer=data["employer"],
            contact_person=data["contact_person"],
        )
        return self.answer(contact, status.HTTP_201_CREATED)


# --- Placements ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Placements of cases you may read")),
    retrieve=extend_schema(summary=("One placement")),
)
class PlacementViewSet(PersonViewSet):
    queryset = Placement.objects.none()
    serializer_class = s.PlacementSerializer
    filterset_class = PlacementFilter

    def scoped(self, action: CaseAction) -> QuerySet[Placement]:
        return (
            placements_for(self.user, action)
            .select_related("employer", "case")
            .prefetch_related("subsidies", "evaluations")
            .order_by("-start_on", "-pk")
        )

    def person_of(self, obj: Placement) -> tuple[int, int | None]:
        return obj.case.participant_id, obj.case_id

    @extend_schema(
        summary=("Start a placement"),
        request=s.PlacementCreateSerializer,
        responses={201: s.PlacementSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = s.PlacementCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        placement = placement_services.placement_create(
            case=data.pop("case"), actor=self.user, **data
        )
        return self.answer(placement, status.HTTP_201_CREATED)

    def _act(self, request: Request, serializer_class: type[Any], perform: Any) -> Response:
        placement = self.get_for(CaseAction.CHANGE)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        perform(placement, dict(serializer.validated_data))
        return self.answer(placement)

    @extend_schema(
        summary=("Record an evaluation at the workplace"),
        request=s.EvaluateSerializer,
        responses={200: s.PlacementSerializer},
    )
    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            s.EvaluateSerializer,
            lambda p, d: placement_services.placement_evaluate(placement=p, actor=self.user, **d),
        )

    @extend_schema(
        summary=("Extend a placement"),
        request=s.ExtendSerializer,
        responses={200: s.PlacementSerializer},
        description=("Refused (409) until an evaluation is recorded since the last start."),
    )
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            s.ExtendSerializer,
            lambda p, d: placement_services.placement_extend(placement=p, actor=self.user, **d),
        )

    @extend_schema(
        summary=("End a placement"),
        request=s.EndPlacementSerializer,
        responses={200: s.PlacementSerializer},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            s.EndPlacementSerializer,
            lambda p, d: placement_services.placement_end(placement=p, actor=self.user, **d),
        )

    @extend_schema(
        summary=("Register a subsidy applied for"),
        request=s.SubsidyApplySerializer,
        responses={200: s.PlacementSerializer},
    )
    @action(detail=True, methods=["post"])
    def subsidies(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            s.SubsidyApplySerializer,
            lambda p, d: placement_services.subsidy_apply(placement=p, actor=self.user, **d),
        )

    @extend_schema(
        summary=("Move a subsidy on: applied, granted, paid (or refused)"),
        request=s.SubsidyAdvanceSerializer,
        responses={200: s.PlacementSerializer},
    )
    @action(detail=True, methods=["post"], url_path="subsidy-advance")
    def subsidy_advance(self, request: Request, pk: str) -> Response:
        def perform(placement: Placement, data: dict[str, Any]) -> None:
            subsidy = Subsidy.objects.filter(pk=data["subsidy"], placement=placement).first()
            if subsidy is None:
                raise drf_serializers.ValidationError(
                    {"subsidy": [_("The placement has no such subsidy.")]}
                )
            placement_services.subsidy_advance(
                subsidy=subsidy, actor=self.user, to=data["to"], on=data["on"]
            )

        return self._act(request, s.SubsidyAdvanceSerializer, perform)


# --- Intention agreements ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Intention agreements of cases you may read")),
    retrieve=extend_schema(summary=("One intention agreement, with its versions")),
)
class AgreementViewSet(PersonViewSet):
    queryset = Agreement.objects.none()
    serializer_class = s.AgreementSerializer
    filterset_class = AgreementFilter
    http_method_names = ["get", "head", "post", "patch"]

    def scoped(self, action: CaseAction) -> QuerySet[Agreement]:
        versions = AgreementVersion.objects.order_by("number").prefetch_related(
            Prefetch("approvals", queryset=Approval.objects.order_by("approved_at", "pk"))
        )
        return (
            Agreement.objects.filter(case__in=cases_for(self.user, action))
            .select_related("case")
            .prefetch_related(Prefetch("versions", queryset=versions))
            .order_by("-created_at", "-pk")
        )

    def person_of(self, obj: Agreement) -> tuple[int, int | None]:
        return obj.case.participant_id, obj.case_id

    @extend_schema(
        summary=("Draft an intention agreement for a placement"),
        request=s.AgreementCreateSerializer,
        responses={201: s.AgreementSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = s.AgreementCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        placement = data.pop("placement")
        agreement = agreement_services.agreement_create(
            case=placement.case, placement=placement, actor=self.user, **data
        )
        return self.answer(agreement, status.HTTP_201_CREATED)

    def _version(self, agreement: Agreement, version_id: Any) -> AgreementVersion:
        version = agreement.versions.filter(pk=version_id).first()
        if version is None:
            raise drf_serializers.ValidationError(
                {"version": [_("The agreement has no such version.")]}
            )
        return version

    @extend_schema(
        summary=("Change a version nobody has approved"),
        request=s.VersionUpdateSerializer,
        responses={200: s.AgreementSerializer},
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"versions/(?P<version_id>[0-9]+)",
        url_name="version",
    )
    def version(self, request: Request, pk: str, version_id: str) -> Response:
        agreement = self.get_for(CaseAction.CHANGE)
        version = agreement.versions.filter(pk=version_id).first()
        if version is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        serializer = s.VersionUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        agreement_services.version_update(
            version=version, actor=self.user, **serializer.validated_data
        )
        return self.answer(agreement)

    @extend_schema(
        summary=("Record a party's approval"),
        request={
            "application/json": s.ApproveSerializer,
            "multipart/form-data": s.ApproveSerializer,
        },
        responses={200: s.AgreementSerializer},
        description=(
            "NAV approves with JSON. The employer's and the participant's approvals need the "
            "signed agreement as evidence: send those as multipart/form-data with the file."
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def approve(self, request: Request, pk: str) -> Response:
        agreement = self.get_for(CaseAction.CHANGE)
        serializer = s.ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agreement_services.approval_record(
            version=self._version(agreement, data["version"]),
            actor=self.user,
            party=data["party"],
            signed_document=data["signed_document"],
        )
        return self.answer(agreement)

    @extend_schema(
        summary=("Withdraw an approval"),
        request=s.WithdrawApprovalSerializer,
        responses={200: s.AgreementSerializer},
    )
    @action(detail=True, methods=["post"], url_path="withdraw-approval")
    def withdraw_approval(self, request: Request, pk: str) -> Response:
        agreement = self.get_for(CaseAction.CHANGE)
        serializer = s.WithdrawApprovalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approval = Approval.objects.filter(
            pk=serializer.validated_data["approval"], version__agreement=agreement
        ).first()
        if approval is None:
            raise drf_serializers.ValidationError(
                {"approval": [_("The agreement has no such approval.")]}
            )
        agreement_services.approval_withdraw(approval=approval, actor=self.user)
        return self.answer(agreement)

    @extend_schema(
        summary=("Change an agreement in force: a new version to approve"),
        request=s.NewVersionSerializer,
        responses={200: s.AgreementSerializer},
        description=("An extension needs an evaluation at the workplace first."),
    )
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str) -> Response:
        agreement = self.get_for(CaseAction.CHANGE)
        serializer = s.NewVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement_services.agreement_new_version(
            agreement=agreement, actor=self.user, **serializer.validated_data
        )
        return self.answer(agreement)

    @extend_schema(
        summary=("End an agreement in force, with its outcome"),
        request=s.EndAgreementSerializer,
        responses={200: s.AgreementSerializer},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        agreement = self.get_for(CaseAction.CHANGE)
        serializer = s.EndAgreementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement_services.agreement_end(
            agreement=agreement, actor=self.user, **serializer.validated_data
        )
        return self.answer(agreement)


# --- Mentors ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Workplace mentors of cases you may read")),
    retrieve=extend_schema(summary=("One mentor assignment")),
)
class MentorViewSet(PersonViewSet):
    queryset = MentorAssignment.objects.none()
    serializer_class = s.MentorSerializer
    filterset_class = MentorFilter

    def scoped(self, action: CaseAction) -> QuerySet[MentorAssignment]:
        return (
            MentorAssignment.objects.filter(placement__case__in=cases_for(self.user, action))
            .select_related("placement__case")
            .prefetch_related("meetings")
            .order_by("-start_on", "-pk")
        )

    def person_of(self, obj: MentorAssignment) -> tuple[int, int | None]:
        return obj.placement.case.participant_id, obj.placement.case_id

    @extend_schema(
        summary=("Propose a mentor for a placement"),
        request=s.MentorCreateSerializer,
        responses={201: s.MentorSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = s.MentorCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        mentor = mentor_services.mentor_propose(
            placement=data.pop("placement"), actor=self.user, **data
        )
        return self.answer(mentor, status.HTTP_201_CREATED)

    @extend_schema(
        summary=("The mentor starts"),
        request=s.MentorActivateSerializer,
        responses={200: s.MentorSerializer},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str) -> Response:
        mentor = self.get_for(CaseAction.CHANGE)
        serializer = s.MentorActivateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mentor_services.mentor_activate(
            assignment=mentor, actor=self.user, on=serializer.validated_data["on"]
        )
        return self.answer(mentor)

    @extend_schema(
        summary=("End a mentor assignment (with a successor when another takes over)"),
        request=s.MentorEndSerializer,
        responses={200: s.MentorSerializer},
        description=("With new_name, the new mentor is proposed and the answer is theirs."),
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        mentor = self.get_for(CaseAction.CHANGE)
        serializer = s.MentorEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        successor = None
        if data["new_name"].strip():
            successor = {"name": data["new_name"], "role": data["new_role"], "start_on": data["on"]}
        new = mentor_services.mentor_end(
            assignment=mentor,
            actor=self.user,
            on=data["on"],
            reason=data["reason"],
            note=data["note"],
            successor=successor,
        )
        return self.answer(new or mentor)

    @extend_schema(
        summary=("Record a meeting"),
        request=s.MeetingCreateSerializer,
        responses={200: s.MentorSerializer},
    )
    @action(detail=True, methods=["post"])
    def meetings(self, request: Request, pk: str) -> Response:
        mentor = self.get_for(CaseAction.CHANGE)
        serializer = s.MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mentor_services.mentor_meeting_record(
            assignment=mentor, actor=self.user, **serializer.validated_data
        )
        return self.answer(mentor)


# --- Checkpoints ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Follow-up checkpoints of cases you may read")),
    retrieve=extend_schema(summary=("One checkpoint")),
)
class CheckpointViewSet(PersonViewSet):
    queryset = Checkpoint.objects.none()
    serializer_class = s.CheckpointSerializer
    filterset_class = CheckpointFilter

    def scoped(self, action: CaseAction) -> QuerySet[Checkpoint]:
        return (
            Checkpoint.objects.filter(case__in=cases_for(self.user, action))
            .select_related("case", "outcome")
            .order_by("due_on", "pk")
        )

    def person_of(self, obj: Checkpoint) -> tuple[int, int | None]:
        return obj.case.participant_id, obj.case_id

    @extend_schema(
        summary=("Record that a checkpoint is done"),
        request=s.CheckpointCompleteSerializer,
        responses={200: s.CheckpointSerializer},
        description=(
            "A follow-up after discharge records the participant's situation (status); the "
            "last one closes the case."
        ),
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        checkpoint = self.get_for(CaseAction.CHANGE)
        serializer = s.CheckpointCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        after_discharge = checkpoint.kind == CheckpointKind.POST_DISCHARGE
        if after_discharge and not data.get("status"):
            raise drf_serializers.ValidationError(
                {"status": [_("Record the participant's situation.")]}
            )
        followup_services.checkpoint_complete(
            checkpoint=checkpoint,
            actor=self.user,
            on=data["on"],
            note=data["note"],
            status=dict(data["status"]) if after_discharge else None,
        )
        return self.answer(checkpoint)
