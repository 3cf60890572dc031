"""After 30 idle minutes the next click leads to the login page; the half-written note survives."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.organisation.demo import load_organisation
from tests.browser.conftest import login
from tests.cases.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_idle_session_ends_and_the_draft_note_is_offered_after_login(page: Page) -> None:
    users = load_organisation()
    case = open_case(users["spesialist"], first_name="Lise", last_name="Fjell")
    login(page, "spesialist")
    page.goto(f"/saker/{case.pk}/")

    with page.expect_response(
        lambda response: "/utkast/" in response.url and response.status == 204
    ):
        page.locator("#contact-form-region").get_by_label("Notat").fill(
            "Lise vil prøve lager, ringer arbeidsgiver"
        )

    traveller = time_machine.travel(timezone.now() + datetime.timedelta(minutes=31), tick=True)
    traveller.start()
    try:
        page.get_by_role("link", name="Mine saker").click()
        expect(page).to_have_url(re.compile(r"/login/\?next="))
        expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Jobbspor")
        expect(page.get_by_role("main")).to_contain_text(
            "logget ut etter 30 minutter uten aktivitet"
        )
        assert "Lise" not in page.content()
        assert "Fjell" not in page.content()

        page.get_by_label("Brukernavn").fill("spesialist")
        page.get_by_label("Passord").fill("demo")
        page.get_by_role("button", name="Logg inn").click()
        page.goto(f"/saker/{case.pk}/")
        expect(page.get_by_test_id("draft")).to_contain_text("ikke er lagret")
        page.get_by_role("link", name="Bruk utkastet").click()
        expect(page.locator("#contact-form-region").get_by_label("Notat")).to_have_value(
            "Lise vil prøve lager, ringer arbeidsgiver"
        )
    finally:
        traveller.stop()
