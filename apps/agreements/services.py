"""Intention agreements: drafting, approvals, versions, ending, and the PDF for signing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from apps.agreements.models import (
    Agreement,
    AgreementOutcome,
    AgreementStatus,
    AgreementVersion,
    Approval,
    Party,
    RenderedPdf,
)
from apps.cases.access import CaseAction, case_scope
from apps.cases.documents import sniff_content_type
from apps.cases.models import Case, CaseEvent, CaseEventKind
from apps.followups import services as followups
from apps.followups.models import CheckpointKind
from apps.organisation.models import User
from apps.placements.models import Placement

VERSION_FIELDS = (
    "start_on",
    "end_on",
    "work_percent",
    "tasks",
    "training_plan",
    "norwegian_tuition",
    "follow_up",
    "mentor_appointed",
    "mentor_name",
    "hiring_conditions",
)


class AgreementError(Exception):
    """A refused change, with a message for the user."""


def _require(actor: User, case: Case) -> None:
    if not case_scope(actor, CaseAction.CHANGE).matches(case):
        raise AgreementError(_("You do not have access to change this case."))


def _event(agreement: Agreement, actor: User, kind: str, reason: str = "", **data: Any) -> None:
    CaseEvent.objects.create(
        case=agreement.case,
        actor=actor,
        kind=kind,
        occurred_on=timezone.localdate(),
        reason=reason,
        data={"agreement": agreement.pk, **data},
    )


def is_locked(version: AgreementVersion) -> bool:
    """Locked once anyone has approved it, until every approval is withdrawn."""
    return version.approvals.filter(withdrawn_at__isnull=True).exists()


def _check_dates(fields: dict[str, Any]) -> None:
    if fields["end_on"] <= fields["start_on"]:
        raise AgreementError(_("The term must end after it starts."))
    if not 1 <= int(fields["work_percent"]) <= 100:
        raise AgreementError(_("Give the percentage of full time from 1 to 100."))


def agreement_create(*, case: Case, placement: Placement, actor: User, **fields: Any) -> Agreement:
    """Draft an agreement for a placement: version 1, not yet in force."""
    _require(actor, case)
    if placement.case_id != case.pk:
        raise AgreementError(_("The placement belongs to another case."))
    _check_dates(fields)
    with transaction.atomic():
        agreement = Agreement.objects.create(case=case, placement=placement, created_by=actor)
        AgreementVersion.objects.create(agreement=agreement, number=1, created_by=actor, **fields)
        _event(agreement, actor, CaseEventKind.AGREEMENT_CREATED, str(placement.employer))
    return agreement


def version_update(*, version: AgreementVersion, actor: User, **fields: Any) -> AgreementVersion:
    """Change a version's content; refused once anyone has approved it or it is in force."""
    with transaction.atomic():
        locked = (
            AgreementVersion.objects.select_for_update()
            .select_related("agreement__case")
            .get(pk=version.pk)
        )
        _require(actor, locked.agreement.case)
        if locked.in_force or is_locked(locked):
            raise AgreementError(
                _(
                    "The content is locked because someone has approved it. "
                    "Withdraw the approvals to change it."
                )
            )
        merged = {name: fields.get(name, getattr(locked, name)) for name in VERSION_FIELDS}
        _check_dates(merged)
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def approval_record(
    *,
    version: AgreementVersion,
    actor: User,
    party: str,
    signed_document: UploadedFile | None = None,
) -> Approval:
    """A party approves a version. The employer's and the participant's approvals are recorded by
    the specialist, with the signed document as evidence. When all three have approved, the
    version is in force. Side effects: the agreement's status, timeline events, the agreement's
    end-of-term checkpoint."""
    with transaction.atomic():
        locked = (
            AgreementVersion.objects.select_for_update()
            .select_related("agreement__case")
            .get(pk=version.pk)
        )
        agreement = Agreement.objects.select_for_update().get(pk=locked.agreement_id)
        _require(actor, agreement.case)
        if agreement.status == AgreementStatus.ENDED:
            raise AgreementError(_("The agreement has ended."))
        if locked.in_force:
            raise AgreementError(_("This version is already in force."))
        if locked.approvals.filter(party=party, withdrawn_at__isnull=True).exists():
            raise AgreementError(_("This party has already approved this version."))
        if party != Party.NAV:
            if signed_document is None:
                raise AgreementError(_("Upload the signed agreement as evidence of the approval."))
            if sniff_content_type(signed_document) is None:
                raise AgreementError(
                    _("Upload a PDF or a picture (JPEG or PNG) of the signed agreement.")
                )
        approval = Approval.objects.create(
            version=locked,
            party=party,
            approved_at=timezone.now(),
            recorded_by=actor,
            signed_document=signed_document or "",
        )
        if can_proceed(agreement.first_approval):
            agreement.first_approval()
        _event(
            agreement,
            actor,
            CaseEventKind.AGREEMENT_APPROVED,
            str(Party(party).label),
            version=locked.number,
        )
        parties = set(
            locked.approvals.filter(withdrawn_at__isnull=True).values_list("party", flat=True)
        )
        if parties == set(Party.values):
            AgreementVersion.objects.filter(agreement=agreement, in_force=True).update(
                in_force=False
            )
            locked.in_force = True
            locked.save(update_fields=["in_force"])
            if can_proceed(agreement.all_approved):
                agreement.all_approved()
            _event(agreement, actor, CaseEventKind.AGREEMENT_ACTIVE, "", version=locked.number)
            followups.checkpoint_create(
                case=agreement.case,
                kind=CheckpointKind.AGREEMENT_EXPIRY,
                anchor_type="agreement",
                anchor_id=agreement.pk,
                sequence=locked.number,
                due_on=locked.end_on,
            )
        agreement.save()
    return approval


