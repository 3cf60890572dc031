"""The Celery application and every periodic schedule, declared here in code.

django-celery-beat's DatabaseScheduler copies ``beat_schedule`` into its tables at start-up, so the
schedule is reviewed in code and beat's own bookkeeping (last run) survives a restart. Exactly one
beat process runs (see docker/compose.yaml and the Procfile).
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class JobbsporTask(Task):
    def apply_async(  # type: ignore[override]
        self, args: Any = None, kwargs: Any = None, **options: Any
    ) -> Any:
        if _too_far(eta=options.get("eta"), countdown=options.get("countdown")):
            raise ValueError(
                f"{self.name}: an eta or countdown over an hour is refused; "
                "use a row with a due date."
            )
        return super().apply_async(args, kwargs, **options)


app = Celery("jobbspor", task_cls=JobbsporTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


app.conf.beat_schedule = {
    # Notify what is due and escalate what is a week overdue; rows, not delayed messages.
    "sweep-checkpoints": {
        "task": "apps.followups.tasks.sweep_checkpoints",
        "schedule": 300.0,
    },
    # The e-mail outbox: at least once, always with the same Message-ID.
    "send-outbox": {
        "task": "apps.followups.tasks.send_outbox",
        "schedule": 60.0,
    },
    # Anonymise participants whose last case ended more than JOBBSPOR_RETENTION_YEARS ago.
    "retention": {
        "task": "apps.audit.tasks.run_retention",
        "schedule": crontab(hour=3, minute=0),
    },
    # Yesterday's unusual reading, ready for the team leads in the morning.
    "unusual-reading": {
        "task": "apps.audit.tasks.summarise_unusual_reading",
        "schedule": crontab(hour=5, minute=30),
    },
    # The half-yearly forms: on 1 January and 1 July at 01:00 (Oslo), the drafts for the
    # half-year just ended, one per office.
    "halfyear-forms": {
        "task": "apps.halfyear.tasks.create_halfyear_forms",
        "schedule": crontab(minute=0, hour=1, day_of_month=1, month_of_year="1,7"),
    },
    # Proves that beat is alive and a worker takes its tasks: /healthz reads the row it writes.
    "beat-heartbeat": {
        "task": "apps.health.tasks.record_heartbeat",
        "schedule": 60.0,
    },
}


# Time-based work is rows with a due date (apps.followups), never a message that waits in the
# broker: Redis redelivers unacknowledged messages after its visibility timeout, so a countdown of
# months would run again and again. Two guards:
# - every task's apply_async refuses an eta or countdown over an hour (JobbsporTask, below);
# - before_task_publish records anything that still gets through (send_task, say). Celery logs and
#   swallows exceptions from signal handlers, so the test suite fails on a non-empty record
#   (tests/conftest.py) rather than relying on the exception.
MAX_DELAY = datetime.timedelta(hours=1)
LONG_DELAYS_PUBLISHED: list[str] = []


def _too_far(eta: Any = None, countdown: Any = None) -> bool:
    if countdown is not None and float(countdown) > MAX_DELAY.total_seconds():
        return True
    if eta is None:
        return False
    when = eta if isinstance(eta, datetime.datetime) else datetime.datetime.fromisoformat(str(eta))
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when - datetime.datetime.now(datetime.UTC) > MAX_DELAY


@before_task_publish.connect
def refuse_long_delays(
    sender: str | None = None, headers: dict[str, Any] | None = None, **kwargs: Any
) -> None:
    if _too_far(eta=(headers or {}).get("eta")):
        LONG_DELAYS_PUBLISHED.append(str(sender))
        raise ValueError(
            f"Task {sender} was published with an eta over an hour; use a row with a due date."
        )
