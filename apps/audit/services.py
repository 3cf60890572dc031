"""Writing the access log, and the one way its rows may ever be removed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.models import AccessAction, AccessLogEntry, RetentionUnlock
from apps.organisation.models import User


def _entry(
    actor: User,
    action: str,
    path: str,
    participant_id: int,
    case_id: int | None,
    document_id: int | None,
    at: datetime.datetime,
) -> AccessLogEntry:
    return AccessLogEntry(
        at=at,
        actor_id=actor.pk,
        actor_username=actor.get_username(),
        actor_name=str(actor),
        actor_role=actor.role,
        actor_office_id=actor.office_id,
        participant_id=participant_id,
        case_id=case_id,
        document_id=document_id,
        action=action,
        path=path[:300],
    )


def access_record(
    *,
    request: HttpRequest,
    actor: User,
    participant_id: int,
    action: str,
    case_id: int | None = None,
    document_id: int | None = None,
) -> None:
    """One read of a participant, a case or a document. Side effects: one row, in the request's
    own transaction when there is one."""
    _entry(actor, action, request.path, participant_id, case_id, document_id, timezone.now()).save()


def access_record_many(
    *,
    request: HttpRequest,
    actor: User,
    rows: Iterable[tuple[int, int | None]],
    action: str = AccessAction.LIST,
) -> None:
    """Every participant (and case) a list showed, in one INSERT."""
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        [
            _entry(actor, action, request.path, participant_id, case_id, None, now)
            for participant_id, case_id in rows
        ]
    )


def access_log_purge(*, participant_ids: Iterable[int], before: datetime.datetime) -> int:
    """Delete the log rows about the given (anonymised) participants older than ``before``.

    The only code that may remove access-log rows: it unlocks the triggers for its own
    transaction only. Returns the number of rows deleted.
    """
    ids = list(participant_ids)
    with transaction.atomic():
        unlock = RetentionUnlock.objects.create()
        deleted, _ = AccessLogEntry.objects.filter(participant_id__in=ids, at__lt=before).delete()
        unlock.delete()
    return deleted


# Reads that open a person's record (a list showing names is not counted).
OPENING_ACTIONS = [
    AccessAction.VIEW_CASE,
    AccessAction.VIEW_PARTICIPANT,
    AccessAction.VIEW_DOCUMENT,
    AccessAction.EDIT,
    AccessAction.REVEAL_FNR,
    AccessAction.EXPORT,
    AccessAction.API,
]


def unusual_reading_summarise(*, day: datetime.date) -> int:
    """Record everyone who opened more distinct people's records on ``day`` than the threshold.

    Safe to run twice: one row per person and day. Returns the number of rows for the day.
    """
    from django.db.models import Count

    from apps.audit.models import UnusualReading

    threshold = settings.JOBBSPOR_UNUSUAL_READING_THRESHOLD
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    rows = (
        AccessLogEntry.objects.filter(
            at__gte=start, at__lt=start + datetime.timedelta(days=1), action__in=OPENING_ACTIONS
        )
        .values("actor_id", "actor_name", "actor_office_id")
        .annotate(distinct=Count("participant_id", distinct=True))
        .filter(distinct__gt=threshold)
    )
    for row in rows:
        UnusualReading.objects.update_or_create(
            day=day,
            actor_id=row["actor_id"],
            defaults={
                "actor_name": row["actor_name"],
                "office_id": row["actor_office_id"],
                "distinct_participants": row["distinct"],
                "threshold": threshold,
            },
        )
    return UnusualReading.objects.filter(day=day).count()
