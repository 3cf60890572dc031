"""The half-yearly form in the browser, end to end.

The beat task has made the spring form of spesialist's office. `spesialist` answers what the cases
cannot tell and submits it, which makes her its preparer; she gets no button to sign it, and a
signing request she crafts herself is refused. `teamleder` signs it in his own browser; the form is
then frozen: no button changes it, a crafted change is refused, and the PDF holds the data's hash.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from apps.halfyear.models import FormStatus, HalfYearForm
from apps.halfyear.tasks import create_halfyear_forms
from apps.organisation.demo import load_organisation
from tests.browser.conftest import AxeLog, _finish, _new_page, login
from tests.halfyear.helpers import discharge, start_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def colleague(
    browser: Browser, live_server: Any, axe_log: AxeLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    page = _new_page(browser, live_server, axe_log, viewport={"width": 1280, "height": 900})
    yield from _finish(page, axe_log, request)


def _post_from_page(page: Page, url: str, fields: dict[str, str] | None = None) -> None:
    """What someone could do without a button: build a form in the page and send it."""
    page.evaluate(
        """([url, fields]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = url;
            const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
            for (const [name, value] of Object.entries({csrfmiddlewaretoken: token, ...fields})) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        [url, fields or {}],
    )
    page.wait_for_load_state()


def test_prepared_by_spesialist_refused_to_her_signed_by_teamleder_then_frozen(
    page: Page, colleague: Page
) -> None:
    users = load_organisation()
    spesialist = users["spesialist"]
    start_case(spesialist, on=datetime.date(2025, 11, 10), first_name="Aud", last_name="Aktiv")
    on_aap = start_case(
        spesialist, on=datetime.date(2026, 2, 2), first_name="Per", last_name="Pengesen"
    )
    discharge(on_aap, spesialist, on=datetime.date(2026, 5, 4), reason="work", in_work=True)
    # 1 July, 01:00 in Oslo: beat makes the drafts.
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    with time_machine.travel(datetime.datetime(2026, 7, 1, 1, 0, tzinfo=oslo), tick=False):
        create_halfyear_forms()
    form = HalfYearForm.objects.get(office=spesialist.office, year=2026, half=1)

    # spesialist sees what is missing, and answers her rows.
    login(page, "spesialist")
    page.get_by_role("link", name="Halvårsrapporter").click()
    page.get_by_test_id("forms").get_by_role("link", name="1. halvår 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Halvårsrapport 1. halvår 2026")
    expect(page.get_by_test_id("form-status")).to_contain_text("Utkast")
    expect(page.get_by_test_id("missing-total")).to_contain_text("6 svar mangler i rapporten")
    expect(page.get_by_test_id("rows")).not_to_contain_text("Aud")

    for number in (1, 2):
        row = page.get_by_test_id(f"row-{number}")
        expect(row).to_contain_text("Din sak")
        row.get_by_role("link", name="Fyll ut").click()
        expect(page.get_by_test_id("participant")).to_contain_text(
            "Aud Aktiv" if number == 1 else "Per Pengesen"
        )
        page.get_by_label("Veileder i NAV").check()
        page.get_by_role("radiogroup", name="arbeidspraksis").get_by_label("Nei").check()
        page.get_by_label("Samtaler med deltakeren").check()
        page.get_by_role("button", name="Lagre raden").click()
        expect(page.locator(".app-messages")).to_contain_text(f"Rad {number} er lagret")
    expect(page.get_by_test_id("missing-total")).to_contain_text("Alle rader har svar")

    # Submitting makes her the preparer; she cannot sign.
    page.get_by_role("button", name="Send til signering").click()
    expect(page.get_by_test_id("form-status")).to_contain_text("Venter på signatur")
    expect(page.get_by_test_id("preparer")).to_contain_text("Sara Nilsen")
    expect(page.get_by_role("button", name="Signer rapporten")).to_have_count(0)
    expect(page.get_by_test_id("state")).to_contain_text("en annen teamleder ved kontoret")
    _post_from_page(page, f"/halvar/{form.pk}/signer/")
    expect(page.get_by_test_id("action-error")).to_contain_text("Du har utarbeidet denne rapporten")
    assert HalfYearForm.objects.get(pk=form.pk).status == FormStatus.SUBMITTED

    # teamleder signs.
    login(colleague, "teamleder")
    colleague.get_by_role("link", name="Halvårsrapporter").click()
    colleague.get_by_role("link", name="1. halvår 2026").click()
    expect(colleague.get_by_test_id("preparer")).to_contain_text("Sara Nilsen")
    colleague.get_by_role("button", name="Signer rapporten").click()
    expect(colleague.get_by_test_id("form-status")).to_contain_text("Signert")
    expect(colleague.get_by_test_id("signer")).to_contain_text("Per Hansen")
    signed = HalfYearForm.objects.get(pk=form.pk)
    expect(colleague.get_by_test_id("data-hash")).to_have_text(signed.snapshot.data_sha256)
    with colleague.expect_download() as download:
        colleague.get_by_test_id("pdf-link").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    for fact in ("Halvårsrapport", "NAV Østensjø", "Sara Nilsen", "Per Hansen", "Veileder i NAV"):
        assert fact in text, fact
    assert signed.snapshot.data_sha256 in text.replace("\n", "")
    assert "Aud" not in text
    assert "Pengesen" not in text

    # Frozen: nothing on the page changes it, and a crafted change is refused.
    page.reload()
    expect(page.get_by_test_id("form-status")).to_contain_text("Signert")
    for button in ("Oppdater fra sakene", "Send til signering", "Signer rapporten"):
        expect(page.get_by_role("button", name=button)).to_have_count(0)
    page.get_by_test_id("row-1").get_by_role("link", name="Rad 1").click()
    expect(page.get_by_role("button", name="Lagre raden")).to_have_count(0)
    _post_from_page(
        page,
        page.url,
        {"initiative": "employer", "practice_before": "yes", "follow_up_content": "other"},
    )
    expect(page.locator("main")).to_contain_text("Rapporten er signert og kan ikke lenger endres")
    _post_from_page(colleague, f"/halvar/{form.pk}/send-tilbake/", {"reason": "Angre"})
    expect(colleague.get_by_test_id("action-error")).to_contain_text("signert")
    after = HalfYearForm.objects.get(pk=form.pk)
    assert after.status == FormStatus.SIGNED
    assert after.snapshot.data_sha256 == signed.snapshot.data_sha256
    assert after.rows.get(number=1).initiative == "nav_adviser"
