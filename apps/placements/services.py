"""Placements: create, evaluate, extend, end; subsidies applied -> granted -> paid."""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import Case, CaseEvent, CaseEventKind
from apps.followups import services as followups
from apps.followups.models import CheckpointKind
from apps.organisation.models import User
from apps.placements.models import (
    PAID_KINDS,
    SUBSIDY_NEXT,
    Placement,
    PlacementEvaluation,
    Subsidy,
    SubsidyStatus,
)

# After hiring, follow up for at least a year (003 L1392).
AFTER_HIRING_MONTHS = (1, 3, 6, 12)


class PlacementError(Exception):
    """A refused change, with a message for the user."""


def _require(actor: User, case: Case) -> None:
    if not case_scope(actor, CaseAction.CHANGE).matches(case):
        raise PlacementError(_("You do not have access to change this case."))


def _event(case: Case, actor: User, kind: str, on: datetime.date, reason: str, **data: Any) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, kind=kind, occurred_on=on, reason=reason, data=data
    )


def placement_create(*, case: Case, actor: User, **fields: Any) -> Placement:
    """Start a placement. Side effects: a timeline event and the checkpoints it anchors: the first
    workplace evaluation within a month, the end of the placement, and a year of follow-up after
    hiring for paid work."""
    _require(actor, case)
    start: datetime.date = fields["start_on"]
    end: datetime.date | None = fields.get("end_on")
    if end is not None and end < start:
        raise PlacementError(_("The placement cannot end before it starts."))
    with transaction.atomic():
        placement = Placement.objects.create(case=case, created_by=actor, **fields)
        _event(
            case,
            actor,
            CaseEventKind.PLACEMENT_STARTED,
            start,
            str(placement),
            placement=placement.pk,
        )
        anchor: dict[str, Any] = {
            "case": case,
            "anchor_type": "placement",
            "anchor_id": placement.pk,
        }
        followups.checkpoint_create(
            **anchor,
            kind=CheckpointKind.WORKPLACE_EVALUATION,
            sequence=1,
            due_on=start + relativedelta(months=1),
        )
        if end is not None:
            followups.checkpoint_create(
                **anchor, kind=CheckpointKind.PLACEMENT_EXPIRY, sequence=1, due_on=end
            )
        if placement.kind in PAID_KINDS:
            for months in AFTER_HIRING_MONTHS:
                followups.checkpoint_create(
                    **anchor,
                    kind=CheckpointKind.AFTER_HIRING,
                    sequence=months,
                    due_on=start + relativedelta(months=months),
                )
    return placement


def placement_evaluate(
    *, placement: Placement, actor: User, held_on: datetime.date, summary: str
) -> PlacementEvaluation:
    """Record an evaluation at the workplace; it meets the first-evaluation checkpoint."""
    _require(actor, placement.case)
    if not summary.strip():
        raise PlacementError(_("Write what was agreed at the evaluation."))
    with transaction.atomic():
        evaluation = PlacementEvaluation.objects.create(
            placement=placement, held_on=held_on, summary=summary, recorded_by=actor
        )
        from apps.followups.models import Checkpoint, CheckpointStatus

        Checkpoint.objects.filter(
            case=placement.case,
            kind=CheckpointKind.WORKPLACE_EVALUATION,
            anchor_type="placement",
            anchor_id=placement.pk,
            status=CheckpointStatus.OPEN,
        ).update(status=CheckpointStatus.DONE, done_on=held_on, done_by=actor)
        _event(
            placement.case,
            actor,
            CaseEventKind.PLACEMENT_EVALUATED,
            held_on,
            str(placement.employer),
        )
    return evaluation


def placement_extend(*, placement: Placement, actor: User, new_end: datetime.date) -> Placement:
    """Extend a practice placement. Refused until an evaluation is recorded since the start or the
    last extension; a second extension raises a warning on the case (003 L373)."""
    with transaction.atomic():
        locked = Placement.objects.select_for_update().select_related("case").get(pk=placement.pk)
        _require(actor, locked.case)
        if locked.end_on is None or new_end <= locked.end_on:
            raise PlacementError(_("Choose an end date after the present one."))
        since = locked.last_extended_on or locked.start_on
        if not locked.evaluations.filter(held_on__gte=since).exists():
            raise PlacementError(
                _("Record an evaluation with the employer before extending the placement.")
            )
        today = timezone.localdate()
        locked.end_on = new_end
        locked.extensions += 1
        locked.last_extended_on = today
        locked.save(update_fields=["end_on", "extensions", "last_extended_on"])
        followups.checkpoint_create(
            case=locked.case,
            kind=CheckpointKind.PLACEMENT_EXPIRY,
            anchor_type="placement",
            anchor_id=locked.pk,
            sequence=locked.extensions + 1,
            due_on=new_end,
        )
        _event(
            locked.case,
            actor,
            CaseEventKind.PLACEMENT_EXTENDED,
            today,
            str(locked.employer),
            new_end=new_end.isoformat(),
        )
    return locked


def placement_end(
    *, placement: Placement, actor: User, on: datetime.date, reason: str = ""
) -> Placement:
    _require(actor, placement.case)
    if on < placement.start_on:
        raise PlacementError(_("The placement cannot end before it starts."))
    placement.ended_on = on
    placement.save(update_fields=["ended_on"])
    _event(
        placement.case, actor, CaseEventKind.PLACEMENT_ENDED, on, reason or str(placement.employer)
    )
    return placement


def subsidy_apply(
    *,
    placement: Placement,
    actor: User,
    kind: str,
    applied_on: datetime.date,
    rate_percent: int | None,
) -> Subsidy:
    _require(actor, placement.case)
    return Subsidy.objects.create(
        placement=placement, kind=kind, applied_on=applied_on, rate_percent=rate_percent
    )


def subsidy_advance(*, subsidy: Subsidy, actor: User, to: str, on: datetime.date) -> Subsidy:
    """applied -> granted -> paid (or applied -> refused); any other move is refused."""
    with transaction.atomic():
        locked = (
            Subsidy.objects.select_for_update().select_related("placement__case").get(pk=subsidy.pk)
        )
        _require(actor, locked.placement.case)
        if to not in SUBSIDY_NEXT.get(SubsidyStatus(locked.status), ()):
            raise PlacementError(
                _("A subsidy goes from applied to granted to paid, in that order.")
            )
        locked.status = to
        if to == SubsidyStatus.GRANTED:
            locked.granted_on = on
        if to == SubsidyStatus.PAID:
            locked.paid_on = on
        locked.save(update_fields=["status", "granted_on", "paid_on"])
    return locked
