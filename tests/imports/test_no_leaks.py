"""An imported file's numbers reach no log line, broker message, cache entry or error message."""

from __future__ import annotations

import base64
import binascii
import logging
import random
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.imports import demo
from apps.imports.models import ImportJob, ImportRowError, ImportStatus
from apps.imports.tasks import check_import, run_import
from apps.organisation.models import User
from tests.imports.helpers import break_check_digit
from tests.security.test_fnr_never_leaks import RedisWatch

BASE64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")


def decoded(commands: list[str]) -> list[str]:
    """The commands, and every base64 run in them decoded (kombu encodes message bodies)."""
    texts = list(commands)
    for command in commands:
        for run in BASE64.findall(command):
            try:
                texts.append(
                    base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "replace")
                )
            except (binascii.Error, ValueError):
                continue
    return texts


def test_the_numbers_in_a_file_never_leave_it(
    users: dict[str, User],
    rng: random.Random,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = demo.participant_rows(520, rng)
    numbers = [row["fødselsnummer"] for row in rows]
    bad_rows = demo.participant_rows(3, rng)
    bad_rows[1]["fødselsnummer"] = break_check_digit(bad_rows[1]["fødselsnummer"])
    numbers += [row["fødselsnummer"] for row in bad_rows]
    client = Client()
    client.force_login(users["spesialist"])
    watch = RedisWatch()

    client.post(
        reverse("imports:upload"),
        {"kind": "participants", "file": SimpleUploadedFile("feil.csv", demo.as_csv(bad_rows))},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:upload"),
            {"kind": "participants", "file": SimpleUploadedFile("stor.csv", demo.as_csv(rows))},
        )
    job = ImportJob.objects.get(original_name="stor.csv")
    check_import(job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start", args=[job.pk]))
    run_import(job.pk)
    pages = [
        client.get(reverse("imports:job", args=[j.pk])).content.decode()
        for j in ImportJob.objects.all()
    ]
    commands = watch.stop()

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTED
    assert any("lpush" in c.lower() for c in commands), "the tasks went through Redis"
    pattern = re.compile("|".join(re.escape(n) for n in numbers))
    places = {
        "log lines": [record.getMessage() for record in caplog.records],
        "Redis (broker messages, progress in the cache)": decoded(commands),
        "stored problems": list(ImportRowError.objects.values_list("message", flat=True)),
        "the job pages": pages,
    }
    leaks = {
        where: [t[:200] for t in texts if pattern.search(t)] for where, texts in places.items()
    }
    assert leaks == {where: [] for where in places}