def approval_withdraw(*, approval: Approval, actor: User) -> Approval:
    with transaction.atomic():
        locked = (
            Approval.objects.select_for_update()
            .select_related("version__agreement__case")
            .get(pk=approval.pk)
        )
        version = locked.version
        agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
        _require(actor, agreement.case)
        if version.in_force or locked.withdrawn_at is not None:
            raise AgreementError(_("An approval of a version in force cannot be withdrawn."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        if (
            not is_locked(version)
            and can_proceed(agreement.approvals_withdrawn)
            and version.number == 1
        ):
            agreement.approvals_withdrawn()
            agreement.save()
    return locked


def agreement_new_version(
    *, agreement: Agreement, actor: User, is_extension: bool, **changes: Any
) -> AgreementVersion:
    """Change an agreement in force: a new version for the parties to approve. An extension needs
    an evaluation at the workplace since the version in force began."""
    with transaction.atomic():
        locked = (
            Agreement.objects.select_for_update()
            .select_related("case", "placement")
            .get(pk=agreement.pk)
        )
        _require(actor, locked.case)
        if locked.status != AgreementStatus.ACTIVE:
            raise AgreementError(_("Only an agreement in force can be changed with a new version."))
        current = locked.versions.get(in_force=True)
        if locked.versions.filter(number__gt=current.number).exists():
            raise AgreementError(_("A new version is already waiting for approval."))
        if (
            is_extension
            and not locked.placement.evaluations.filter(held_on__gte=current.start_on).exists()
        ):
            raise AgreementError(
                _("Record an evaluation with the employer before extending the agreement.")
            )
        fields = {name: changes.get(name, getattr(current, name)) for name in VERSION_FIELDS}
        if is_extension and fields["end_on"] <= current.end_on:
            raise AgreementError(_("An extension must end after the present term."))
        _check_dates(fields)
        version = AgreementVersion.objects.create(
            agreement=locked,
            number=current.number + 1,
            is_extension=is_extension,
            created_by=actor,
            **fields,
        )
        _event(
            locked,
            actor,
            CaseEventKind.AGREEMENT_NEW_VERSION,
            _("Extension") if is_extension else "",
            version=version.number,
        )
    return version


def agreement_end(
    *, agreement: Agreement, actor: User, outcome: str, on: datetime.date, reason: str = ""
) -> Agreement:
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().select_related("case").get(pk=agreement.pk)
        _require(actor, locked.case)
        if not can_proceed(locked.end):
            raise AgreementError(_("Only an agreement in force can end."))
        if outcome == AgreementOutcome.ENDED_EARLY and not reason.strip():
            raise AgreementError(_("Give the reason the agreement ended early."))
        locked.end()
        locked.outcome, locked.outcome_reason, locked.ended_on = outcome, reason, on
        locked.save()
        _event(locked, actor, CaseEventKind.AGREEMENT_ENDED, str(AgreementOutcome(outcome).label))
    return locked


def pdf_request(*, version: AgreementVersion, actor: User) -> RenderedPdf:
    """Ask a worker to render the version as a PDF. Side effects: a row, and a task after commit."""
    from apps.agreements.tasks import render_agreement_pdf

    _require(actor, version.agreement.case)
    with transaction.atomic():
        pdf = RenderedPdf.objects.create(version=version, requested_by=actor)
        transaction.on_commit(lambda: render_agreement_pdf.delay(pdf.pk))
    return pdf
