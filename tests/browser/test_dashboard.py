"""The team lead's dashboard in the browser: the own team only, and from "overdue" to exactly
the overdue cases."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.followups.models import Checkpoint
from apps.organisation.demo import load_organisation
from tests.browser.conftest import login
from tests.cases.factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_lead_goes_from_overdue_to_exactly_those_cases(page: Page) -> None:
    users = load_organisation()
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    late = [
        open_case(users["spesialist"], referral_date=long_ago, first_name="Forsinket", last_name=n)
        for n in ("Aas", "Berg")
    ]
    fresh = open_case(users["spesialist"], referral_date=today, first_name="Fersk", last_name="Ny")
    open_case(users["kollega"], referral_date=today, first_name="Kollegas", last_name="Sak")
    open_case(users["annen"], referral_date=long_ago, first_name="Annet", last_name="Kontor")
    overdue = set(
        Checkpoint.objects.filter(
            case__owner=users["spesialist"], status="open", due_on__lt=today
        ).values_list("case_id", flat=True)
    )
    assert overdue == {case.pk for case in late}
    assert fresh.pk not in overdue

    login(page, "teamleder")
    page.get_by_role("link", name="Dashbord").click()
    table = page.get_by_test_id("dashboard")
    expect(table).to_contain_text("Sara Nilsen")
    expect(table).to_contain_text("Jonas Berg")
    expect(table).not_to_contain_text("Ingrid Dahl")  # annen, another office
    row = page.get_by_test_id("row-spesialist")
    row.get_by_test_id("overdue").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forfalt oppfølging: Sara Nilsen")
    listed = page.get_by_test_id("drill-cases").get_by_role("listitem")
    expect(listed).to_have_count(2)
    expect(page.get_by_test_id("drill-cases")).to_contain_text("Forsinket Aas")
    expect(page.get_by_test_id("drill-cases")).to_contain_text("Forsinket Berg")
    expect(page.get_by_test_id("drill-cases")).not_to_contain_text("Fersk Ny")

    # The filters change the page without a reload: one specialist only.
    page.get_by_role("link", name="Tilbake til dashbordet").click()
    page.get_by_label("Jobbspesialist", exact=True).select_option(label="Jonas Berg")
    expect(page.get_by_test_id("row-spesialist")).to_have_count(0)
    expect(page.get_by_test_id("row-kollega")).to_be_visible()
    assert "spesialist=" in page.url
