"""Cases for the half-yearly form's tests, built the way people build them: through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from apps.cases import services as cases
from apps.cases.models import Case
from apps.contacts.services import contact_log
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.followups.services import checkpoint_complete
from apps.halfyear.models import HalfYearForm
from apps.halfyear.periods import HalfYear
from apps.halfyear.services import form_create_for_office, row_complete
from apps.organisation.models import User
from apps.programmes.models import Programme
from tests.participants.factories import register

DAY = datetime.timedelta(days=1)
H1_2026 = HalfYear(2026, 1)


def start_case(owner: User, *, on: datetime.date, **participant: Any) -> Case:
    """A participant since ``on``: registered, referred ten days before, intake, then active."""
    referral = on - 10 * DAY
    case, _ = cases.case_refer(
        actor=owner,
        participant=register(owner, **participant),
        programme=Programme.objects.get(code="utvidet-oppfolging"),
        referral_date=referral,
    )
    case = cases.case_start_intake(case=case, actor=owner, on=referral + 2 * DAY)
    return cases.case_activate(case=case, actor=owner, on=on, intake_talk_date=referral + 2 * DAY)


def discharge(case: Case, owner: User, *, on: datetime.date, reason: str, **status: Any) -> Case:
    return cases.case_discharge(case=case, actor=owner, on=on, reason=reason, status=status)


def follow_up(case: Case, owner: User, *, months: int, **status: Any) -> Checkpoint:
    checkpoint = Checkpoint.objects.get(
        case=case, kind=CheckpointKind.POST_DISCHARGE, sequence=months, status=CheckpointStatus.OPEN
    )
    return checkpoint_complete(
        checkpoint=checkpoint, actor=owner, on=checkpoint.due_on, status=status
    )


def log(
    owner: User,
    case: Case | None,
    on: datetime.date,
    *,
    minutes: int,
    channel: str = "meeting",
    activity: str = "individual",
    with_whom: tuple[str, ...] = ("participant",),
) -> None:
    contact_log(
        actor=owner,
        case=case,
        occurred_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0))),
        channel=channel,
        place="nav_office" if channel == "meeting" else "none",
        with_whom=list(with_whom) if case is not None else [],
        initiative="specialist",
        duration_minutes=minutes,
        activity=activity,
    )


def complete_every_row(form: HalfYearForm, actor: User) -> None:
    """Answer every row ``actor`` may complete, as a specialist would."""
    for row in form.rows.all():
        row_complete(
            row=row,
            actor=actor,
            initiative="nav_adviser",
            practice_before="no",
            aap_granted_month=datetime.date(2025, 3, 1) if row.benefit == "aap" else None,
            follow_up_content=["conversations", "training"] if row.in_period else [],
        )


def h1_form(users: dict[str, User]) -> HalfYearForm:
    """spesialist's office's form for the first half of 2026, with two of spesialist's cases:
    one active through the half-year, one on AAP discharged in it."""
    spesialist = users["spesialist"]
    start_case(spesialist, on=datetime.date(2025, 11, 10), first_name="Aud", last_name="Aktiv")
    on_aap = start_case(
        spesialist,
        on=datetime.date(2026, 2, 2),
        first_name="Per",
        last_name="Utskrevet",
        benefit="aap",
    )
    discharge(
        on_aap,
        spesialist,
        on=datetime.date(2026, 5, 4),
        reason="work",
        in_work=True,
        work_hours_per_week=30,
    )
    return form_create_for_office(office=spesialist.office, half_year=H1_2026)
