"""Every write to a case: referral, lifecycle transitions, stage moves, ownership.

Each service runs in one transaction, locks the case row first (``select_for_update``: two people
pressing the same button get one transition and one clear refusal), checks who is acting, and
writes the event row that the timeline and the reports read.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from apps.cases.access import CaseAction, case_scope
from apps.cases.documents import sniff_content_type
from apps.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseEventKind,
    CaseStageEvent,
    CaseStatus,
    CaseTransfer,
    OutcomeStatus,
    Stage,
    VocationalProfile,
)
from apps.cases.selectors import stage_on
from apps.followups import services as followups
from apps.organisation.models import Role, Team, User
from apps.participants.models import Participant, TransferRequest
from apps.programmes.models import Programme
from apps.programmes.selectors import programme_rules_in_force


class CaseError(Exception):
    """A refused action, with a message for the user in their language."""


def _require(actor: User, case: Case, action: CaseAction) -> None:
    if not case_scope(actor, action).matches(case):
        raise CaseError(_("You do not have access to change this case."))


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("rules").get(pk=case.pk)


def _event(case: Case, actor: User, kind: str, on: datetime.date, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=actor, kind=kind, occurred_on=on, **fields)


# --- Referral ---------------------------------------------------------------------------------


def case_refer(
    *,
    actor: User,
    participant: Participant,
    programme: Programme,
    referral_date: datetime.date,
    owner: User | None = None,
    referring_adviser: str = "",
    order_background: str = "",
    order_tried: str = "",
    order_goal: str = "",
) -> tuple[Case, bool]:
    """Refer a participant to a programme. Returns the case and whether it was reopened.

    A new referral within the programme's gap period after a discharge from the same programme
    continues that spell: the case is reopened (an event), not duplicated. Otherwise a new case is
    created at the owner's office and team, under the rules in force on the referral date, in
    stage 1. Side effects: the case, its events and its first stage row.
    """
    owner = owner or actor
    if owner.role != Role.SPECIALIST or owner.office is None:
        raise CaseError(_("A case must be owned by a job specialist."))
    team = owner.teams.filter(office=owner.office).order_by("pk").first()
    if team is None:
        raise CaseError(_("The job specialist belongs to no team."))
    if actor != owner and not (
        actor.role in (Role.TEAM_LEAD, Role.OFFICE_HEAD) and actor.office == owner.office
    ):
        raise CaseError(_("Only a team lead can refer a case to another job specialist."))
    rules = programme_rules_in_force(programme=programme, on=referral_date)
    if rules is None:
        raise CaseError(_("The programme has no rules in force on the referral date."))

    with transaction.atomic():
        earlier = (
            Case.objects.select_for_update(of=("self",))
            .select_related("rules")
            .filter(participant=participant, programme=programme, status=CaseStatus.DISCHARGED)
            .order_by("-end_date")
            .first()
        )
        within_gap = (
            earlier is not None
            and earlier.end_date is not None
            and referral_date <= earlier.end_date + relativedelta(months=earlier.rules.gap_months)
        )
        if earlier is not None and within_gap:
            # One spell continues: the case is reopened rather than duplicated.
            _require(actor, earlier, CaseAction.CHANGE)
            earlier.reopen()
            earlier.save()
            OutcomeStatus.objects.filter(
                case=earlier, at_discharge=True, superseded_on__isnull=True
            ).update(superseded_on=referral_date)
            _event(
                earlier,
                actor,
                CaseEventKind.REOPENED,
                referral_date,
                from_status=CaseStatus.DISCHARGED,
                to_status=CaseStatus.ACTIVE,
                reason=_("New referral within the gap period."),
            )
            followups.checkpoints_after_reopen(earlier, referral_date)
            return earlier, True

        case = Case.objects.create(
            participant=participant,
            programme=programme,
            rules=rules,
            office=owner.office,
            team=team,
            owner=owner,
            status=CaseStatus.REFERRED,
            referral_date=referral_date,
            age_at_referral=relativedelta(referral_date, participant.birth_date).years,
            referring_adviser=referring_adviser,
            order_background=order_background,
            order_tried=order_tried,
            order_goal=order_goal,
        )
        _event(case, actor, CaseEventKind.CREATED, referral_date, to_status=CaseStatus.REFERRED)
        CaseStageEvent.objects.create(
            case=case, stage=Stage.CONTACT, entered_on=referral_date, actor=actor
        )
        followups.checkpoints_after_referral(case)
    return case, False


# --- Lifecycle --------------------------------------------------------------------------------

REFUSED = {
    "start_intake": _("Only a referred case can go to intake."),
    "activate": _("Only a case in intake can become active."),
    "reject": _("Only a referred case or one in intake can be rejected."),
    "withdraw": _("Only a referred case or one in intake can be withdrawn."),
    "pause": _("Only an active case in a programme that allows pauses can be paused."),
    "resume": _("Only a paused case can be resumed."),
    "discharge": _("Only an active or paused case can be discharged."),
    "close": _("Only a discharged case can be closed."),
}


def _transition(
    case: Case,
    actor: User,
    name: str,
    on: datetime.date,
    *,
    event_reason: str = "",
    before: Callable[[Case], None] | None = None,
    after: Callable[[Case, CaseEvent], object] | None = None,
    args: dict[str, Any] | None = None,
) -> Case:
    """Lock the case, check the actor and the move, run ``before``, move, record the event, and
    run ``after`` (the follow-up checkpoints) in the same transaction."""
    with transaction.atomic():
        locked = _locked(case)
        _require(actor, locked, CaseAction.CHANGE)
        method = getattr(locked, name)
        if not can_proceed(method):
            if locked.status == CaseStatus.DISCHARGED and name == "discharge":
                raise CaseError(_("The case has already been discharged."))
            raise CaseError(str(REFUSED[name]))
        if before is not None:
            before(locked)
        from_status = locked.status
        method(**(args or {}))
        locked.save()
        event = _event(
            locked,
            actor,
            CaseEventKind.STATUS,
            on,
            from_status=from_status,
            to_status=locked.status,
            reason=event_reason,
        )
        if after is not None:
            after(locked, event)
    return locked


def _not_before(earliest: datetime.date | None, on: datetime.date, what: str) -> None:
    if earliest is not None and on < earliest:
        raise CaseError(what)


def case_start_intake(*, case: Case, actor: User, on: datetime.date) -> Case:
    """Referred -> intake: the person is now a candidate (candidate since ``on``)."""
    _not_before(case.referral_date, on, _("Intake cannot start before the referral date."))
    return _transition(case, actor, "start_intake", on, args={"on": on})


def case_activate(
    *, case: Case, actor: User, on: datetime.date, intake_talk_date: datetime.date
) -> Case:
    """Intake -> active: participant since ``on``; the intake talk must have taken place."""
    _not_before(
        case.referral_date, intake_talk_date, _("The intake talk cannot be before the referral.")
    )
    _not_before(intake_talk_date, on, _("A case cannot become active before the intake talk."))

    def record_talk(locked: Case) -> None:
        locked.intake_talk_date = intake_talk_date

    return _transition(
        case,
        actor,
        "activate",
        on,
        before=record_talk,
        args={"on": on},
        after=lambda locked, event: followups.checkpoints_after_activation(locked, on),
    )


def case_reject(*, case: Case, actor: User, on: datetime.date, reason: str) -> Case:
    """Referred or intake -> rejected (not in the target group), with the reason given back."""
    if not reason.strip():
        raise CaseError(_("Give the reason the referral is rejected."))
    return _transition(
        case,
        actor,
        "reject",
        on,
        event_reason=reason,
        args={"on": on, "reason": reason},
        after=lambda locked, event: followups.checkpoints_after_ending(locked, on),
    )


def case_withdraw(*, case: Case, actor: User, on: datetime.date, reason: str) -> Case:
    """Referred or intake -> withdrawn (no-show, moved)."""
    if not reason.strip():
        raise CaseError(_("Give the reason the case is withdrawn."))
    return _transition(
        case,
        actor,
        "withdraw",
        on,
        event_reason=reason,
        args={"on": on, "reason": reason},
        after=lambda locked, event: followups.checkpoints_after_ending(locked, on),
    )


def case_pause(*, case: Case, actor: User, on: datetime.date, reason: str) -> Case:
    if not reason.strip():
        raise CaseError(_("Give the reason for the pause."))
    return _transition(case, actor, "pause", on, event_reason=reason)


def case_resume(*, case: Case, actor: User, on: datetime.date) -> Case:
    return _transition(case, actor, "resume", on)


def case_discharge(
    *,
    case: Case,
    actor: User,
    on: datetime.date,
    reason: str,
    status: dict[str, Any],
    note: str = "",
) -> Case:
    """Active or paused -> discharged, with the end reason and the status at discharge.

    Side effects: the case, its status event, and one OutcomeStatus row (at_discharge). The
    follow-up checkpoints after discharge are created by apps.followups when it exists.
    """
    _not_before(
        case.participant_since, on, _("A case cannot be discharged before it became active.")
    )

    def record_status(locked: Case) -> None:
        OutcomeStatus.objects.create(
            case=locked, recorded_on=on, at_discharge=True, recorded_by=actor, **status
        )

    return _transition(
        case,
        actor,
        "discharge",
        on,
        event_reason=note,
        before=record_status,
        after=lambda locked, event: followups.checkpoints_after_discharge(locked, event.pk, on),
        args={"on": on, "reason": reason},
    )


def case_close(*, case: Case, actor: User, on: datetime.date) -> Case:
    """Discharged -> closed, when the last follow-up after discharge is done (apps.followups)."""
    return _transition(case, actor, "close", on)


# --- The five stages --------------------------------------------------------------------------


def case_move_stage(
    *, case: Case, actor: User, stage: int, on: datetime.date, reason: str = ""
) -> CaseStageEvent:
    """Move the case to ``stage`` from ``on``. Every move is allowed (003 L208); going back or
    skipping a stage needs a reason. Side effects: one stage row."""
    if stage not in Stage.values:
        raise CaseError(_("Choose a stage from 1 to 5."))
    with transaction.atomic():
        locked = _locked(case)
        _require(actor, locked, CaseAction.CHANGE)
        if locked.status not in (
            CaseStatus.REFERRED,
            CaseStatus.INTAKE,
            CaseStatus.ACTIVE,
            CaseStatus.PAUSED,
        ):
            raise CaseError(_("The stage of a closed case cannot change."))
        _not_before(locked.referral_date, on, _("A stage cannot start before the referral."))
        current = stage_on(locked, on)
        if current == stage:
            raise CaseError(_("The case is already in that stage."))
        if current is not None and (stage < current or stage > current + 1) and not reason.strip():
            raise CaseError(_("Give a reason when the case goes back or skips a stage."))
        return CaseStageEvent.objects.create(
            case=locked, stage=stage, from_stage=current, entered_on=on, actor=actor, reason=reason
        )


# --- The order, the profile and documents -----------------------------------------------------


def case_update_order(*, case: Case, actor: User, **fields: Any) -> Case:
    allowed = {
        "referring_adviser",
        "order_background",
        "order_tried",
        "order_goal",
        "three_way_meeting_date",
    }
    if set(fields) - allowed:
        raise ValueError(f"Not editable here: {sorted(set(fields) - allowed)}")
    with transaction.atomic():
        locked = _locked(case)
        _require(actor, locked, CaseAction.CHANGE)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
    return locked


def vocational_profile_save(*, case: Case, actor: User, **fields: str) -> VocationalProfile:
    _require(actor, case, CaseAction.CHANGE)
    profile, _created = VocationalProfile.objects.update_or_create(
        case=case, defaults={**fields, "updated_by": actor}
    )
    return profile


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def case_add_document(*, case: Case, actor: User, kind: str, upload: UploadedFile) -> CaseDocument:
    """Attach a document to the referral. Refused unless it is a PDF, an image or a Word file by
    its content (not its name), and at most 10 MB. Side effects: a file in private storage."""
    _require(actor, case, CaseAction.CHANGE)
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise CaseError(_("The file is larger than 10 MB."))
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise CaseError(_("Upload a PDF, a Word document or a picture (JPEG or PNG)."))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CaseDocument.objects.create(
        case=case,
        kind=kind,
        file=upload,
        original_name=(upload.name or "dokument")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )


# --- Ownership --------------------------------------------------------------------------------


def _leads(actor: User, team: Team) -> bool:
    if actor.role == Role.TEAM_LEAD:
        return team.pk in actor.team_ids
    return actor.role == Role.OFFICE_HEAD and actor.office_id == team.office_id


def case_reassign(*, case: Case, actor: User, new_owner: User, reason: str = "") -> Case:
    """Give the case to another specialist at the same office (the team lead's decision)."""
    with transaction.atomic():
        locked = _locked(case)
        if not _leads(actor, locked.team):
            raise CaseError(_("Only the team lead can give a case to another job specialist."))
        if (
            new_owner.role != Role.SPECIALIST
            or new_owner.office_id != locked.office_id
            or not new_owner.is_active
        ):
            raise CaseError(_("Choose an active job specialist at the same office."))
        if new_owner.pk == locked.owner_id:
            raise CaseError(_("The case already belongs to that job specialist."))
        team = new_owner.teams.filter(office_id=locked.office_id).order_by("pk").first()
        if team is None:
            raise CaseError(_("The job specialist belongs to no team."))
        previous = locked.owner_id
        locked.owner = new_owner
        locked.team = team
        if locked.co_owner_id == new_owner.pk:
            locked.co_owner = None
        locked.save(update_fields=["owner", "team", "co_owner"])
        _event(
            locked,
            actor,
            CaseEventKind.REASSIGNED,
            timezone.localdate(),
            reason=reason,
            data={"from_owner": previous, "to_owner": new_owner.pk},
        )
    return locked


def case_request_transfer(*, case: Case, actor: User, to_team: Team, reason: str) -> CaseTransfer:
    """Ask another office to take the case over; its team lead accepts or declines."""
    if not reason.strip():
        raise CaseError(_("Give the reason for the transfer."))
    with transaction.atomic():
        locked = _locked(case)
        _require(actor, locked, CaseAction.CHANGE)
        if locked.status not in OPEN:
            raise CaseError(_("Only an open case can move to another office."))
        if to_team.office_id == locked.office_id:
            raise CaseError(
                _("Choose a team at another office; within the office, reassign the case.")
            )
        if locked.transfers.filter(decided_at__isnull=True).exists():
            raise CaseError(_("A transfer of this case is already waiting."))
        transfer = CaseTransfer.objects.create(
            case=locked,
            from_office_id=locked.office_id,
            to_team=to_team,
            requested_by=actor,
            reason=reason,
        )
        # A request from the receiving office about this person is answered by this transfer.
        TransferRequest.objects.filter(
            participant_id=locked.participant_id,
            requesting_office_id=to_team.office_id,
            handled_at__isnull=True,
        ).update(handled_at=timezone.now())
        _event(
            locked,
            actor,
            CaseEventKind.TRANSFER_REQUESTED,
            timezone.localdate(),
            reason=reason,
            data={"to_office": to_team.office_id},
        )
    return transfer


OPEN = (CaseStatus.REFERRED, CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.PAUSED)


def case_decide_transfer(
    *, transfer: CaseTransfer, actor: User, accept: bool, new_owner: User | None = None
) -> CaseTransfer:
    """The receiving team lead accepts (naming the new owner) or declines a transfer."""
    with transaction.atomic():
        locked = (
            CaseTransfer.objects.select_for_update().select_related("to_team").get(pk=transfer.pk)
        )
        if locked.decided_at is not None:
            raise CaseError(_("This transfer has already been decided."))
        if not _leads(actor, locked.to_team):
            raise CaseError(_("Only the receiving team lead can decide on a transfer."))
        case = _locked(locked.case)
        now = timezone.now()
        locked.decided_by, locked.decided_at, locked.accepted = actor, now, accept
        if accept:
            if (
                new_owner is None
                or new_owner.role != Role.SPECIALIST
                or not new_owner.teams.filter(pk=locked.to_team_id).exists()
            ):
                raise CaseError(_("Choose a job specialist in the receiving team."))
            previous = {"from_office": case.office_id, "from_owner": case.owner_id}
            case.office_id = locked.to_team.office_id
            case.team = locked.to_team
            case.owner = new_owner
            case.co_owner = None
            case.save(update_fields=["office", "team", "owner", "co_owner"])
            _event(
                case,
                actor,
                CaseEventKind.TRANSFERRED,
                timezone.localdate(),
                data={**previous, "to_owner": new_owner.pk},
            )
        else:
            _event(case, actor, CaseEventKind.TRANSFER_DECLINED, timezone.localdate())
        locked.save(update_fields=["decided_by", "decided_at", "accepted"])
    return locked
