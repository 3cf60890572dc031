"""The settings of the scaled-out shape: a read replica and an S3 bucket, each switched on by the
environment, and nothing kept in one process's memory that another host would need."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
PRIMARY = "postgres://jobbspor:secret@db:5432/jobbspor"
REPLICA = "postgres://jobbspor:secret@db-replica:5432/jobbspor"


def base_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """config/settings/base.py run afresh with these variables (and the test run's others)."""
    for name in (
        "DATABASE_REPLICA_URL",
        "JOBBSPOR_S3_BUCKET",
        "JOBBSPOR_S3_ENDPOINT_URL",
        "JOBBSPOR_S3_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings" / "base.py"))


def test_without_the_variables_there_is_one_database_and_files_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = base_settings(monkeypatch, DATABASE_URL=PRIMARY)
    assert list(settings["DATABASES"]) == ["default"]
    assert "DATABASE_ROUTERS" not in settings
    assert settings["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_the_replica_url_adds_the_replica_and_its_router(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = base_settings(monkeypatch, DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA)
    assert settings["DATABASES"]["replica"]["HOST"] == "db-replica"
    assert settings["DATABASES"]["default"]["HOST"] == "db"
    assert settings["DATABASE_ROUTERS"] == ["config.replica.ReplicaRouter"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_REPLICA_URL": "postgress://db-replica/jobbspor"}, "not a database URL"),
        ({"DATABASE_REPLICA_URL": "sqlite:////tmp/x.sqlite3"}, "not the same kind"),
        ({"JOBBSPOR_S3_BUCKET": "b", "JOBBSPOR_S3_ENDPOINT_URL": "minio:9000"}, "ENDPOINT_URL"),
        ({"JOBBSPOR_S3_BUCKET": "b", "AWS_ACCESS_KEY_ID": "only-the-id"}, "AWS_SECRET_ACCESS_KEY"),
    ],
)
def test_a_malformed_value_stops_the_process_with_its_name(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        base_settings(monkeypatch, DATABASE_URL=PRIMARY, **env)
    assert "secret" not in str(refused.value)  # a URL's password is never repeated


def test_a_replica_without_a_primary_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="without DATABASE_URL"):
        base_settings(monkeypatch, DATABASE_REPLICA_URL=REPLICA)


def test_production_with_every_variable_of_the_scaled_out_shape() -> None:
    """Production's own settings module: replica, bucket, and no state in the process."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'databases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS, "
        "'default_storage': s.STORAGES['default'], 'session': s.SESSION_ENGINE, "
        "'caches': [c['BACKEND'] for c in s.CACHES.values()], 'axes': s.AXES_HANDLER, "
        "'messages': s.MESSAGE_STORAGE}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "JOBBSPOR_S3"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="scale-settings-test-only-5f0e0a9b7c3d4e2f8a1b6c9d0e3f4a7b2c5d8e1f4a7b0c3d6e9f",
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URL=REPLICA,
        REDIS_URL="redis://redis:6379/0",
        ALLOWED_HOSTS="jobbspor.example.nav.no",
        JOBBSPOR_FNR_ENCRYPTION_KEYS="c2NhbGUtc2V0dGluZ3MtdGVzdC1vbmx5LW5vdC1rZXk=",
        JOBBSPOR_FNR_HASH_KEYS="scale-settings-test-only-hash-key-not-real",
        JOBBSPOR_S3_BUCKET="jobbspor-uploads",
        JOBBSPOR_S3_ENDPOINT_URL="http://minio:9000",
        JOBBSPOR_S3_REGION="eu-north-1",
        AWS_ACCESS_KEY_ID="jobbspor",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["databases"] == ["default", "replica"]
    assert seen["routers"] == ["config.replica.ReplicaRouter"]
    storage = seen["default_storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] | {"secret_key": "-"} == {
        "bucket_name": "jobbspor-uploads",
        "region_name": "eu-north-1",
        "endpoint_url": "http://minio:9000",
        "addressing_style": "path",
        "access_key": "jobbspor",
        "secret_key": "-",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "max_memory_size": 0,
    }
    # Sessions in the database, the cache in Redis, login pauses in the database, messages in
    # the cookie or session: any web host can answer any request.
    assert seen["session"] == "django.contrib.sessions.backends.db"
    assert seen["caches"] == ["django.core.cache.backends.redis.RedisCache"]
    assert seen["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert seen["messages"] == "django.contrib.messages.storage.fallback.FallbackStorage"
