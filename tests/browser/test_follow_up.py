"""Til oppfølging in the browser: overdue first, one click to the outcome form."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from apps.cases.models import CaseStatus
from apps.followups.models import Checkpoint
from apps.followups.services import checkpoints_sweep
from apps.organisation.demo import load_organisation
from tests.browser.conftest import login
from tests.cases.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_specialist_records_an_overdue_follow_up_in_two_clicks(page: Page) -> None:
    users = load_organisation()
    case = open_case(
        users["spesialist"],
        status=CaseStatus.DISCHARGED,
        referral_date=datetime.date(2026, 1, 5),
        first_name="Ola",
        last_name="Oppfolging",
    )
    checkpoints_sweep()
    login(page, "spesialist")
    expect(page.get_by_test_id("unread")).to_contain_text("2")
    page.get_by_role("link", name="Til oppfølging").click()
    overdue = page.get_by_test_id("overdue")
    expect(overdue).to_contain_text("Ola Oppfolging")
    expect(overdue).to_contain_text("Oppfølging etter utskrivning")
    overdue.get_by_role("link", name="Ola Oppfolging").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("3 måneder etter utskrivning")
    page.get_by_label("I lønnet arbeid").check()
    page.get_by_label("Timer per uke").fill("25")
    page.get_by_role("button", name="Registrer").click()
    expect(page.locator(".app-messages")).to_contain_text("Oppfølgingen er registrert")
    done = Checkpoint.objects.get(case=case, sequence=3)
    assert done.status == "done"
    assert done.outcome is not None
    assert done.outcome.in_work
