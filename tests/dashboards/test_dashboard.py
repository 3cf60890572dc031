"""The team dashboard: the same number of queries for any team, the reports' figures, and every
number the exact set of cases its drill-through lists."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.cases.selectors import WorklistFilter, worklist
from apps.dashboards.selectors import Period, dashboard, teams_for
from apps.followups.models import Checkpoint
from apps.followups.selectors import due_list
from apps.organisation.models import Role, Team, User
from apps.reporting.measures import rate
from tests.cases.factories import open_case
from tests.conftest import World
from tests.reporting.helpers import discharge

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
PERIOD = Period(datetime.date(2026, 1, 1), TODAY)


def specialists(team: Team, n: int, prefix: str) -> list[User]:
    people = []
    for i in range(n):
        person = User.objects.create(
            username=f"{prefix}{i}",
            first_name=prefix.title(),
            last_name=f"{i:03d}",
            role=Role.SPECIALIST,
            office=team.office,
        )
        person.teams.add(team)
        people.append(person)
    return people


def queries_for(user: User, teams: list[Team]) -> int:
    user = User.objects.get(pk=user.pk)  # nothing cached from an earlier call
    with CaptureQueriesContext(connection) as captured:
        board = dashboard(user=user, teams=teams, period=PERIOD, today=TODAY)
        _ = [line.row.counts for line in board.lines], board.totals
    return len(captured.captured_queries)


def test_the_query_count_is_the_same_for_a_team_of_5_and_of_50(world: World) -> None:
    lead = world.user("teamleder")
    office = world.home_office
    small, large = (Team.objects.create(office=office, name=n) for n in ("Lite", "Stort"))
    lead.teams.add(small, large)
    for team, n in ((small, 5), (large, 50)):
        for person in specialists(team, n, team.name.lower()):
            if int(person.last_name) % 5 == 0:  # every fifth with a case of their own
                open_case(person)
    five, fifty = queries_for(lead, [small]), queries_for(lead, [large])
    board = dashboard(user=lead, teams=[large], period=PERIOD, today=TODAY)
    assert len(board.rows) == 50
    assert board.total("caseload") == 10
    assert five == fifty, (five, fifty)
    assert five <= 12


def test_every_figure_is_the_one_the_specialist_and_the_reports_see(world: World) -> None:
    spesialist, kollega, lead = (world.user(p) for p in ("spesialist", "kollega", "teamleder"))
    discharged = open_case(spesialist, referral_date=datetime.date(2026, 2, 2))
    discharge(discharged, spesialist, on=datetime.date(2026, 6, 1), in_work=True, work_percent=50)
    stale = open_case(kollega, referral_date=datetime.date(2026, 1, 5))
    board = dashboard(user=lead, teams=list(teams_for(lead)), period=PERIOD, today=TODAY)
    by_user = {line.row.specialist.username: line.row for line in board.lines}
    assert set(by_user) == {"spesialist", "kollega"}  # annen works at another office

    for username, row in by_user.items():
        person = User.objects.get(username=username)
        own = worklist(person, WorklistFilter()).filter(owner=person)
        assert row.cases["caseload"] == set(own.values_list("pk", flat=True))
        overdue = {
            c.case_id for c in due_list(person, TODAY).overdue if c.case.owner_id == person.pk
        }
        assert row.cases["overdue"] == overdue
    assert stale.pk in by_user["kollega"].cases["no_contact"]
    assert by_user["spesialist"].cases["overdue"] >= set(
        Checkpoint.objects.filter(
            case__owner=spesialist, status="open", due_on__lt=TODAY
        ).values_list("case_id", flat=True)
    )

    # The team's outcomes are the reporting measure over the same cases.
    (at_discharge, *_rest) = board.outcomes
    same = rate(
        "in_work_at_discharge@1",
        cases=discharged.__class__.objects.filter(pk=discharged.pk),
        as_of=TODAY,
    )
    assert (at_discharge.numerator, at_discharge.denominator) == (1, 1)
    assert (same.numerator, same.denominator) == (at_discharge.numerator, at_discharge.denominator)
    assert at_discharge.mix == same.mix


def drill_ids(client: Client, query: str) -> set[int]:
    fact, _, rest = query.partition("&")
    html = client.get(f"/dashbord/saker/{fact.removeprefix('fact=')}/?{rest}").content.decode()
    return {int(pk) for pk in re.findall(r'href="/saker/(\d+)/"', html)}


def test_each_number_opens_exactly_its_cases(world: World) -> None:
    lead = world.user("teamleder")
    client = Client()
    client.force_login(lead)
    page = client.get("/dashbord/").content.decode()
    board = dashboard(user=lead, teams=list(teams_for(lead)), period=Period.default(TODAY))
    for row in board.rows:
        for fact, ids in row.cases.items():
            assert drill_ids(client, f"fact={fact}&spesialist={row.specialist.pk}") == ids
    assert f">{board.total('caseload')}</a>" in page
    # Another office's specialist is no filter of this team lead's: 404, not their cases.
    annen = world.user("annen")
    assert client.get(f"/dashbord/saker/caseload/?spesialist={annen.pk}").status_code == 404


def test_the_office_head_sees_every_team_and_the_specialist_only_self(world: World) -> None:
    head = Client()
    head.force_login(world.user("kontorleder"))
    extra = Team.objects.create(office=world.home_office, name="Nytt team")
    (newcomer,) = specialists(extra, 1, "ny")
    html = head.get("/dashbord/").content.decode()
    assert newcomer.get_full_name() in html
    assert world.user("annen").get_full_name() not in html
    lead = Client()
    lead.force_login(world.user("teamleder"))
    assert newcomer.get_full_name() not in lead.get("/dashbord/").content.decode()
    mine = Client()
    mine.force_login(world.user("spesialist"))
    summary = mine.get("/dashbord/min/").content.decode()
    assert "Min oversikt" in summary
    own = set(
        worklist(world.user("spesialist"))
        .filter(owner=world.user("spesialist"))
        .values_list("pk", flat=True)
    )
    assert drill_ids(mine, "fact=caseload") == own
    kollega = world.user("kollega").pk
    assert mine.get(f"/dashbord/saker/caseload/?spesialist={kollega}").status_code == 404


def test_filters_are_saved_per_user(world: World) -> None:
    client = Client()
    client.force_login(world.user("teamleder"))
    response = client.post(
        "/dashbord/filtre/", {"name": "Høsten", "fra": "2026-09-01", "til": "2026-11-30"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashbord/?fra=2026-09-01&til=2026-11-30"
    saved = world.user("teamleder").saved_filters.get()
    assert saved.query == "fra=2026-09-01&til=2026-11-30"
    other = Client()
    other.force_login(world.user("kontorleder"))
    assert other.post(f"/dashbord/filtre/{saved.pk}/slett/").status_code == 404
    bad = client.get("/dashbord/?fra=2026-11-30&til=2026-09-01")
    assert "Slutten av perioden kommer før starten." in bad.content.decode()


def test_the_time_to_work_is_drawn_for_the_teams_cases(world: World) -> None:
    client = Client()
    client.force_login(world.user("teamleder"))
    html = client.get("/dashbord/?fra=2026-01-01&til=2026-11-23").content.decode()
    assert 'data-testid="km-chart"' in html
    legend = html[html.index('data-testid="km-legend"') :]
    legend = legend[: legend.index("</ul>")]
    # spesialist's three cases and kollega's one, all in one programme, none in work yet.
    assert "Utvidet oppfølging" in legend
    assert "N = 4" in legend
    by_cohort = client.get("/dashbord/?fra=2026-01-01&til=2026-11-23&km=cohort").content.decode()
    assert "september 2026" in by_cohort.lower()
    # The office head may not read the shielded participant's case: it is not in the curve.
    head = Client()
    head.force_login(world.user("kontorleder"))
    assert "N = 3" in head.get("/dashbord/?fra=2026-01-01&til=2026-11-23").content.decode()


def test_the_cases_behind_a_number_download_as_csv_and_xlsx(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from apps.audit.models import AccessLogEntry

    client = Client()
    client.force_login(world.user("teamleder"))
    page_ids = drill_ids(client, "fact=caseload")
    before = AccessLogEntry.objects.count()
    csv = client.get("/dashbord/saker/caseload/csv/")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.content.decode().lstrip("\ufeff").splitlines()
    assert lines[0] == "Saksnummer;Navn;Tiltak;Status;Jobbspesialist"
    assert {int(line.split(";")[0]) for line in lines[1:]} == page_ids
    assert AccessLogEntry.objects.count() == before + len(page_ids)  # a download is a read
    xlsx = client.get("/dashbord/saker/caseload/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == page_ids
    # annen (another office) downloads its own caseload: none of these cases.
    other = Client()
    other.force_login(world.user("annen"))
    theirs = other.get("/dashbord/saker/caseload/csv/").content.decode().lstrip("\ufeff")
    assert not {int(line.split(";")[0]) for line in theirs.splitlines()[1:]} & page_ids
