"""The employer side in the browser, end to end, with the agreement's PDF rendered by a real worker.

`spesialist` registers a firm and logs a call; `kollega` sees that call as the firm's last contact.
`spesialist` then places a participant there, drafts the intention agreement, records the approvals,
has a worker render the PDF, extends the agreement (refused until an evaluation is recorded) and
ends it with a hiring.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from apps.agreements.models import Agreement, AgreementOutcome, AgreementStatus
from apps.cases.models import CaseEvent, CaseEventKind
from apps.cases.services import vocational_profile_save
from apps.organisation.demo import load_organisation
from apps.participants.services import participant_update
from tests.browser.conftest import AxeLog, _finish, _new_page, login
from tests.cases.factories import open_case
from tests.celery_worker import Worker, running_worker
from tests.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
BROKER = "redis://127.0.0.1:6379/12"  # this test's own broker database
INVALID_ORGNR = "912345678"  # fails the mod-11 check
ORGNR = "912345688"


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    with running_worker(tmp_path / "worker.log", BROKER) as w:
        yield w


@pytest.fixture
def colleague(
    browser: Browser, live_server: Any, axe_log: AxeLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    page = _new_page(browser, live_server, axe_log, viewport={"width": 1280, "height": 900})
    yield from _finish(page, axe_log, request)


def test_employer_placement_agreement_pdf_extension_and_hiring(
    page: Page, colleague: Page, worker: Worker
) -> None:
    users = load_organisation()
    spesialist = users["spesialist"]
    case = open_case(spesialist, first_name="Nora", last_name="Nyland")
    participant_update(
        participant=case.participant, actor=spesialist, benefit="aap", aap_diagnosis_group="mental"
    )
    vocational_profile_save(
        case=case,
        actor=spesialist,
        job_wishes="Lager",
        support_strategy="Tett oppfølging",
        accommodation_needs="Trenger faste pauser",
        target_workplaces="",
    )

    # The register refuses a bad organisation number, then takes the right one.
    login(page, "spesialist")
    page.get_by_role("link", name="Arbeidsgivere").first.click()
    page.get_by_role("link", name="Registrer arbeidsgiver").click()
    page.get_by_label("Organisasjonsnummer").fill(INVALID_ORGNR)
    page.get_by_label("Navn", exact=True).fill("Fjordlager AS")
    page.get_by_role("button", name="Registrer").click()
    expect(page.locator("main")).to_contain_text("ikke et gyldig organisasjonsnummer")
    page.get_by_label("Organisasjonsnummer").fill(ORGNR)
    page.get_by_role("button", name="Registrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fjordlager AS")

    # A call to the firm, which the colleague then sees as its last contact.
    page.get_by_label("Notat").fill("Spurte om behov på lageret")
    page.get_by_role("button", name="Logg kontakt").click()
    expect(page.get_by_test_id("last-contact")).to_contain_text("Sara Nilsen")
    login(colleague, "kollega")
    colleague.get_by_role("link", name="Arbeidsgivere").first.click()
    row = colleague.get_by_test_id("employers").get_by_role("row").filter(has_text="Fjordlager AS")
    expect(row.get_by_test_id("last-contact")).to_contain_text("Sara Nilsen")

    # A practice placement with a mentor, and its intention agreement.
    page.goto(f"/saker/{case.pk}/")
    page.get_by_role("link", name="Registrer arbeidsforhold").click()
    page.get_by_label("Arbeidsgiver").select_option(label="Fjordlager AS")
    page.get_by_label("Type").select_option(value="practice")
    page.get_by_label("Start").fill("2026-11-02")
    page.get_by_label("Planlagt slutt").fill("2027-01-31")
    page.get_by_label("Stillingsprosent").fill("50")
    page.get_by_label("Arbeidsoppgaver").fill("Varemottak og plukk")
    page.get_by_role("button", name="Lagre").click()
    page.locator("summary", has_text="Registrer fadder").click()
    page.locator("[name=mentor-name]").fill("Per Fadder")
    page.locator("form[action$='/fadder/'] button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Per Fadder")
    page.get_by_role("link", name="Fjordlager AS").click()
    expect(page.get_by_role("link", name="Per Fadder")).to_be_visible()
    page.get_by_role("link", name="Lag utkast til intensjonsavtale").click()
    expect(page.locator("[name=mentor_name]")).to_have_value("Per Fadder")
    page.locator("[name=hiring_conditions]").fill("Stabilt oppmøte og truckførerbevis")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("agreement-status")).to_contain_text("Utkast")
    agreement_url = page.url
    expect(page.get_by_role("link", name="Endre innholdet")).to_be_visible()

    # NAV's approval, then the employer's, which needs the signed copy.
    page.get_by_label("Hvem godkjenner").select_option(value="nav")
    page.get_by_role("button", name="Registrer godkjenningen").click()
    expect(page.get_by_text("Innholdet er låst")).to_be_visible()
    expect(page.get_by_role("link", name="Endre innholdet")).to_have_count(0)
    page.get_by_label("Hvem godkjenner").select_option(value="employer")
    page.get_by_role("button", name="Registrer godkjenningen").click()
    expect(page.locator("main")).to_contain_text("Last opp den signerte avtalen")
    page.get_by_label("Hvem godkjenner").select_option(value="employer")
    page.get_by_label("Den signerte avtalen").set_input_files(
        files=[{"name": "signert.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Registrer godkjenningen").click()
    expect(page.get_by_test_id("approvals-1")).to_contain_text("signert kopi")

    # The PDF, rendered by the worker while the page shows progress.
    page.get_by_role("button", name="Lag PDF for signering").click()
    download_link = page.get_by_role("link", name="Last ned PDF-en")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    for fact in (
        "Nora Nyland",
        "Fjordlager AS",
        "912 345 688",
        "2. november 2026",
        "31. januar 2027",
        "Per Fadder",
    ):
        assert fact in text, fact
    for withheld in ("Psykisk", "Arbeidsavklaringspenger", "faste pauser"):
        assert withheld not in text, f"{withheld} was withheld by the consents"

    # The participant's approval puts the agreement in force.
    page.goto(agreement_url)
    page.get_by_label("Hvem godkjenner").select_option(value="participant")
    page.get_by_label("Den signerte avtalen").set_input_files(
        files=[{"name": "signert.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Registrer godkjenningen").click()
    expect(page.get_by_test_id("agreement-status")).to_contain_text("Gjelder")

    # An extension is refused without an evaluation, and makes version 2 with one.
    page.get_by_role("link", name="Ny versjon eller forlengelse").click()
    page.get_by_label("Dette er en forlengelse").check()
    page.locator("[name=end_on]").fill("2027-04-30")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("main")).to_contain_text("Registrer en evaluering med arbeidsgiveren")
    page.get_by_role("link", name="Fjordlager AS").click()
    page.locator("summary", has_text="Registrer en evaluering").click()
    page.get_by_label("Hva som ble avtalt").fill("Går bra; ønsker tre måneder til")
    page.locator("form[action$='/evaluering/'] button").click()
    expect(page.get_by_text("Går bra; ønsker tre måneder til")).to_be_visible()
    page.goto(agreement_url)
    page.get_by_role("link", name="Ny versjon eller forlengelse").click()
    page.get_by_label("Dette er en forlengelse").check()
    page.locator("[name=end_on]").fill("2027-04-30")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Versjon 2")).to_be_visible()

    # It ends with a hiring.
    page.locator("summary", has_text="Avslutt avtalen").click()
    page.get_by_label("Utfall").select_option(value=AgreementOutcome.HIRED_PERMANENT)
    page.get_by_role("button", name="Avslutt", exact=True).click()
    expect(page.get_by_test_id("agreement-status")).to_contain_text("Avsluttet")

    agreement = Agreement.objects.get(case=case)
    assert agreement.status == AgreementStatus.ENDED
    assert agreement.outcome == AgreementOutcome.HIRED_PERMANENT
    assert list(agreement.versions.order_by("number").values_list("number", "is_extension")) == [
        (1, False),
        (2, True),
    ]
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        CaseEventKind.PLACEMENT_STARTED,
        CaseEventKind.AGREEMENT_ACTIVE,
        CaseEventKind.AGREEMENT_ENDED,
    } <= kinds
    assert datetime.date(2027, 4, 30) in agreement.versions.values_list("end_on", flat=True)
