"""Each persona lands on the page for its role; the layout works by keyboard and on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.organisation.demo import load_organisation
from tests.browser.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LANDINGS = {
    "spesialist": ("/saker/", "Mine saker"),
    "kollega": ("/saker/", "Mine saker"),
    "annen": ("/saker/", "Mine saker"),
    "teamleder": ("/oversikt/team/", "Mitt team"),
    "kontorleder": ("/oversikt/kontor/", "NAV Østensjø"),
    "fylke": ("/oversikt/fylke/", "Oslo"),
    "direktorat": ("/oversikt/nasjonalt/", "Nasjonal oversikt"),
    "admin": ("/admin/", "Referansedata"),
}


@pytest.mark.parametrize("persona", sorted(LANDINGS))
def test_each_persona_lands_on_the_page_for_its_role(page: Page, persona: str) -> None:
    load_organisation()
    login(page, persona)
    path, heading = LANDINGS[persona]
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def test_the_header_names_the_user_role_and_office(page: Page) -> None:
    load_organisation()
    login(page, "spesialist")
    expect(page.get_by_test_id("user-name")).to_have_text("Sara Nilsen")
    expect(page.get_by_test_id("user-role")).to_have_text("Jobbspesialist · NAV Østensjø")


def test_a_wrong_password_is_refused_in_norwegian(page: Page) -> None:
    load_organisation()
    login(page, "spesialist", password="feil")
    expect(page).to_have_url(re.compile("/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("oppgi korrekt brukernavn og passord")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page: Page) -> None:
    load_organisation()
    login(page, "spesialist")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_a_phone_shows_the_whole_page_without_sideways_scrolling(phone: Page) -> None:
    load_organisation()
    login(phone, "teamleder")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mitt team")
    expect(phone.get_by_test_id("user-name")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_interface_switches_to_english_and_back(page: Page) -> None:
    load_organisation()
    login(page, "spesialist")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My cases")
    page.get_by_role("button", name="Norsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine saker")


def test_logging_out_returns_to_the_login_page(page: Page) -> None:
    load_organisation()
    login(page, "direktorat")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Jobbspor")
    page.goto("/oversikt/nasjonalt/")
    expect(page).to_have_url(re.compile(re.escape("/login/?next=/oversikt/nasjonalt/") + "$"))
