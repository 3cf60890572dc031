"""A large file is checked and imported by a worker, given the job's id and nothing else."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from apps.cases.models import Case
from apps.imports import demo
from apps.imports.models import ImportJob, ImportStatus
from apps.imports.services import BACKGROUND_ROWS, import_start, import_submit, progress_of
from apps.imports.tasks import check_import, run_import
from apps.organisation.demo import load_organisation
from apps.organisation.models import User
from apps.participants.models import Participant
from tests.celery_worker import Worker, running_worker, wait_for

BROKER = "redis://127.0.0.1:6379/8"  # this test's own broker database


def test_a_large_file_is_left_to_the_worker_and_the_task_is_given_only_the_job_id(
    users: dict[str, User],
    rng: random.Random,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(check_import, "delay", lambda *a: sent.append(("check", a)))
    monkeypatch.setattr(run_import, "delay", lambda *a: sent.append(("run", a)))
    rows = demo.participant_rows(BACKGROUND_ROWS + 1, rng)

    with django_capture_on_commit_callbacks(execute=True):
        job = import_submit(
            actor=users["spesialist"], kind="participants", name="d.csv", data=demo.as_csv(rows)
        )
    assert job.background
    assert job.status == ImportStatus.WAITING
    assert sent == [("check", (job.pk,))]
    # What goes to the broker is the id: no number, no name, nothing from the file.
    message = json.dumps(sent)
    assert all(row["fødselsnummer"] not in message for row in rows)

    check_import(job.pk)  # what the worker runs
    job.refresh_from_db()
    assert (job.status, job.error_count) == (ImportStatus.CHECKED, 0)

    with django_capture_on_commit_callbacks(execute=True):
        job = import_start(job=job, actor=users["spesialist"])
    assert job.status == ImportStatus.IMPORTING
    assert sent[-1] == ("run", (job.pk,))
    assert Participant.objects.count() == 0

    run_import(job.pk)
    run_import(job.pk)  # delivered twice: the second finds it imported
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportStatus.IMPORTED, BACKGROUND_ROWS + 1)
    assert Case.objects.count() == BACKGROUND_ROWS + 1


def test_the_check_reports_its_progress_as_a_count(
    users: dict[str, User], rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apps.imports import services

    seen: list[int] = []
    report = services._progress_to

    def spy(job_id: int) -> Any:
        inner = report(job_id)

        def record(done: int) -> None:
            inner(done)
            seen.append(progress_of(ImportJob(pk=job_id)))

        return record

    monkeypatch.setattr(services, "_progress_to", spy)
    rows = demo.participant_rows(600, rng)
    job = services.import_job_create(
        actor=users["spesialist"], kind="participants", name="d.csv", data=demo.as_csv(rows)
    )
    services.import_check(job=job)
    assert seen == [250, 500, 600]
    assert cache.get(services._progress_key(job.pk)) is None  # cleared when done


def test_a_worker_that_fails_leaves_a_problem_and_nothing_imported(
    users: dict[str, User], rng: random.Random, monkeypatch: pytest.MonkeyPatch
) -> None:
    from apps.imports import services

    job = services.import_job_create(
        actor=users["spesialist"],
        kind="participants",
        name="d.csv",
        data=demo.as_csv(demo.participant_rows(3, rng)),
    )
    services.import_check(job=job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "cases_refer_many", boom)
    with pytest.raises(RuntimeError):
        run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert job.error_count == 1
    assert Participant.objects.count() == 0


# --- With a real worker ------------------------------------------------------------------------


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    with running_worker(tmp_path / "worker.log", BROKER) as w:
        yield w


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_imports_a_large_file_while_the_page_polls(
    worker: Worker, rng: random.Random
) -> None:
    users = load_organisation()
    client = Client()
    client.force_login(users["spesialist"])
    rows = demo.participant_rows(BACKGROUND_ROWS + 100, rng)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("imports:upload"),
        {"kind": "participants", "file": SimpleUploadedFile("stor.xlsx", demo.as_xlsx(rows))},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.background

    def status() -> str:
        return ImportJob.objects.get(pk=job.pk).status

    assert wait_for(lambda: status() == ImportStatus.CHECKED, timeout=60), worker.log.read_text()
    poll = client.get(
        reverse("imports:job", args=[job.pk]),
        headers={"HX-Request": "true", "X-Jobbspor-Background": "1"},
    )
    assert b'data-testid="import-button"' in poll.content
    assert b"hx-trigger" not in poll.content  # finished: the polling stops

    stored = ImportJob.objects.get(pk=job.pk).file.name
    assert stored
    assert default_storage.exists(stored)
    client.post(reverse("imports:start", args=[job.pk]))
    assert wait_for(lambda: status() == ImportStatus.IMPORTED, timeout=60), worker.log.read_text()
    assert Case.objects.filter(owner=users["spesialist"]).count() == BACKGROUND_ROWS + 100
    assert not ImportJob.objects.get(pk=job.pk).file
    # The encrypted copy goes once the import has committed.
    assert wait_for(lambda: not default_storage.exists(stored), timeout=10)
