"""Checks behind /healthz. Each returns a small JSON-able dict with ``ok`` and what it saw."""

from __future__ import annotations

import os
from typing import Any

from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from kombu import Connection

from apps.health.models import Heartbeat
from apps.health.services import BEAT


def probe_database(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def probe_broker(url: str, transport_options: dict[str, Any], timeout: int) -> dict[str, Any]:
    if url.startswith("filesystem://"):
        # The demo broker is a folder: it is up when the folder is there and writable.
        folder = str(transport_options.get("data_folder_in", ""))
        ok = bool(folder) and os.path.isdir(folder) and os.access(folder, os.W_OK)
        return {"ok": ok, "transport": "filesystem"} | ({} if ok else {"error": "FolderMissing"})
    connection = Connection(
        url, connect_timeout=timeout, transport_options=transport_options or None
    )
    try:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=int(timeout))
    except Exception as error:  # kombu raises library-specific errors for every transport.
        return {"ok": False, "transport": connection.transport_cls, "error": type(error).__name__}
    finally:
        connection.release()
    return {"ok": True, "transport": connection.transport_cls}


def probe_beat(max_age_seconds: int) -> dict[str, Any]:
    try:
        last_seen = Heartbeat.objects.filter(name=BEAT).values_list("last_seen", flat=True).first()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    if last_seen is None:
        return {
            "ok": False,
            "last_run": None,
            "age_seconds": None,
            "max_age_seconds": max_age_seconds,
        }
    age = (timezone.now() - last_seen).total_seconds()
    return {
        "ok": age <= max_age_seconds,
        "last_run": last_seen.isoformat(),
        "age_seconds": round(age),
        "max_age_seconds": max_age_seconds,
    }
