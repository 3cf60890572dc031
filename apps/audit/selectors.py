from __future__ import annotations

import datetime

from django.db.models import QuerySet

from apps.audit.models import AccessLogEntry, UnusualReading
from apps.organisation.models import Role, User


def access_log_for_participant(participant_id: int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(participant_id=participant_id).order_by("-at", "-id")


def unusual_reading_for(user: User, *, since: datetime.date) -> QuerySet[UnusualReading]:
    """Unusual reading by the people this lead is responsible for (own teams, or the office)."""
    if user.role == Role.TEAM_LEAD:
        members = User.objects.filter(teams__in=user.team_ids).values("pk")
        return UnusualReading.objects.filter(day__gte=since, actor_id__in=members)
    if user.role == Role.OFFICE_HEAD and user.office_id is not None:
        return UnusualReading.objects.filter(day__gte=since, office_id=user.office_id)
    return UnusualReading.objects.none()
