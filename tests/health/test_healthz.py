from __future__ import annotations

import datetime
import socket

import pytest
from django.db.utils import ConnectionHandler
from django.test import Client
from django.utils import timezone

from apps.health import views as health_views
from apps.health.models import Heartbeat
from apps.health.services import heartbeat_record

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nothing listens on: bound once to learn a free number, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_healthz_is_ok_when_database_broker_and_beat_are_well(client: Client) -> None:
    heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["beat"]["ok"] is True
    assert 0 <= body["checks"]["beat"]["age_seconds"] < 60


def test_healthz_fails_when_the_broker_port_is_closed(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    heartbeat_record()
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    settings.HEALTHZ_BROKER_TIMEOUT_SECONDS = 1
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["ok"] is False
    assert checks["database"]["ok"] is True


def test_healthz_fails_when_the_database_port_is_closed(
    client: Client,
    settings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    heartbeat_record()
    unreachable = dict(settings.DATABASES["default"], PORT=str(closed_port()), HOST="127.0.0.1")
    unreachable["OPTIONS"] = {"connect_timeout": 2}
    handler = ConnectionHandler({"default": unreachable})
    monkeypatch.setattr(health_views, "connections", handler)
    try:
        response = client.get("/healthz")
    finally:
        handler.close_all()
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "error": "OperationalError"}


def test_healthz_fails_when_beat_has_been_silent_too_long(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HEALTHZ_BEAT_MAX_AGE_SECONDS = 300
    Heartbeat.objects.create(
        name="beat", last_seen=timezone.now() - datetime.timedelta(seconds=301)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert beat["age_seconds"] >= 301


def test_healthz_fails_before_beat_has_ever_run(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["last_run"] is None


def test_healthz_is_never_cached(client: Client) -> None:
    heartbeat_record()
    assert client.get("/healthz")["Cache-Control"] == "no-store"
