"""Sessions end after 30 idle minutes and 12 hours in all; polling does not keep them alive."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from apps.contacts.models import ContactDraft

pytestmark = pytest.mark.django_db
MINUTES = datetime.timedelta(minutes=1)


def logged_in(world) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post("/login/", {"username": "spesialist", "password": "demo"})
    assert response.status_code == 302
    return client


def test_a_session_ends_after_thirty_idle_minutes(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client = logged_in(world)
        assert client.get("/saker/").status_code == 200
        clock.shift(29 * MINUTES)
        assert client.get("/saker/").status_code == 200
        clock.shift(31 * MINUTES)
        response = client.get(f"/saker/{world.case.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith(f"/login/?next=/saker/{world.case.pk}/")
        page = client.get(response["Location"]).content.decode()
        assert "logget ut etter 30 minutter uten aktivitet" in page
        assert "Kari Nordmann" not in page


def test_background_polling_does_not_keep_a_session_alive(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client = logged_in(world)
        for _ in range(2):
            clock.shift(10 * MINUTES)
            assert client.get("/healthz", HTTP_X_JOBBSPOR_BACKGROUND="1").status_code in (200, 503)
        clock.shift(11 * MINUTES)  # 31 minutes after the last request that was not background
        assert client.get("/saker/").status_code == 302


def test_activity_keeps_a_session_alive_but_not_past_twelve_hours(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 7, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client = logged_in(world)
        for _ in range(12 * 3 - 1):
            clock.shift(20 * MINUTES)
            assert client.post("/sesjon/aktiv/").status_code == 204
        clock.shift(25 * MINUTES)  # 12 h 5 min after login, 25 min after the last activity
        assert client.get("/saker/").status_code == 302


def test_an_htmx_request_on_an_ended_session_is_sent_to_the_login_page(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client = logged_in(world)
        clock.shift(31 * MINUTES)
        response = client.post(
            f"/kontakter/sak/{world.case.pk}/",
            {"contact-note": "x"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL=f"http://testserver/saker/{world.case.pk}/",
        )
        assert response.status_code == 200
        assert response["HX-Redirect"] == f"/login/?next=%2Fsaker%2F{world.case.pk}%2F"
        assert response.content == b""


def test_logging_in_gives_a_new_session(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.get("/login/")
    client.cookies["sessionid"] = "fixed-by-an-attacker"
    client.post("/login/", {"username": "spesialist", "password": "demo"})
    assert client.cookies["sessionid"].value != "fixed-by-an-attacker"


def test_a_draft_typed_before_the_session_ended_is_offered_after_login(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(
        datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as clock:
        client = logged_in(world)
        assert (
            client.post(
                f"/kontakter/sak/{world.case.pk}/utkast/", {"contact-note": "Snakket om lager"}
            ).status_code
            == 204
        )
        clock.shift(45 * MINUTES)
        assert client.get(f"/saker/{world.case.pk}/").status_code == 302
        client.post("/login/", {"username": "spesialist", "password": "demo"})
        page = client.get(f"/saker/{world.case.pk}/").content.decode()
        assert 'data-testid="draft"' in page
        restored = client.get(f"/saker/{world.case.pk}/?utkast=1").content.decode()
        assert "Snakket om lager" in restored
    assert ContactDraft.objects.get().data == {"note": "Snakket om lager"}


def test_logging_the_contact_removes_the_draft(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    client.post(f"/kontakter/sak/{world.case.pk}/utkast/", {"contact-note": "Utkast"})
    client.post(
        f"/kontakter/sak/{world.case.pk}/",
        {
            "contact-occurred_at": "2026-11-01T10:00",
            "contact-channel": "phone",
            "contact-place": "none",
            "contact-with_whom": ["participant"],
            "contact-initiative": "specialist",
            "contact-duration_minutes": "5",
            "contact-activity": "individual",
            "contact-note": "Utkast",
        },
    )
    assert not ContactDraft.objects.exists()
