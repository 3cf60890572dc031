"""Importing in the browser: a bad row is shown; a good file imports on a click."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.cases.models import Case
from apps.imports import demo
from apps.organisation.demo import load_organisation
from tests.browser.conftest import login
from tests.imports.helpers import break_check_digit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_specialist_checks_a_file_fixes_it_and_imports_it(page: Page, tmp_path: Path) -> None:
    users = load_organisation()
    rows = demo.participant_rows(30, random.Random(7))
    good = tmp_path / "deltakere.csv"
    good.write_bytes(demo.as_csv(rows))
    number = rows[10]["fødselsnummer"]
    rows[10]["fødselsnummer"] = break_check_digit(number)
    bad = tmp_path / "deltakere-feil.csv"
    bad.write_bytes(demo.as_csv(rows))

    login(page, "spesialist")
    page.locator(".app-nav__link", has_text="Import").click()
    page.locator("input[name=kind][value=participants]").check()
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("form.app-form button[type=submit]").click()

    table = page.get_by_test_id("import-errors")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr th")).to_have_text("12")
    expect(table.locator("tbody tr td").first).to_have_text("fødselsnummer")
    expect(table.locator("tbody tr td").last).to_contain_text("ikke et gyldig fødselsnummer")
    expect(page.get_by_test_id("import-button")).to_have_count(0)
    assert rows[10]["fødselsnummer"] not in page.content()

    page.goto("/filer/import/")
    page.locator("input[name=kind][value=participants]").check()
    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("form.app-form button[type=submit]").click()
    page.get_by_test_id("import-button").click()
    expect(page.get_by_test_id("import-job")).to_contain_text("30")
    assert Case.objects.filter(owner=users["spesialist"]).count() == 30

    page.goto("/saker/")
    expect(page.get_by_test_id("worklist").locator("tbody tr")).to_have_count(30)
    expect(page.get_by_test_id("export-links")).to_be_visible()
