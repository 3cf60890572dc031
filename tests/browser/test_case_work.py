"""A job specialist's day, in the browser: register, log contacts on a phone, move stages,
discharge; a colleague covers. Nothing along the way shows the fødselsnummer in a URL or a log."""

from __future__ import annotations

import datetime
import logging
import random
import re

import pytest
from playwright.sync_api import Page, expect

from apps.cases.models import Case, CaseStageEvent, CaseStatus
from apps.contacts.models import Contact
from apps.organisation.demo import load_organisation
from apps.participants.fnr import synthetic_fnr
from apps.participants.models import Participant
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FNR = synthetic_fnr(datetime.date(1988, 4, 12), random.Random(7), female=True)


def log_contact(page: Page, channel: str, note: str, minutes: str = "30") -> None:
    form = page.locator("#contact-form-region form")
    form.get_by_label("Kanal").select_option(label=channel)
    form.get_by_label("Minutter").fill(minutes)
    form.get_by_label("Notat").fill(note)
    form.get_by_role("button", name="Logg kontakt").click()
    expect(page.get_by_test_id("timeline")).to_contain_text(note)


def test_a_specialist_works_a_case_from_registration_to_discharge(
    page: Page, phone: Page, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    load_organisation()
    visited: list[str] = []
    for p in (page, phone):
        p.on("request", lambda request: visited.append(request.url))

    # Register: an invalid number is refused in Norwegian and nothing is saved.
    login(page, "spesialist")
    page.get_by_role("link", name="Registrer deltaker").click()
    page.get_by_label("Fødselsnummer eller D-nummer").fill(FNR[:10] + str((int(FNR[10]) + 1) % 10))
    page.get_by_label("Fornavn").fill("Lise")
    page.get_by_label("Etternavn").fill("Fjell")
    page.get_by_label("Fødselsdato").fill("1988-04-12")
    page.get_by_label("Kjønn").select_option(label="Kvinne")
    page.get_by_label("Tiltak").select_option(
        label="Utvidet oppfølging i NAV (Kjerneoppgaver i NAV)"
    )
    page.get_by_role("button", name="Registrer og opprett sak").click()
    expect(page.locator(".aksel-error-summary")).to_contain_text("ikke et gyldig fødselsnummer")
    assert Participant.objects.count() == 0

    page.get_by_label("Fødselsnummer eller D-nummer").fill(FNR)
    page.get_by_label("Henvisningsdato").fill(
        (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    )
    page.get_by_role("button", name="Registrer og opprett sak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lise Fjell")
    case = Case.objects.get(participant__first_name="Lise")

    # Intake, then active.
    page.locator("summary", has_text="Start inntak").click()
    page.locator("form[action$='/status/start_intake/']").get_by_role(
        "button", name="Start inntak"
    ).click()
    expect(page.locator(".app-messages")).to_contain_text("Saken er nå: Inntak")
    page.locator("summary", has_text="Gjør aktiv").click()
    page.locator("form[action$='/status/activate/']").get_by_role(
        "button", name="Gjør aktiv"
    ).click()
    expect(page.locator(".app-messages")).to_contain_text("Saken er nå: Aktiv")

    # Three contacts from a 360-pixel-wide phone, without a page reload.
    login(phone, "spesialist")
    phone.goto(f"/saker/{case.pk}/")
    marker = phone.evaluate("window.__notReloaded = 'yes'")
    log_contact(phone, "Fysisk møte", "Første møte på kafé")
    log_contact(phone, "Telefon", "Ringte om CV", minutes="10")
    log_contact(phone, "SMS", "Minnet om møtet i morgen", minutes="2")
    assert phone.evaluate("window.__notReloaded") == "yes", marker
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert Contact.objects.filter(case=case).count() == 3

    # Stages 1 -> 2 -> 3 -> 2; going back asks for a reason.
    page.reload()
    for stage in ("2 Yrkeskartlegging og karriereplanlegging", "3 Finne en passende jobb"):
        page.locator("summary", has_text="Flytt til en annen fase").click()
        page.locator("#stage form").get_by_label("Fase").select_option(label=stage)
        page.locator("#stage form").get_by_role("button", name="Flytt").click()
        expect(page.locator(".app-messages")).to_contain_text(f"Flyttet til fase {stage}")
    page.locator("summary", has_text="Flytt til en annen fase").click()
    page.locator("#stage form").get_by_label("Fase").select_option(
        label="2 Yrkeskartlegging og karriereplanlegging"
    )
    page.locator("#stage form").get_by_role("button", name="Flytt").click()
    expect(page.locator(".app-messages")).to_contain_text("Oppgi en begrunnelse")
    page.locator("summary", has_text="Flytt til en annen fase").click()
    page.locator("#stage form").get_by_label("Fase").select_option(
        label="2 Yrkeskartlegging og karriereplanlegging"
    )
    page.locator("#stage form").get_by_label("Begrunnelse").fill(
        "Mistet praksisplassen, ny kartlegging"
    )
    page.locator("#stage form").get_by_role("button", name="Flytt").click()
    expect(page.locator(".app-messages")).to_contain_text("Flyttet til fase 2")
    assert list(CaseStageEvent.objects.filter(case=case).values_list("stage", flat=True)) == [
        1,
        2,
        3,
        2,
    ]

    # The colleague covers: logs a contact on the case.
    cover = phone
    cover.context.clear_cookies()
    login(cover, "kollega")
    cover.goto(f"/saker/{case.pk}/")
    log_contact(cover, "Telefon", "Dekket for Sara: avtalte nytt møte", minutes="5")
    expect(cover.get_by_text("Endre status")).to_have_count(0)

    # Discharge with a reason and status.
    page.reload()
    page.locator("summary", has_text="Skriv ut").click()
    discharge = page.locator("form[action$='/status/discharge/']")
    discharge.get_by_label("Avslutningsårsak").select_option(label="Arbeid")
    discharge.get_by_label("I lønnet arbeid").check()
    discharge.get_by_label("Timer per uke").fill("30")
    discharge.get_by_role("button", name="Skriv ut").click()
    expect(page.locator(".app-messages")).to_contain_text("Saken er nå: Utskrevet")

    # All of it on the timeline.
    timeline = page.get_by_test_id("timeline")
    for text in (
        "Første møte på kafé",
        "Ringte om CV",
        "Minnet om møtet i morgen",
        "Dekket for Sara",
        "Mistet praksisplassen",
        "Henvist",
        "Inntak → Aktiv",
        "Aktiv → Utskrevet",
    ):
        expect(timeline).to_contain_text(text)
    expect(timeline.locator("[data-kind=stage]")).to_have_count(4)
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCHARGED

    # The number is in no URL and no log line (it was typed, so it was in request bodies only).
    digits = re.compile(re.escape(FNR) + "|" + re.escape(f"{FNR[:6]} {FNR[6:]}"))
    leaks = [url for url in visited if digits.search(url)]
    leaks += [
        record.getMessage() for record in caplog.records if digits.search(record.getMessage())
    ]
    assert visited, "no URL was recorded"
    assert caplog.records, "no log line was captured"
    assert leaks == []
