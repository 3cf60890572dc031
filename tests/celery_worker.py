"""A real Celery worker in its own process, on its own Redis database, for the tests that need one.

The worker reads the test database and the test's upload folder; ``publishing_to`` points this
process's Celery app (the live server runs in a thread of it) at the same broker for a while.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]


class Worker:
    def __init__(self, log: Path, broker: str) -> None:
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": broker,
            "JOBBSPOR_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self.broker = broker
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


def send(task: str, broker: str) -> None:
    with app.connection_for_write(broker) as conn:
        app.send_task(task, connection=conn)


@contextlib.contextmanager
def publishing_to(broker: str) -> Iterator[None]:
    """Tasks this process sends (``.delay`` in a view of the live server) go to ``broker``."""
    old = app.conf.broker_url
    app.conf.update(broker_url=broker)
    app._after_fork()  # type: ignore[attr-defined]  # drop the cached connection and producer pools
    try:
        yield
    finally:
        app.conf.update(broker_url=old)
        app._after_fork()  # type: ignore[attr-defined]


def wait_for(predicate: Callable[[], bool], timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@contextlib.contextmanager
def running_worker(log: Path, broker: str) -> Iterator[Worker]:
    """A worker on ``broker`` (emptied before and after), with this process publishing to it."""
    import redis

    redis.Redis.from_url(broker).flushdb()
    worker = Worker(log, broker)
    worker.start()
    try:
        with publishing_to(broker):
            yield worker
    finally:
        worker.stop()
        redis.Redis.from_url(broker).flushdb()
