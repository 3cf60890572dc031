"""The directorate's and the county coordinators' reports: what they show, and what they hide.

Two offices in 2025: NAV Østensjø with 3 participants all year (a count that must never be
printed), NAV Sagene with 6. Both in Oslo county, where the coordinator `fylke` works.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from apps.cases.models import Case
from apps.organisation.models import Office, User
from apps.participants.crypto import decrypt
from apps.participants.models import Participant
from apps.reporting.models import ReportPdf
from apps.reporting.pdf import render_report_pdf
from apps.reporting.reports import as_csv, maaltall_report, outcome_report
from apps.reporting.services import target_set
from apps.reporting.suppression import SUPPRESSED
from tests.conftest import World
from tests.reporting.helpers import discharge, start_case

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 1, 31)


@pytest.fixture
def offices(world: World) -> dict[str, Office]:
    spesialist, annen = world.user("spesialist"), world.user("annen")
    for i in range(3):
        start_case(spesialist, on=D(2025, 1, 10), first_name="Liten", last_name=f"Kontor{i}")
    for i in range(6):
        start_case(annen, on=D(2025, 1, 10), first_name="Stor", last_name=f"Kontor{i}")
    direktorat = world.user("direktorat")
    østensjø, sagene = spesialist.office, annen.office
    assert østensjø is not None
    assert sagene is not None
    target_set(
        office=sagene, year=2025, expected_at_year_end=10, expected_average=8, actor=direktorat
    )
    target_set(
        office=østensjø, year=2025, expected_at_year_end=5, expected_average=4, actor=direktorat
    )
    bergenhus = Office.objects.get(name="NAV Bergenhus")
    target_set(
        office=bergenhus, year=2025, expected_at_year_end=20, expected_average=15, actor=direktorat
    )
    return {"østensjø": østensjø, "sagene": sagene, "bergenhus": bergenhus}


def test_a_small_office_is_never_printed_and_cannot_be_worked_out(
    offices: dict[str, Office],
) -> None:
    report = maaltall_report(year=2025, as_of=AS_OF)
    rows = {row.label: row for row in report.rows}
    small, large = rows["NAV Østensjø"], rows["NAV Sagene"]
    assert small.months == (SUPPRESSED,) * 12
    assert small.average == SUPPRESSED
    assert small.at_year_end == SUPPRESSED
    assert small.average_percent == SUPPRESSED
    assert small.expected_average == "4"  # the directorate's own figure is always shown
    for j, total in enumerate(report.total.months):
        # 3 + 6 = 9 each month: Sagene's 6 beside the total would give Østensjø's 3.
        assert not (total != SUPPRESSED and large.months[j] != SUPPRESSED)
    # One small office hides the sums it is part of.
    assert report.total.average == SUPPRESSED
    assert "3" not in {*small.months, small.average, small.at_year_end}
    assert report.year_over
    assert report.hidden >= 24


def test_the_county_coordinator_sees_its_own_county_whatever_it_asks(
    offices: dict[str, Office], world: World
) -> None:
    vestland = offices["bergenhus"].county
    fylke, direktorat = Client(), Client()
    fylke.force_login(world.user("fylke"))
    direktorat.force_login(world.user("direktorat"))
    asked = f"/rapporter/maltall/?year=2025&county={vestland.pk}"
    mine = fylke.get(asked).content.decode()
    assert "NAV Sagene" in mine
    assert "NAV Bergenhus" not in mine
    theirs = direktorat.get(asked).content.decode()
    assert "NAV Bergenhus" in theirs
    assert "NAV Sagene" not in theirs
    everything = direktorat.get("/rapporter/maltall/?year=2025").content.decode()
    assert "NAV Bergenhus" in everything
    assert "NAV Sagene" in everything
    # The coordinator's PDF is its county's too.
    fylke.post("/rapporter/pdf/", {"kind": "maaltall", "year": 2025, "county": vestland.pk})
    pdf = ReportPdf.objects.get(requested_by=world.user("fylke"))
    assert pdf.county == world.user("fylke").county


def test_no_page_csv_or_pdf_names_a_person(offices: dict[str, Office], world: World) -> None:
    client = Client()
    client.force_login(world.user("direktorat"))
    pages = [
        client.get("/rapporter/maltall/?year=2025").content.decode(),
        client.get("/rapporter/resultater/?year=2025").content.decode(),
    ]
    files = [
        client.get("/rapporter/maltall.csv?year=2025").content.decode(),
        client.get("/rapporter/resultater.csv?year=2025").content.decode(),
    ]
    for kind in ("maaltall", "outcomes"):
        request = ReportPdf.objects.create(
            kind=kind, year=2025, requested_by=world.user("direktorat")
        )
        files.append(pdf_text(render_report_pdf(request)))
    # A page names the signed-in reader in its header; the files name nobody at all.
    for text, facts in [
        *((p, personal_facts(staff=False)) for p in pages),
        *((f, personal_facts(staff=True)) for f in files),
    ]:
        assert SUPPRESSED in text
        for fact in facts:
            assert fact not in text, fact


def test_the_csv_is_the_pages_table_with_formulas_defused(
    offices: dict[str, Office], world: World
) -> None:
    client = Client()
    client.force_login(world.user("direktorat"))
    response = client.get("/rapporter/maltall.csv?year=2025")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("\ufeffFylke;Kontor;2025-01")
    sagene = next(line for line in text.splitlines() if ";NAV Sagene;" in line)
    report = maaltall_report(year=2025)
    row = next(r for r in report.rows if r.label == "NAV Sagene")
    assert sagene.split(";")[2:14] == list(row.months)
    assert as_csv(["=A1"], [["=SUM(A1:A9)", "+47", "-1", "@cmd", "–", "NAV"]]) == (
        "'=A1\r\n'=SUM(A1:A9);'+47;'-1;'@cmd;–;NAV\r\n"
    )


def test_outcomes_carry_n_and_hide_small_counts(offices: dict[str, Office], world: World) -> None:
    for case in Case.objects.filter(participant__first_name__in=["Liten", "Stor"]):
        in_work = case.participant.last_name != "Kontor0"
        status = {"in_work": True, "work_hours_per_week": 30} if in_work else {}
        discharge(case, case.owner, on=D(2025, 6, 16), **status)
    report = outcome_report(year=2025, as_of=AS_OF)
    rows = {row.label: row for row in report.rows}
    small, large = rows["NAV Østensjø"].measures[0], rows["NAV Sagene"].measures[0]
    total = report.total.measures[0]
    assert report.titles[0] == "I arbeid ved utskrivning"
    # Østensjø: 2 of 3 in work; both counts are small, and so is its rate.
    assert (small.n, small.success, small.percent) == (SUPPRESSED,) * 3
    # Sagene: 5 of 6. Beside the totals (9, 7) it would give Østensjø away, so one must go.
    assert SUPPRESSED in (large.n, total.n)
    assert SUPPRESSED in (large.success, total.success)
    assert all(
        SUPPRESSED in pair for pair in zip(rows["NAV Østensjø"].mix, report.total.mix, strict=False)
    )
    before = outcome_report(year=2024, as_of=AS_OF)
    assert before.rows == ()
    assert before.total.measures[0].n == "0"


def test_the_directorate_sets_targets_and_others_cannot(world: World) -> None:
    client = Client()
    client.force_login(world.user("direktorat"))
    office = world.home_office
    bad = client.post(
        "/rapporter/maltall/sett/",
        {"office": office.pk, "year": 2026, "expected_at_year_end": -1, "expected_average": 5},
    )
    assert bad.status_code == 400
    assert "større enn eller lik 0" in bad.content.decode()
    good = client.post(
        "/rapporter/maltall/sett/",
        {"office": office.pk, "year": 2026, "expected_at_year_end": 30, "expected_average": 25},
    )
    assert good.status_code == 302
    assert office.targets.get(year=2026).expected_average == 25


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def personal_facts(*, staff: bool) -> list[str]:
    """Every name, number and birth date of every participant (and member of staff) in the
    database."""
    facts: list[str] = []
    for p in Participant.objects.all():
        fnr = decrypt(p.fnr_ciphertext)
        facts += [p.first_name, p.last_name, fnr, fnr[:6], p.birth_date.strftime("%d.%m.%Y")]
    if staff:
        facts += [u.get_full_name() for u in User.objects.exclude(last_name="")]
    return [f for f in facts if f and not re.fullmatch(r"\d{1,2}", f)]


def test_a_protected_table_is_remembered_by_its_numbers() -> None:
    import hashlib
    import json
    import uuid

    from django.core.cache import cache

    from apps.reporting.reports import SUPPRESSION_CACHE_PREFIX, suppress_cached
    from apps.reporting.suppression import suppress

    # A table no other test uses, and no earlier run left in the (shared, lasting) test cache.
    cells = [[1000 + uuid.uuid4().int % 10**9, 3, 9], [12, 2, 7], [8, 8, 1]]
    key = SUPPRESSION_CACHE_PREFIX + hashlib.sha256(json.dumps(cells).encode()).hexdigest()
    cache.delete(key)
    assert cache.get(key) is None
    first = suppress_cached(cells)
    assert first == suppress(cells)
    assert {(0, 1), (1, 1), (2, 2)} <= first.hidden
    assert cache.get(key) == first
    changed = [row[:] for row in cells]
    changed[2][2] = 6
    assert suppress_cached(changed) == suppress(changed) != first
