"""Cases for reporting tests, built the way people build them: through the services."""

from __future__ import annotations

import datetime
from typing import Any

from apps.cases import services as cases
from apps.cases.models import Case
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.followups.services import checkpoint_complete
from apps.organisation.models import User
from apps.programmes.models import Programme
from tests.participants.factories import register

DAY = datetime.timedelta(days=1)


def start_case(
    owner: User,
    *,
    on: datetime.date,
    programme: str = "utvidet-oppfolging",
    referral_date: datetime.date | None = None,
    **participant: Any,
) -> Case:
    """A participant since ``on``: registered, referred, intake, then active."""
    referral_date = referral_date or on - 10 * DAY
    case, reopened = cases.case_refer(
        actor=owner,
        participant=register(owner, **participant),
        programme=Programme.objects.get(code=programme),
        referral_date=referral_date,
    )
    assert not reopened
    intake = referral_date + 2 * DAY
    case = cases.case_start_intake(case=case, actor=owner, on=intake)
    return cases.case_activate(case=case, actor=owner, on=on, intake_talk_date=intake)


def discharge(case: Case, owner: User, *, on: datetime.date, **status: Any) -> Case:
    """Discharge with the status flags given (none: not in work)."""
    reason = "work" if status.get("in_work") else "other"
    return cases.case_discharge(case=case, actor=owner, on=on, reason=reason, status=status)


def follow_up(
    case: Case, owner: User, *, months: int, on: datetime.date | None = None, **status: Any
) -> Checkpoint:
    """Record the status at the open follow-up ``months`` after the (current) discharge."""
    checkpoint = Checkpoint.objects.get(
        case=case,
        kind=CheckpointKind.POST_DISCHARGE,
        sequence=months,
        status=CheckpointStatus.OPEN,
    )
    return checkpoint_complete(
        checkpoint=checkpoint,
        actor=owner,
        on=on or checkpoint.due_on,
        status=status or {"job_seeker": True},
    )
