"""Participants, cases and contacts: the person side of the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from apps.api import serializers as s
from apps.api.filters import CaseFilter, ContactFilter, ParticipantFilter
from apps.api.permissions import PersonDataRole, SpecialistRole
from apps.api.views.base import PersonViewSet
from apps.audit.models import AccessAction
from apps.cases import services as case_services
from apps.cases.access import CaseAction
from apps.cases.models import Case
from apps.cases.selectors import cases_for, cases_visible_to, with_worklist_facts
from apps.contacts import services as contact_services
from apps.contacts.models import Contact
from apps.organisation.models import Role
from apps.participants import services as participant_services
from apps.participants.models import Consent, Participant
from apps.participants.selectors import (
    Found,
    participant_lookup,
    participants_changeable_by,
    participants_visible_to,
)

# --- Participants -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Participants you may read")),
    retrieve=extend_schema(summary=("One participant")),
)
class ParticipantViewSet(PersonViewSet):
    """Participants with at least one case you may read; there is no other way in."""

    queryset = Participant.objects.none()
    serializer_class = s.ParticipantSerializer
    filterset_class = ParticipantFilter
    http_method_names = ["get", "head", "post", "patch"]

    def get_permissions(self) -> Sequence[BasePermission]:
        if self.action == "create":
            return [SpecialistRole()]
        return [PersonDataRole()]

    def scoped(self, action: CaseAction) -> QuerySet[Participant]:
        participants = (
            participants_visible_to(self.user)
            if action == CaseAction.VIEW
            else participants_changeable_by(self.user)
        )
        return participants.prefetch_related(
            Prefetch("consents", queryset=Consent.objects.order_by("-given_on", "-id"))
        ).order_by("last_name", "first_name", "pk")

    def person_of(self, obj: Participant) -> tuple[int, int | None]:
        return obj.pk, None

    def context_for(self, objects: Sequence[Participant]) -> dict[str, Any]:
        ids = [p.pk for p in objects]
        visible: dict[int, list[int]] = {}
        for participant_id, case_id in (
            cases_visible_to(self.user)
            .filter(participant_id__in=ids)
            .order_by("-referral_date", "-pk")
            .values_list("participant_id", "pk")
        ):
            visible.setdefault(participant_id, []).append(case_id)
        # The owners of every case of the person (as the page): they see a protected address.
        owners: dict[int, set[int]] = {}
        for participant_id, owner_id, co_owner_id in Case.objects.filter(
            participant_id__in=ids
        ).values_list("participant_id", "owner_id", "co_owner_id"):
            owners.setdefault(participant_id, set()).update({owner_id, co_owner_id})
        return {"visible_cases": visible, "owners": owners}

    @extend_schema(
        summary=("Register a participant and refer them"),
        request=s.ParticipantRegisterSerializer,
        responses={201: s.ParticipantSerializer},
        description=(
            "Job specialists only. A number already registered answers 409: with the "
            "participant's id when you may read them, and without any detail otherwise."
        ),
    )
    @method_decorator(sensitive_variables("fnr", "data"))
    def create(self, request: Request) -> Response:
        serializer = s.ParticipantRegisterSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fnr = data["fnr"]
        lookup = participant_lookup(user=self.user, fnr=fnr)
        if lookup.participant is not None:
            return self._known(lookup.found, lookup.participant)
        try:
            with transaction.atomic():
                participant = participant_services.participant_register(
                    actor=self.user,
                    fnr=fnr,
                    **{k: data[k] for k in ("first_name", "last_name", "birth_date", "gender")},
                    phone=data["phone"],
                )
                case_services.case_refer(
                    actor=self.user,
                    participant=participant,
                    programme=data["programme"],
                    referral_date=data["referral_date"],
                    **{
                        k: data[k]
                        for k in (
                            "referring_adviser",
                            "order_background",
                            "order_tried",
                            "order_goal",
                        )
                    },
                )
        except participant_services.AlreadyRegistered as known:
            # Someone registered the same number a moment ago.
            again = participant_lookup(user=self.user, fnr=fnr)
            return self._known(again.found, known.participant)
        return self.answer(participant, status.HTTP_201_CREATED)

    def _known(self, found: Found, participant: Participant) -> Response:
        if found == Found.VISIBLE:
            return Response(
                {
                    "detail": _("This person is already registered. Here is the participant."),
                    "participant": participant.pk,
                },
                status=status.HTTP_409_CONFLICT,
            )
        # Held where the caller may not look: say so, and nothing more (not even the id).
        return Response(
            {"detail": _("This person is already registered at another office or team.")},
            status=status.HTTP_409_CONFLICT,
        )

    @extend_schema(
        summary=("Change a participant"),
        request=s.ParticipantUpdateSerializer,
        responses={200: s.ParticipantSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        participant = self.get_for(CaseAction.CHANGE)
        serializer = s.ParticipantUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        participant_services.participant_update(
            participant=participant, actor=self.user, **serializer.validated_data
        )
        return self.answer(participant)

    @extend_schema(
        summary=("Find a participant by fødselsnummer"),
        request=s.FnrSearchSerializer,
        responses={200: s.FnrSearchResultSerializer},
        description=(
            "By POST only, so the number is never in a URL. Says only what you may know "
            "about where the person is."
        ),
    )
    @action(detail=False, methods=["post"])
    @method_decorator(sensitive_variables("serializer"))
    def search(self, request: Request) -> Response:
        serializer = s.FnrSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lookup = participant_lookup(user=self.user, fnr=serializer.validated_data["fnr"])
        if lookup.found == Found.VISIBLE and lookup.participant is not None:
            participant = self.scoped(CaseAction.VIEW).get(pk=lookup.participant.pk)
            self.log_read([participant], AccessAction.API)
            return Response(
                {"found": "visible", "participant": self.present([participant], many=False)}
            )
        found = lookup.found.value
        if lookup.participant is not None and self.user.role != Role.SPECIALIST:
            # As on the page: only a specialist (who may ask for a transfer) is told more.
            found = Found.NOT_FOUND.value
        return Response({"found": found, "participant": None})

    @extend_schema(
        summary=("Record a consent"),
        request=s.ConsentCreateSerializer,
        responses={201: s.ConsentSerializer},
    )
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: str) -> Response:
        participant = self.get_for(CaseAction.CHANGE)
        serializer = s.ConsentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = participant_services.consent_record(
            participant=participant, actor=self.user, **serializer.validated_data
        )
        self.log_read([participant], AccessAction.API)
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=("Withdraw a consent"),
        request=s.ConsentWithdrawSerializer,
        responses={200: s.ConsentSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"consents/(?P<consent_id>[0-9]+)/withdraw",
        url_name="consent-withdraw",
    )
    def consent_withdraw(self, request: Request, pk: str, consent_id: str) -> Response:
        participant = self.get_for(CaseAction.CHANGE)
        consent = participant.consents.filter(pk=consent_id).first()
        if consent is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        serializer = s.ConsentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = participant_services.consent_withdraw(
            consent=consent, actor=self.user, on=serializer.validated_data["on"]
        )
        self.log_read([participant], AccessAction.API)
        return Response(s.ConsentSerializer(consent).data)


# --- Cases --------------------------------------------------------------------------------------


def _transition(case: Case, actor: Any, data: dict[str, Any]) -> Case:
    name, on = data["transition"], data["on"]
    if name == "start_intake":
        return case_services.case_start_intake(case=case, actor=actor, on=on)
    if name == "activate":
        return case_services.case_activate(
            case=case, actor=actor, on=on, intake_talk_date=data["intake_talk_date"]
        )
    if name == "reject":
        return case_services.case_reject(case=case, actor=actor, on=on, reason=data["reason"])
    if name == "withdraw":
        return case_services.case_withdraw(case=case, actor=actor, on=on, reason=data["reason"])
    if name == "pause":
        return case_services.case_pause(case=case, actor=actor, on=on, reason=data["reason"])
    if name == "resume":
        return case_services.case_resume(case=case, actor=actor, on=on)
    assert name == "discharge"
    return case_services.case_discharge(
        case=case,
        actor=actor,
        on=on,
        reason=data["end_reason"],
        note=data["note"],
        status=dict(data["status"]),
    )


@extend_schema_view(
    list=extend_schema(summary=("Cases you may read")),
    retrieve=extend_schema(summary=("One case")),
)
class CaseViewSet(PersonViewSet):
    """Cases of your teams (and those you own or co-own); a lead's teams'; an office head's
    office's. Changes are for the owners, the team lead and the office head."""

    queryset = Case.objects.none()
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    http_method_names = ["get", "head", "post", "patch"]

    def scoped(self, action: CaseAction) -> QuerySet[Case]:
        return (
            with_worklist_facts(cases_for(self.user, action))
            .select_related("rules")
            .order_by("-referral_date", "-pk")
        )

    def person_of(self, obj: Case) -> tuple[int, int | None]:
        return obj.participant_id, obj.pk

    def context_for(self, objects: Sequence[Case]) -> dict[str, Any]:
        ids = [c.pk for c in objects]
        changeable = set(
            cases_for(self.user, CaseAction.CHANGE).filter(pk__in=ids).values_list("pk", flat=True)
        )
        return {"changeable": changeable}

    @extend_schema(
        summary=("Refer a registered participant to a programme"),
        request=s.CaseReferSerializer,
        responses={201: s.CaseSerializer},
        description=(
            "A new referral to the same programme within its gap period after a discharge "
            "reopens that case instead, and answers with it."
        ),
    )
    def create(self, request: Request) -> Response:
        serializer = s.CaseReferSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case, _reopened = case_services.case_refer(actor=self.user, **data)
        return self.answer(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary=("Change the referral's order"),
        request=s.CaseUpdateSerializer,
        responses={200: s.CaseSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        case = self.get_for(CaseAction.CHANGE)
        serializer = s.CaseUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data:
            case_services.case_update_order(case=case, actor=self.user, **serializer.validated_data)
        return self.answer(case)

    @extend_schema(
        summary=("Move the case through its lifecycle"),
        request=s.TransitionSerializer,
        responses={200: s.CaseSerializer},
        description=(
            "A move the case's status does not allow answers 409 with the reason; so does "
            "the second of two people pressing the same button."
        ),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        case = self.get_for(CaseAction.CHANGE)
        serializer = s.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer(_transition(case, self.user, serializer.validated_data))

    @extend_schema(
        summary=("Move the case to a stage"),
        request=s.StageMoveSerializer,
        responses={200: s.CaseSerializer},
        description=("Every move is allowed; going back or skipping a stage needs a reason."),
    )
    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: str) -> Response:
        case = self.get_for(CaseAction.CHANGE)
        serializer = s.StageMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case_services.case_move_stage(
            case=case,
            actor=self.user,
            stage=int(data["stage"]),
            on=data["on"],
            reason=data["reason"],
        )
        return self.answer(case)


# --- Contacts -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=("Contacts on cases you may read, and your own without a case")),
    retrieve=extend_schema(summary=("One contact")),
)
class ContactViewSet(PersonViewSet):
    queryset = Contact.objects.none()
    serializer_class = s.ContactSerializer
    filterset_class = ContactFilter
    http_method_names = ["get", "head", "post", "patch"]

    def scoped(self, action: CaseAction) -> QuerySet[Contact]:
        if action == CaseAction.CHANGE:
            # Only the author corrects a contact (as the page): anyone else gets 404.
            contacts = Contact.objects.filter(
                Q(case__in=cases_visible_to(self.user)) | Q(case__isnull=True),
                author=self.user,
            )
        else:
            contacts = Contact.objects.filter(
                Q(case__in=cases_visible_to(self.user)) | Q(case__isnull=True, author=self.user)
            )
        return contacts.select_related("author", "case").order_by("-occurred_at", "-pk")

    def person_of(self, obj: Contact) -> tuple[int, int | None] | None:
        return (obj.case.participant_id, obj.case_id) if obj.case is not None else None

    @extend_schema(
        summary=("Log a contact"),
        request=s.ContactCreateSerializer,
        responses={201: s.ContactSerializer},
    )
    def create(self, request: Request) -> Response:
        serializer = s.ContactCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        contact = contact_services.contact_log(actor=self.user, **serializer.validated_data)
        return self.answer(contact, status.HTTP_201_CREATED)

    @extend_schema(
        summary=("Correct your own contact"),
        request=s.ContactUpdateSerializer,
        responses={200: s.ContactSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        contact = self.get_for(CaseAction.CHANGE)
        serializer = s.ContactUpdateSerializer(
            data=request.data, partial=True, context={"contact": contact}
        )
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data:
            contact_services.contact_correct(
                contact=contact, actor=self.user, **serializer.validated_data
            )
        return self.answer(contact)
