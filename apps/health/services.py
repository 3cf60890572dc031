from __future__ import annotations

from django.utils import timezone

from apps.health.models import Heartbeat

BEAT = "beat"


def heartbeat_record(*, name: str = BEAT) -> Heartbeat:
    """Write ``now`` as the named heartbeat. Side effects: one row upserted."""
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )
    return heartbeat
