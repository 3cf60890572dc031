"""make run's demo mode boots: SQLite, the file broker, web, worker and beat, all for real."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        JOBBSPOR_DATA_DIR=str(tmp_path / "data"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def running_demo(demo_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[int, Path]]:
    manage(demo_env, "migrate", "--noinput", "-v", "0")
    logins = manage(demo_env, "demo_data")
    assert "spesialist" in logins
    port = free_port()
    log = (tmp_path / "honcho.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "honcho"),
            "start",
            "-f",
            "Procfile",
            "-p",
            str(port),
            "web",
            "worker",
            "beat",
        ],
        cwd=ROOT,
        env=demo_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield port, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (OSError, sqlite3.Error) as error:
            last = error
        time.sleep(0.5)
    raise AssertionError(f"Timed out waiting for {what}; last: {last!r}")


def test_demo_mode_serves_login_and_a_real_worker_runs_a_task(
    running_demo: tuple[int, Path], demo_env: dict[str, str]
) -> None:
    port, tmp_path = running_demo
    database = tmp_path / "data" / "jobbspor.sqlite3"

    status, body = wait_for(lambda: get(f"http://127.0.0.1:{port}/login/"), 60, "the login page")
    assert status == 200
    assert "Logg inn" in body

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    manage(
        demo_env,
        "shell",
        "-c",
        "from apps.health.tasks import record_heartbeat; record_heartbeat.delay('demo-test')",
    )

    def row_written() -> bool:
        with sqlite3.connect(database, timeout=5) as connection:
            row = connection.execute(
                "SELECT last_seen FROM health_heartbeat WHERE name = 'demo-test'"
            ).fetchone()
        return row is not None

    wait_for(row_written, 60, "the worker to write the heartbeat row")

    status, body = get(f"http://127.0.0.1:{port}/healthz")
    assert '"database": {"ok": true, "vendor": "sqlite"}' in body
    assert '"broker": {"ok": true, "transport": "filesystem"}' in body
