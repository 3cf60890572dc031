"""A fidelity review in the browser: `teamleder` makes the review, overrides one proposed score
with a note, saves, downloads the quality report, and the next review shows the change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from apps.fidelity.models import Review, Scale, ScaleItem
from apps.fidelity.scales import load_scales
from apps.organisation.demo import load_organisation
from apps.programmes.models import Programme
from tests.browser.conftest import login
from tests.cases.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _make_review(page: Page) -> Review:
    page.goto("/kvalitet/")
    page.get_by_test_id("new-review").locator("button[type=submit]").click()
    page.wait_for_load_state()
    return Review.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_teamleder_overrides_a_score_saves_prints_and_sees_it_next_time(page: Page) -> None:
    users = load_organisation()
    # A transactional test's flush removes the migration's scales.
    load_scales(Scale, ScaleItem, Programme)
    open_case(users["spesialist"], first_name="Kari", last_name="Nordmann")

    login(page, "teamleder")
    first = _make_review(page)
    assert first is not None
    assert first.scale.code == "euse-se"
    expect(page.get_by_test_id("item-caseload").get_by_test_id("proposed")).to_have_text("5")

    page.get_by_test_id("score-caseload").select_option("3")
    page.get_by_test_id("action-plan").fill("Flere arbeidsgiverbesøk")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state()
    # Without a note the change is refused, and what was typed stays.
    expect(page.get_by_test_id("score-caseload")).to_have_value("3")
    expect(page.get_by_test_id("action-plan")).to_have_value("Flere arbeidsgiverbesøk")
    page.get_by_test_id("note-caseload").fill("To saker venter på overføring")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state()
    caseload = first.scores.get(item__key="caseload")
    assert (caseload.score, caseload.note) == (3, "To saker venter på overføring")

    with page.expect_download() as download:
        page.get_by_test_id("pdf").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "To saker venter på overføring" in text
    assert "Flere arbeidsgiverbesøk" in text

    second = _make_review(page)
    assert second.pk != first.pk
    expect(page.get_by_test_id("item-caseload").get_by_test_id("previous")).to_have_text("3")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("item-caseload").get_by_test_id("previous")).to_have_text("3 (+2)")
