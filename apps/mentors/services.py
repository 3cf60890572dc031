"""Workplace mentors: propose, start, meet, end (a change of mentor keeps the chain)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from apps.cases.access import CaseAction, case_scope
from apps.cases.models import CaseEvent, CaseEventKind
from apps.mentors.models import MentorAssignment, MentorEndReason, MentorMeeting
from apps.organisation.models import User
from apps.placements.models import Placement


class MentorError(Exception):
    """A refused change, with a message for the user."""


def _require(actor: User, placement: Placement) -> None:
    if not case_scope(actor, CaseAction.CHANGE).matches(placement.case):
        raise MentorError(_("You do not have access to change this case."))


def _event(
    assignment: MentorAssignment, actor: User, kind: str, on: datetime.date, reason: str = ""
) -> None:
    CaseEvent.objects.create(
        case=assignment.placement.case,
        actor=actor,
        kind=kind,
        occurred_on=on,
        reason=reason,
        data={"mentor": assignment.pk},
    )


def mentor_propose(
    *, placement: Placement, actor: User, replaces: MentorAssignment | None = None, **fields: Any
) -> MentorAssignment:
    """Propose a mentor for a placement (the employer chooses; we record)."""
    _require(actor, placement)
    months = fields.get("subsidy_months")
    if months is not None and months > 3:
        raise MentorError(_("A mentor subsidy runs for at most three months."))
    with transaction.atomic():
        assignment = MentorAssignment.objects.create(
            placement=placement, created_by=actor, replaces=replaces, **fields
        )
        _event(
            assignment, actor, CaseEventKind.MENTOR_ASSIGNED, assignment.start_on, assignment.name
        )
    return assignment


def mentor_activate(
    *, assignment: MentorAssignment, actor: User, on: datetime.date
) -> MentorAssignment:
    with transaction.atomic():
        locked = (
            MentorAssignment.objects.select_for_update()
            .select_related("placement__case")
            .get(pk=assignment.pk)
        )
        _require(actor, locked.placement)
        if not can_proceed(locked.activate):
            raise MentorError(_("Only a proposed mentor can start."))
        locked.activate()
        locked.start_on = on
        locked.save()
        _event(locked, actor, CaseEventKind.MENTOR_ACTIVE, on, locked.name)
    return locked


def mentor_end(
    *,
    assignment: MentorAssignment,
    actor: User,
    on: datetime.date,
    reason: str,
    note: str = "",
    successor: dict[str, Any] | None = None,
) -> MentorAssignment | None:
    """End a mentor assignment with the reason. With ``successor`` (a change of mentor) the new
    mentor is proposed in the same transaction, linked to the one it replaces; returns it."""
    with transaction.atomic():
        locked = (
            MentorAssignment.objects.select_for_update()
            .select_related("placement__case")
            .get(pk=assignment.pk)
        )
        _require(actor, locked.placement)
        if not can_proceed(locked.end):
            raise MentorError(_("This mentor assignment has already ended."))
        if reason not in MentorEndReason.values:
            raise MentorError(_("Choose why the assignment ended."))
        locked.end()
        locked.end_on, locked.end_reason, locked.end_note = on, reason, note
        locked.save()
        _event(locked, actor, CaseEventKind.MENTOR_ENDED, on, str(MentorEndReason(reason).label))
        if successor is not None:
            return mentor_propose(
                placement=locked.placement, actor=actor, replaces=locked, **successor
            )
    return None


def mentor_meeting_record(
    *, assignment: MentorAssignment, actor: User, kind: str, held_on: datetime.date, note: str = ""
) -> MentorMeeting:
    _require(actor, assignment.placement)
    return MentorMeeting.objects.create(
        assignment=assignment, kind=kind, held_on=held_on, note=note, recorded_by=actor
    )
