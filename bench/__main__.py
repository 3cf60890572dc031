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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

REQUESTS = 200


def measure(client: Client, url: str) -> tuple[float, float, int]:
    # Queries are counted on one request; the timings are taken without the counting, as in
    # production (DEBUG off).
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code in (200, 503), (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def _cases(owner: object) -> int:
    """25 open cases for the specialist, one of them with 200 contacts; returns that case's id."""
    import datetime
    import random

    from django.utils import timezone

    from apps.cases import services
    from apps.contacts.models import Contact
    from apps.participants.fnr import parse_fnr, synthetic_fnr
    from apps.participants.services import participant_register
    from apps.programmes.models import Programme

    rng = random.Random(1)
    programme = Programme.objects.get(code="utvidet-oppfolging")
    first = None
    for i in range(25):
        born = datetime.date(1970 + i, 1 + i % 12, 1 + i)
        participant = participant_register(
            actor=owner,
            fnr=parse_fnr(synthetic_fnr(born, rng, female=i % 2 == 0)),  # type: ignore[arg-type]
            first_name=f"Deltaker{i}",
            last_name="Benk",
            birth_date=born,
        )
        case, _ = services.case_refer(
            actor=owner,
            participant=participant,
            programme=programme,  # type: ignore[arg-type]
            referral_date=datetime.date(2026, 1, 5),
        )
        first = first or case
    start = timezone.now() - datetime.timedelta(days=300)
    Contact.objects.bulk_create(
        Contact(
            case=first,
            author=owner,
            office_id=first.office_id,
            occurred_at=start + datetime.timedelta(days=i),
            channel="meeting",
            place="nav_office",
            with_participant=True,
            initiative="specialist",
            duration_minutes=30,
            activity="individual",
            stage=1,
            note=f"Samtale {i}",
        )
        for i in range(200)
    )
    return first.pk  # type: ignore[union-attr]


def main() -> None:
    runner = DiscoverRunner(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from apps.health.services import heartbeat_record
        from apps.organisation.demo import load_organisation

        users = load_organisation()
        heartbeat_record()
        case = _cases(users["spesialist"])

        def as_specialist() -> Client:
            client = Client()
            client.force_login(users["spesialist"])
            return client

        def as_persona(name: str) -> Callable[[], Client]:
            def make() -> Client:
                client = Client()
                client.force_login(users[name])
                return client

            return make

        # Not Django's test environment: it instruments every template render, which would
        # be measured too. Only the test client's host name is needed.
        with override_settings(
            ROOT_URLCONF="bench.urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]
        ):
            pages: list[tuple[str, Callable[[], Client], str]] = [
                ("empty Django view (floor)", Client, "/bench/empty/"),
                ("login page", Client, "/login/"),
                ("/healthz (DB, Redis, beat)", Client, "/healthz"),
                ("worklist, 25 cases", as_specialist, "/saker/"),
                ("case page, 200 contacts", as_specialist, f"/saker/{case}/"),
                ("team dashboard", as_persona("teamleder"), "/dashbord/"),
                ("my summary", as_specialist, "/dashbord/min/"),
                ("måltall page, national", as_persona("direktorat"), "/rapporter/maltall/"),
                ("outcomes page, national", as_persona("direktorat"), "/rapporter/resultater/"),
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
