"""The Celery application and every periodic schedule, declared here in code.

django-celery-beat's DatabaseScheduler copies ``beat_schedule`` into its tables at start-up, so the
schedule is reviewed in code and beat's own bookkeeping (last run) survives a restart. Exactly one
beat process runs (see docker/compose.yaml and the Procfile).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("jobbspor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


app.conf.beat_schedule = {
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
    # Proves that beat is alive and a worker takes its tasks: /healthz reads the row it writes.
    "beat-heartbeat": {
        "task": "apps.health.tasks.record_heartbeat",
        "schedule": 60.0,
    },
}
