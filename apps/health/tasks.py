from __future__ import annotations

from celery import shared_task

from apps.health.services import BEAT, heartbeat_record


@shared_task
def record_heartbeat(name: str = BEAT) -> None:
    """Beat sends this every minute; /healthz reads the row. Tests send it with their own name."""
    heartbeat_record(name=name)
