"""A typed fødselsnummer appears in no log line, URL, broker message, e-mail or cache key.

The number is registered and then used everywhere a number can go: registration, search, the
participant page, revealing it, the access-request export, a refused registration elsewhere, the
same through the API, every task beat sends. Redis is watched with MONITOR for the whole test, so
broker messages and cache keys are both seen as they cross the wire.
"""

from __future__ import annotations

import datetime
import logging
import random
import re
import threading
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.test import Client

from apps.audit.tasks import run_retention, summarise_unusual_reading
from apps.health.tasks import record_heartbeat
from apps.participants.fnr import synthetic_fnr

pytestmark = pytest.mark.django_db

FNR = synthetic_fnr(datetime.date(1979, 8, 23), random.Random(99), female=False)


class RedisWatch:
    """Every command Redis receives while the watch runs (MONITOR, on its own connection)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.client = redis.Redis.from_url(settings.REDIS_URL)
        self.monitor = self.client.monitor()
        self.monitor.__enter__()
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        try:
            for command in self.monitor.listen():
                self.commands.append(str(command.get("command", "")))
        except (redis.ConnectionError, ValueError, OSError, AttributeError):
            return

    def stop(self) -> list[str]:
        # A last command so that everything before it has surely been reported.
        self.client.ping()
        self.client.set("jobbspor-test:watch-end", "1")
        deadline = 50
        while deadline and not any("watch-end" in c for c in self.commands):
            threading.Event().wait(0.1)
            deadline -= 1
        self.monitor.connection.disconnect()
        return self.commands


def test_the_number_never_reaches_a_log_url_broker_message_email_or_cache_key(
    world: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    watch = RedisWatch()
    urls: list[str] = []

    def visit(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        urls.append(url)
        if method == "POST" and url.startswith("/api/"):
            response = client.post(url, data or {}, content_type="application/json")
        else:
            response = client.post(url, data or {}) if method == "POST" else client.get(url)
        if response.has_header("Location"):
            urls.append(response["Location"])
        return response

    spesialist, annen = Client(), Client()
    spesialist.force_login(world.user("spesialist"))
    annen.force_login(world.user("annen"))
    registered = visit(
        spesialist,
        "POST",
        "/deltakere/ny/",
        {
            "fnr": FNR,
            "first_name": "Leif",
            "last_name": "Lekkasje",
            "birth_date": "1979-08-23",
            "gender": "male",
            "programme": world.case.programme_id,
            "referral_date": "2026-11-01",
        },
    )
    assert registered.status_code == 302
    case_url = registered["Location"]
    participant_url = visit(spesialist, "POST", "/deltakere/sok/", {"fnr": FNR})["Location"]
    participant_id = participant_url.rstrip("/").split("/")[-1]
    visit(spesialist, "GET", case_url)
    visit(spesialist, "GET", participant_url)
    assert (
        FNR
        in visit(spesialist, "POST", f"/deltakere/{participant_id}/fodselsnummer/").content.decode()
    )
    assert FNR in visit(spesialist, "GET", f"/deltakere/{participant_id}/innsyn/").content.decode()
    visit(spesialist, "GET", "/saker/")
    visit(
        annen,
        "POST",
        "/deltakere/ny/",
        {
            "fnr": FNR,
            "first_name": "Leif",
            "last_name": "Lekkasje",
            "birth_date": "1979-08-23",
            "gender": "male",
            "programme": world.case.programme_id,
            "referral_date": "2026-11-01",
        },
    )
    visit(
        annen, "POST", "/deltakere/sok/", {"fnr": FNR[:10] + "0"}
    )  # a wrong number: an error page
    visit(annen, "POST", "/deltakere/overforing/", {"message": "Flyttet"})
    # The API: search by the number, read the participant, and a refused registration elsewhere.
    found = visit(spesialist, "POST", "/api/v1/participants/search/", {"fnr": FNR})
    assert found.status_code == 200, found.content
    assert FNR not in found.content.decode()  # masked in every answer
    visit(spesialist, "GET", f"/api/v1/participants/{participant_id}/")
    visit(spesialist, "GET", "/api/v1/participants/")
    visit(spesialist, "GET", "/api/v1/cases/")
    visit(
        annen,
        "POST",
        "/api/v1/participants/",
        {"fnr": FNR, "first_name": "Leif", "last_name": "Lekkasje", "birth_date": "1979-08-23"},
    )
    for task in (record_heartbeat, run_retention, summarise_unusual_reading):
        task.delay()
    commands = watch.stop()

    spaced = f"{FNR[:6]} {FNR[6:]}"
    pattern = re.compile(re.escape(FNR) + "|" + re.escape(spaced) + "|" + re.escape(FNR[:10]))
    places = {
        "log lines": [record.getMessage() for record in caplog.records],
        "URLs": urls,
        "Redis commands (broker messages, cache keys)": commands,
        "e-mails": [f"{m.subject} {m.body}" for m in mail.outbox],
    }
    assert places["log lines"], "logging was captured"
    assert any("LPUSH" in c or "lpush" in c.lower() for c in commands), (
        "the tasks went through Redis"
    )
    leaks = {
        where: [text for text in texts if pattern.search(text)] for where, texts in places.items()
    }
    assert leaks == {where: [] for where in places}
