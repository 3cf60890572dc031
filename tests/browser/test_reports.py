"""The directorate downloads the national måltall report as a PDF, rendered by a real worker."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from apps.organisation.demo import load_organisation
from apps.reporting.reports import maaltall_report
from apps.reporting.services import target_set
from apps.reporting.suppression import SUPPRESSED
from tests.browser.conftest import login
from tests.celery_worker import Worker, running_worker
from tests.reporting.helpers import start_case
from tests.reporting.test_report_pages import personal_facts

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
BROKER = "redis://127.0.0.1:6379/11"  # this test's own broker database
D = datetime.date


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    with running_worker(tmp_path / "worker.log", BROKER) as w:
        yield w


def test_the_directorate_downloads_the_national_maaltall_pdf(
    page: Page, worker: Worker, reference_data: None
) -> None:
    users = load_organisation()
    spesialist, annen = users["spesialist"], users["annen"]
    for i in range(3):  # NAV Østensjø: three participants, a number never printed
        start_case(spesialist, on=D(2025, 1, 10), first_name="Liten", last_name=f"Kontor{i}")
    for i in range(12):  # NAV Sagene: twelve
        start_case(annen, on=D(2025, 2, 10), first_name="Stor", last_name=f"Kontor{i}")
    for office, year_end, average in ((annen.office, 14, 11), (spesialist.office, 5, 4)):
        assert office is not None
        target_set(
            office=office,
            year=2025,
            expected_at_year_end=year_end,
            expected_average=average,
            actor=users["direktorat"],
        )

    login(page, "direktorat")
    page.get_by_role("link", name="Rapporter").click()
    page.get_by_label("År", exact=True).select_option("2025")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    page.get_by_role("button", name="Lag PDF").click()
    link = page.get_by_role("link", name="Last ned PDF-en")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)

    report = maaltall_report(year=2025)
    rows = {row.label: row for row in report.rows}
    sagene, østensjø = rows["NAV Sagene"], rows["NAV Østensjø"]
    # Sagene: 12 a month from February, 132 participant-months, an average of 11 against 11.
    assert sagene.average == "11"
    assert sagene.average_percent == "100 %"
    # Its December (12) beside the national 15 would give Østensjø's 3 away.
    assert sagene.at_year_end == SUPPRESSED
    assert report.total.months[-1] == "15"
    assert østensjø.months == (SUPPRESSED,) * 12
    assert østensjø.average == SUPPRESSED
    for line in (
        "Måltall 2025: hele landet",
        "NAV Sagene 11 11 100 % : 14 :",
        "NAV Østensjø : 4 : : 5 :",
        "NAV Østensjø : : : : : : : : : : : :",
        "Hele landet : : 15 15 15 15 15 15 15 15 15 15",
    ):
        assert line in text, line
    for fact in personal_facts(staff=True):
        assert fact not in text, fact
