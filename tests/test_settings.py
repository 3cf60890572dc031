"""Settings read the environment strictly, and production cannot be talked into demo behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value", ["flase", "2", "yes please"])
def test_a_malformed_boolean_stops_the_process(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_a_malformed_number_stops_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 10)


def test_a_number_below_its_minimum_stops_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NUMBER", "5")
    with pytest.raises(ImproperlyConfigured, match="at least 60"):
        env_int("SOME_NUMBER", 300, minimum=60)


def test_an_empty_list_item_stops_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured, match="SOME_HOSTS"):
        env_list("SOME_HOSTS", [])


def test_a_missing_required_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.env import env_str

    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET must be set"):
        env_str("SOME_SECRET")


def production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'demo': s.JOBBSPOR_ALLOW_DEMO_DATA, "
        "'synthetic': s.JOBBSPOR_ALLOW_SYNTHETIC_FNR, 'secure_cookie': s.SESSION_COOKIE_SECURE}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    base.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_demo_data_and_synthetic_numbers_whatever_the_environment_says() -> None:
    result = production_settings(
        SECRET_KEY="x" * 60,
        JOBBSPOR_FNR_ENCRYPTION_KEYS="cHJvZHVjdGlvbi10ZXN0LW9ubHktZmVybmV0LWtleTA=",
        JOBBSPOR_FNR_HASH_KEYS="production-test-only-hash-key-0123456789",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/jobbspor",
        REDIS_URL="redis://127.0.0.1:6379/15",
        JOBBSPOR_ALLOW_DEMO_DATA="true",
        JOBBSPOR_ALLOW_SYNTHETIC_FNR="true",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "demo": False,
        "synthetic": False,
        "secure_cookie": True,
    }


def test_production_will_not_start_without_postgresql_and_redis() -> None:
    result = production_settings(SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "Production needs DATABASE_URL and REDIS_URL" in result.stderr
