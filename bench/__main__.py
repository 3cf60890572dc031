"""make bench: server time of pages as ratios to an empty Django view, measured in one run.

Runs in-process through Django's test client against a throwaway PostgreSQL database (the test
settings' server), so the figures are server time without network or browser.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

REQUESTS = 200


def measure(client: Client, url: str) -> tuple[float, float, int]:
    timings = []
    for _ in range(REQUESTS):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code in (200, 503), (url, response.status_code)
    queries = len(connection.queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from apps.health.services import heartbeat_record
        from apps.organisation.demo import load_organisation

        load_organisation()
        heartbeat_record()
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=True):
            pages: list[tuple[str, Callable[[], Client], str]] = [
                ("empty Django view (floor)", Client, "/bench/empty/"),
                ("login page", Client, "/login/"),
                ("/healthz (DB, Redis, beat)", Client, "/healthz"),
            ]
            rows = []
            for label, make_client, url in pages:
                client = make_client()
                client.get(url)  # warm up
                rows.append((label, *measure(client, url)))
        floor = rows[0][1]
        print(f"\n{REQUESTS} requests each, database {settings.DATABASES['default']['NAME']}\n")
        print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x floor':>8}")
        for label, median, p95, queries in rows:
            print(
                f"{label:32} {median * 1000:10.2f} {p95 * 1000:8.2f} {queries:8d} "
                f"{median / floor:8.1f}"
            )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
