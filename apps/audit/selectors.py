from __future__ import annotations

from django.db.models import QuerySet

from apps.audit.models import AccessLogEntry


def access_log_for_participant(participant_id: int) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(participant_id=participant_id).order_by("-at", "-id")
