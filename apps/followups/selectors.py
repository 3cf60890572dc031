from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from apps.cases.selectors import cases_visible_to
from apps.followups.models import Checkpoint, CheckpointStatus, Notification
from apps.organisation.models import User

AHEAD = datetime.timedelta(days=14)


@dataclass(frozen=True)
class DueList:
    overdue: list[Checkpoint]
    today: list[Checkpoint]
    upcoming: list[Checkpoint]


def checkpoints_for(user: User) -> QuerySet[Checkpoint]:
    """Open checkpoints on the cases the user owns or co-owns (and may read)."""
    return Checkpoint.objects.filter(
        Q(case__owner=user) | Q(case__co_owner=user),
        case__in=cases_visible_to(user),
        status=CheckpointStatus.OPEN,
    ).select_related("case__participant", "case__programme")


def due_list(user: User, today: datetime.date) -> DueList:
    """Til oppfølging: overdue, due today, and due in the next 14 days, in one query."""
    rows = list(checkpoints_for(user).filter(due_on__lte=today + AHEAD).order_by("due_on", "id"))
    return DueList(
        overdue=[c for c in rows if c.due_on < today],
        today=[c for c in rows if c.due_on == today],
        upcoming=[c for c in rows if c.due_on > today],
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related(
        "checkpoint__case__participant", "checkpoint__case__programme"
    )[:100]
