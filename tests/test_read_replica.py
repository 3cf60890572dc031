"""The read replica: the reports and dashboards read it on GET, everything else reads the primary,
every write goes to the primary, and without the setting nothing changes.

The replica here is a real second database, a copy of the test database's schema made once per
test worker (a template copy, far cheaper than migrating a second database). ``replicate()`` does
at once what streaming replication does continuously: after it the replica holds what the primary
holds. What a test writes to the primary afterwards is the replication lag, so a page that shows
it read the primary and a page that does not read the replica.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AccessLogEntry
from apps.cases.models import Case
from apps.dashboards.models import SavedFilter
from apps.reporting.models import ReportPdf, Target
from apps.reporting.reports import current_year
from apps.reporting.services import target_set
from config.replica import REPLICA, ReplicaRouter, may_read_replica, reading_replica
from tests.cases.factories import open_case
from tests.conftest import World

ROUTED = override_settings(DATABASE_ROUTERS=["config.replica.ReplicaRouter"])
# What a replica is asked: queries, some through a server-side cursor (.iterator()).
READS = {"SELECT", "DECLARE"}


@pytest.fixture(scope="module")
def replica_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Point the ``replica`` alias (a mirror of the test database in config/settings/test.py) at a
    database of its own with the same tables."""
    primary, replica = connections["default"], connections[REPLICA]
    source = primary.settings_dict["NAME"]
    name = f"{source}_replica"
    mirror = replica.settings_dict
    with django_db_blocker.unblock():
        # CREATE DATABASE ... TEMPLATE needs the template to have no other session.
        primary.close()
        replica.close()
        with primary._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    replica.settings_dict = {**mirror, "NAME": name, "TEST": {**mirror["TEST"], "MIRROR": None}}
    try:
        yield name
    finally:
        with django_db_blocker.unblock():
            replica.close()
            replica.settings_dict = mirror
            with primary._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def replicate() -> None:
    """Make the replica hold exactly what the primary holds now, this test's rows included (both
    are inside the test's transactions, rolled back at its end)."""
    primary, replica = connections["default"], connections[REPLICA]
    tables = primary.introspection.table_names()
    with primary.cursor() as source, replica.cursor() as target:
        # As a replica applies the primary's changes: no triggers, so no foreign-key checks and
        # no append-only refusals while tables are emptied and filled in any order.
        target.execute("SET LOCAL session_replication_role = replica")
        for table in tables:
            quoted = primary.ops.quote_name(table)
            target.execute(f"DELETE FROM {quoted}")  # noqa: S608 (the database's own table names)
            with (
                source.cursor.copy(f"COPY {quoted} TO STDOUT") as out,
                target.cursor.copy(f"COPY {quoted} FROM STDIN") as into,
            ):
                for block in out:
                    into.write(block)


def on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def statements(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"].lstrip().split(" ", 1)[0].upper() for q in captured.captured_queries]


def expected_average(response: HttpResponse, office: str) -> str:
    rows = {row.label: row for row in response.context["report"].rows}
    return str(rows[office].expected_average)


def csv_rows(response: HttpResponse) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# --- The router and the decorator, without a database -----------------------------------------


def test_the_router_reads_the_replica_only_inside_a_marked_get() -> None:
    router = ReplicaRouter()
    seen: list[tuple[bool, str, str, str]] = []

    @may_read_replica
    def view(request: HttpRequest) -> HttpResponse:
        seen.append(
            (
                reading_replica(),
                router.db_for_read(Case),
                router.db_for_write(Case),
                router.db_for_read(_session_model()),
            )
        )
        return HttpResponse()

    factory = RequestFactory()
    view(factory.get("/"))
    view(factory.head("/"))
    view(factory.post("/"))
    assert seen == [
        (True, "replica", "default", "default"),  # the session is the primary's on every page
        (True, "replica", "default", "default"),
        (False, "default", "default", "default"),  # a POST reads what it has just written
    ]
    assert router.db_for_read(Case) == "default"  # and outside the view, the primary again


def test_a_view_that_fails_leaves_reads_on_the_primary() -> None:
    @may_read_replica
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        view(RequestFactory().get("/"))
    assert not reading_replica()
    assert ReplicaRouter().db_for_read(Case) == "default"


def test_migrations_run_on_the_primary_only() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "cases")
    assert not router.allow_migrate(REPLICA, "cases")


def _session_model() -> Any:
    from django.contrib.sessions.models import Session

    return Session


# --- Pages, against a second database ---------------------------------------------------------


