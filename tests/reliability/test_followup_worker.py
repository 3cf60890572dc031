"""A real Celery worker on a real Redis, killed with SIGKILL in the middle of its sweeps.

1,000 checkpoints are due. The test plays beat: it sends sweep tasks, and each time a sweep has
started (its SweepRun row exists, unfinished) it kills the worker's process with SIGKILL and starts
a new one. After at least five kills that landed mid-task (the SweepRun rows they left unfinished
prove it), the worker is left alone until everything is done. Every checkpoint must then have
exactly one notification and its e-mail sent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db.models import Count
from django.utils import timezone

from apps.followups.models import Checkpoint, Notification, OutboxEmail, SweepRun
from apps.organisation.demo import load_organisation
from tests import celery_worker
from tests.cases.factories import open_case
from tests.celery_worker import Worker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
BROKER = "redis://127.0.0.1:6379/13"  # this test's own broker database
CHECKPOINTS = 1000


def send(task: str) -> None:
    celery_worker.send(task, BROKER)


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    redis.Redis.from_url(BROKER).flushdb()
    w = Worker(tmp_path / "worker.log", BROKER)
    yield w
    w.stop()
    redis.Redis.from_url(BROKER).flushdb()


@pytest.fixture
def due_checkpoints(reference_data: None) -> list[int]:
    users = load_organisation()
    owner = users["spesialist"]
    owner.email = "sara@nav.invalid"
    owner.save()
    cases = [open_case(owner) for _ in range(10)]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Checkpoint.objects.bulk_create(
        Checkpoint(
            case=cases[i % 10],
            kind="progress_report",
            anchor_type="case",
            anchor_id=cases[i % 10].pk,
            sequence=100 + i,
            due_on=yesterday,
        )
        for i in range(CHECKPOINTS)
    )
    return list(Checkpoint.objects.filter(sequence__gte=100).values_list("pk", flat=True))


def test_every_checkpoint_gets_exactly_one_notification_and_email_through_kills(
    worker: Worker, due_checkpoints: list[int]
) -> None:
    kills_mid_task = 0
    attempts = 0
    while kills_mid_task < 5:
        attempts += 1
        assert attempts <= 25, (
            f"could not land five kills mid-task ({kills_mid_task}); see {worker.log}"
        )
        worker.start()
        runs_before = SweepRun.objects.count()
        send("apps.followups.tasks.sweep_checkpoints")
        started = wait_for(lambda before=runs_before: SweepRun.objects.count() > before, 30)
        assert started, f"the worker never started a sweep; see {worker.log}"
        run = SweepRun.objects.order_by("-pk").first()
        worker.kill()
        run.refresh_from_db()  # type: ignore[union-attr]
        if run.finished_at is None:  # type: ignore[union-attr]
            kills_mid_task += 1
    assert SweepRun.objects.filter(finished_at__isnull=True).count() >= 5
    notified_during_kills = Checkpoint.objects.filter(
        pk__in=due_checkpoints, notified_at__isnull=False
    ).count()
    assert notified_during_kills < CHECKPOINTS, "the kills should have left work for later"

    worker.start()

    def all_done() -> bool:
        send("apps.followups.tasks.sweep_checkpoints")
        send("apps.followups.tasks.send_outbox")
        left = Checkpoint.objects.filter(pk__in=due_checkpoints, notified_at__isnull=True).count()
        unsent = OutboxEmail.objects.filter(sent_at__isnull=True).count()
        return left == 0 and unsent == 0

    assert wait_for(all_done, 180, step=1.0), f"not everything was done; see {worker.log}"
    worker.kill()

    per_checkpoint = dict(
        Notification.objects.filter(checkpoint_id__in=due_checkpoints, kind="due")
        .values("checkpoint_id")
        .annotate(n=Count("pk"))
        .values_list("checkpoint_id", "n")
    )
    assert len(per_checkpoint) == CHECKPOINTS
    assert set(per_checkpoint.values()) == {1}
    sent = OutboxEmail.objects.filter(key__regex=r"^checkpoint-\d+-due-", sent_at__isnull=False)
    assert {int(key.split("-")[1]) for key in sent.values_list("key", flat=True)} >= set(
        due_checkpoints
    )
