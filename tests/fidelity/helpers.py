"""Data for the fidelity tests, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from apps.contacts.models import Contact
from apps.contacts.services import contact_log
from apps.dashboards.selectors import Period
from apps.fidelity.metrics import Scope, scope_for
from apps.organisation.models import User
from tests.agreements.factories import employer


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def log(
    actor: User,
    day: datetime.date,
    *,
    case: Any = None,
    channel: str = "meeting",
    place: str = "workplace",
    with_employer: bool = True,
) -> Contact:
    return contact_log(
        actor=actor,
        case=case,
        occurred_at=at(day),
        channel=channel,
        place=place,
        with_whom=["employer"] if with_employer else ["participant"],
        initiative="specialist",
        duration_minutes=30,
        activity="employer" if with_employer else "individual",
        employer=employer(actor) if with_employer else None,
    )


def team_scope(world: Any, first: datetime.date, last: datetime.date) -> Scope:
    return scope_for(user=world.user("teamleder"), team=world.home_team, period=Period(first, last))