@pytest.mark.django_db(databases=["default", REPLICA])
def test_reports_read_the_replica_and_targets_are_set_on_the_primary(
    replica_database: str, world: World, client_as: Callable[[str], Client]
) -> None:
    year = current_year()
    office = world.home_office
    direktorat = world.user("direktorat")
    target_set(
        office=office, year=year, expected_at_year_end=5, expected_average=4, actor=direktorat
    )
    client = client_as("direktorat")
    csv_then = client.get(reverse("reporting:maaltall_csv")).content
    replicate()
    # Set after the replica's copy: not on the replica yet.
    target_set(
        office=office, year=year, expected_at_year_end=5, expected_average=9, actor=direktorat
    )
    client = client_as("direktorat")  # a session the replica has never seen

    with ROUTED, on(REPLICA) as replica, on("default") as primary:
        page = client.get(reverse("reporting:maaltall"))
        assert page.status_code == 200
        assert expected_average(page, office.name) == "4"  # the replica's
        assert client.get(reverse("reporting:maaltall_csv")).content == csv_then
        assert client.get(reverse("reporting:outcomes")).status_code == 200
        assert client.get(reverse("reporting:outcomes_csv")).status_code == 200
        assert client.head(reverse("reporting:maaltall")).status_code == 200
    assert statements(replica)
    assert set(statements(replica)) <= READS
    # The primary answered the session and the user, and nothing of the reports.
    assert all("reporting_target" not in q["sql"] for q in primary.captured_queries)

    with ROUTED, on(REPLICA) as replica:
        targets_page = client.get(reverse("reporting:targets"))
        saved = client.post(
            reverse("reporting:targets"),
            {"office": office.pk, "year": year, "expected_at_year_end": 6, "expected_average": 12},
        )
        asked = client.post(reverse("reporting:pdf_request"), {"kind": "maaltall", "year": year})
        progress = client.get(asked["Location"])
    assert replica.captured_queries == []  # setting targets and the PDF: the primary only
    assert [t.expected_average for t in targets_page.context["targets"]] == [9]
    assert saved.status_code == 302
    assert Target.objects.using("default").get(office=office, year=year).expected_average == 12
    assert Target.objects.using(REPLICA).get(office=office, year=year).expected_average == 4
    assert progress.status_code == 200  # the row its POST wrote, which the replica has not got
    assert not ReportPdf.objects.using(REPLICA).exists()

    # Without the setting every read is the primary's: the target just set shows at once.
    with on(REPLICA) as replica:
        page = client.get(reverse("reporting:maaltall"))
        rows = csv_rows(client.get(reverse("reporting:maaltall_csv")))
    assert replica.captured_queries == []
    assert expected_average(page, office.name) == "12"
    assert any(office.name in row and "12" in row for row in rows)


@pytest.mark.django_db(databases=["default", REPLICA])
def test_dashboards_read_the_replica_and_write_the_access_log_to_the_primary(
    replica_database: str, world: World, client_as: Callable[[str], Client]
) -> None:
    spesialist = world.user("spesialist")
    replicate()
    late = open_case(spesialist, first_name="Sen", last_name="Kopiering")  # after the copy
    client = client_as("teamleder")
    logged = AccessLogEntry.objects.using("default").count()

    with ROUTED, on(REPLICA) as replica, on("default") as primary:
        board = client.get(reverse("dashboards:team")).context["board"]
        drill = client.get(reverse("dashboards:drill", args=["caseload"]))
        export = client.get(reverse("dashboards:drill_export", args=["caseload", "csv"]))
    assert statements(replica)
    assert set(statements(replica)) <= READS
    # The drill-through and its export logged every person they showed, on the primary.
    assert "INSERT" in statements(primary)
    shown = [case.pk for case in drill.context["cases"]]
    assert world.case.pk in shown
    assert late.pk not in shown  # the replica has not got it yet
    assert export.status_code == 200
    assert AccessLogEntry.objects.using("default").count() == logged + 2 * len(shown)
    assert AccessLogEntry.objects.using(REPLICA).count() < logged + len(shown)
    caseload_on_replica = board.row_for(spesialist.pk).caseload

    # A saved filter is written to the primary and read from it on the page it leads back to.
    with ROUTED, on(REPLICA) as replica:
        response = client.post(reverse("dashboards:filter_save"), {"name": "Mine"})
    assert replica.captured_queries == []
    assert SavedFilter.objects.using("default").filter(name="Mine").exists()
    assert not SavedFilter.objects.using(REPLICA).exists()
    with ROUTED:
        back = client.get(response["Location"])
    assert [f.name for f in back.context["saved"]] == ["Mine"]

    # Other pages read the primary: the worklist has the case the replica has not got.
    own = client_as("spesialist")
    with ROUTED, on(REPLICA) as replica:
        worklist = own.get(reverse("cases:worklist"))
    assert replica.captured_queries == []
    assert "Kopiering" in worklist.content.decode()

    # Without the setting the dashboard is the primary's, with the late case counted.
    with on(REPLICA) as replica:
        board = client.get(reverse("dashboards:team")).context["board"]
    assert replica.captured_queries == []
    assert board.row_for(spesialist.pk).caseload == caseload_on_replica + 1
