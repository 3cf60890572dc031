from __future__ import annotations

from celery import shared_task

from apps.followups.services import checkpoints_sweep, outbox_send


@shared_task
def sweep_checkpoints() -> int:
    return checkpoints_sweep()


@shared_task
def send_outbox() -> int:
    return outbox_send()
