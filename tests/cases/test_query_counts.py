"""The worklist and the case page cost the same number of queries however much data there is."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cases import services
from apps.cases.models import CaseStatus
from apps.cases.selectors import TIMELINE_PAGE
from apps.contacts.models import Contact
from apps.contacts.services import contact_log
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> int:
    # One request first, so that both measurements see the session in the same state (the
    # session's activity time is written at most every 30 seconds).
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def add_cases(owner, n: int) -> None:  # type: ignore[no-untyped-def]
    statuses = [CaseStatus.ACTIVE, CaseStatus.REFERRED, CaseStatus.INTAKE, CaseStatus.PAUSED]
    for i in range(n):
        case = open_case(
            owner,
            status=statuses[i % 4],
            programme="ips" if i % 4 == 3 else "utvidet-oppfolging",
            stage=1 + i % 5,
        )
        contact_log(
            actor=owner,
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(days=i % 30),
            channel="phone",
            place="none",
            with_whom=["participant", "employer"] if i % 3 else ["participant"],
            initiative="specialist",
            duration_minutes=15,
            activity="individual",
        )


def test_the_worklist_costs_the_same_with_20_and_200_cases(world, client_as) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    client = client_as("spesialist")
    add_cases(spesialist, 19)
    small = queries_for(client, "/saker/")
    add_cases(spesialist, 180)
    large = queries_for(client, "/saker/")
    assert small == large
    response = client.get("/saker/")
    assert response.content.decode().count('href="/saker/') >= 200


def test_the_case_page_costs_the_same_with_10_and_1000_timeline_events(world, client_as) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = world.case
    client = client_as("spesialist")
    url = f"/saker/{case.pk}/"
    services.case_move_stage(case=case, actor=spesialist, stage=2, on=datetime.date(2026, 9, 20))
    small = queries_for(client, url)
    authors = [world.user("spesialist"), world.user("kollega"), world.user("teamleder")]
    start = timezone.now() - datetime.timedelta(days=60)
    Contact.objects.bulk_create(
        Contact(
            case=case,
            author=authors[i % 3],
            office_id=case.office_id,
            occurred_at=start + datetime.timedelta(minutes=90 * i),
            channel="meeting",
            place="nav_office",
            with_participant=True,
            initiative="specialist",
            duration_minutes=30,
            activity="individual",
            stage=2,
            note=f"Samtale {i}",
        )
        for i in range(1000)
    )
    large = queries_for(client, url)
    assert small == large
    page = client.get(url).content.decode()
    assert page.count('class="app-timeline__entry ') == TIMELINE_PAGE, "one page of the timeline"
    assert page.count('data-kind="contact"') > TIMELINE_PAGE // 2
    assert f"/saker/{case.pk}/tidslinje/?side=1" in page
    older = client.get(
        f"/saker/{case.pk}/tidslinje/?side=19", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert older.count('data-kind="contact"') == TIMELINE_PAGE
    assert queries_for(client, f"/saker/{case.pk}/tidslinje/?side=19") == queries_for(
        client, f"/saker/{case.pk}/tidslinje/?side=1"
    )
