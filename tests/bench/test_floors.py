"""make bench's floors (bench/pages.py) compute the figures their pages show.

A floor is only a floor if it does the page's work: here each one runs on the test database's
connection (so it sees the test's rows), against the world of tests/conftest.py, and its rows
are compared with what the pages' own selectors give.
"""

from __future__ import annotations

import dataclasses
import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from apps.cases.selectors import worklist
from apps.contacts.models import Contact
from apps.dashboards.selectors import Period, dashboard, teams_for
from apps.mentors.models import MentorAssignment
from apps.organisation.models import Office
from apps.reporting.stock import monthly_stock
from bench import pages

pytestmark = pytest.mark.django_db


def _run(statement: str) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(statement)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def personas(world):  # type: ignore[no-untyped-def]
    specialist = world.users["spesialist"]
    team = specialist.teams.get()
    return pages.Personas(
        specialist_id=specialist.pk,
        team_id=team.pk,
        team_size=0,
        team_lead_id=world.users["teamleder"].pk,
        case_id=world.case.pk,
        case_contacts=1,
        caseload=0,
        specialist_sees_shielded=specialist.may_see_skjermet,
        lead_sees_shielded=world.users["teamleder"].may_see_skjermet,
    )


def test_the_worklist_floor_reads_the_worklists_cases_in_its_order(world, personas) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    (statement,) = pages.floor_worklist(None, personas, today)  # type: ignore[arg-type]
    floor = [row[0] for row in _run(statement)]
    page = list(worklist(world.users["spesialist"]).values_list("pk", flat=True))
    assert floor == page
    assert world.skjermet_case.pk in floor  # this specialist may see shielded participants

    # Without that right the shielded participant's case leaves both: the rule is part of the work.
    specialist = world.users["spesialist"]
    specialist.may_see_skjermet = False
    specialist.save(update_fields=["may_see_skjermet"])
    personas = dataclasses.replace(personas, specialist_sees_shielded=False)
    (statement,) = pages.floor_worklist(None, personas, today)  # type: ignore[arg-type]
    floor = [row[0] for row in _run(statement)]
    assert floor == list(worklist(specialist).values_list("pk", flat=True))
    assert world.skjermet_case.pk not in floor


def test_the_case_floor_reads_the_case_its_contacts_and_its_stages(world, personas) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    case_row, contacts, stages, events, placements, agreements, mentors, *_ = (
        _run(s)
        for s in pages.floor_case(None, personas, today)  # type: ignore[arg-type]
    )
    assert [r[0] for r in case_row] == [world.case.pk]
    assert len(contacts) == Contact.objects.filter(case=world.case).count() >= 1
    assert [r[0] for r in stages] == list(
        world.case.stage_events.order_by("entered_on", "created_at", "id").values_list(
            "stage", flat=True
        )
    )
    assert len(events) == world.case.events.count()
    assert len(placements) == world.case.placements.count() >= 1
    assert len(agreements) == world.case.agreements.count() >= 1
    assert len(mentors) == MentorAssignment.objects.filter(placement__case=world.case).count() >= 1


def test_the_contact_floor_writes_a_contact_with_the_stage_in_force(world, personas) -> None:  # type: ignore[no-untyped-def]
    (statement,) = pages.floor_log_contact(None, personas, timezone.localdate())  # type: ignore[arg-type]
    ((contact_id,),) = _run(statement)
    contact = Contact.objects.get(pk=contact_id)
    assert contact.case_id == world.case.pk
    assert contact.stage == world.case.stage_events.order_by("-entered_on", "-id").first().stage


def test_the_dashboard_floor_reads_the_teams_open_and_overdue_cases(world, personas) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    lead = world.users["teamleder"]
    board = dashboard(user=lead, teams=teams_for(lead), period=Period.default(today))
    statements = pages.floor_dashboard(None, personas, today)  # type: ignore[arg-type]
    specialists = {r[0] for r in _run(statements[0])}
    assert specialists == {row.specialist.pk for row in board.rows}
    assert {r[0] for r in _run(statements[1])} == board.case_ids("caseload")
    assert {r[1] for r in _run(statements[2])} == board.case_ids("overdue")
    assert {r[1] for r in _run(statements[4])} == board.case_ids("contacted")


def test_the_maaltall_floor_counts_the_stock_as_the_report_does(world, personas) -> None:  # type: ignore[no-untyped-def]
    year = timezone.localdate().year
    offices, counts, _targets = pages.floor_maaltall(
        None,  # type: ignore[arg-type]
        personas,
        timezone.localdate(),
        year=year,
    )
    floor = {row[0]: list(row[1:]) for row in _run(counts)}
    series = monthly_stock(
        first=datetime.date(year, 1, 1),
        last=datetime.date(year, 12, 1),
        offices=Office.objects.filter(pk__in=list(floor)),
    )
    assert series, "the world's active cases should make a stock"
    for row in series:
        expected = []
        for month in row.months:
            expected += [month.entered, month.left, month.at_month_end]
        assert floor[row.office_id] == expected
    assert len(_run(offices)) == Office.objects.count()


def test_the_template_clock_times_outermost_renders_and_puts_render_back() -> None:
    from django.template import Context, Template, base

    original = base.Template.render
    inner = Template("{% for i in items %}{{ i }}{% endfor %}")
    outer = Template("{% include inner %}")
    with pages.TemplateClock() as clock:
        start = time.perf_counter()
        html = outer.render(Context({"inner": inner, "items": range(2000)}))
        wall = time.perf_counter() - start
        once = clock.seconds
        outer.render(Context({"inner": inner, "items": []}))
    assert html.startswith("0123")
    assert 0 < once <= wall, "the include inside is not counted twice"
    assert once < clock.seconds
    assert base.Template.render is original
