from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from apps.audit.retention import retention_run
from apps.audit.services import unusual_reading_summarise


@shared_task
def run_retention() -> int:
    return retention_run()


@shared_task
def summarise_unusual_reading() -> int:
    return unusual_reading_summarise(day=timezone.localdate() - datetime.timedelta(days=1))
