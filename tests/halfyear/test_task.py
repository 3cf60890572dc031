"""The beat task: on 1 January and 1 July at 01:00 Oslo time, a draft per office for the half-year
just ended; running it twice, or two at once, makes each form once."""

from __future__ import annotations

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from celery.schedules import crontab
from django.db import connections

from apps.halfyear.models import EventKind, HalfYearEvent, HalfYearForm
from apps.halfyear.services import form_create_for_office
from apps.halfyear.tasks import create_halfyear_forms
from apps.organisation.demo import load_organisation
from apps.organisation.models import OFFICE_ROLES, Office
from config.celery import app
from tests.halfyear.helpers import H1_2026, start_case

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def test_the_schedule_runs_at_one_in_the_night_on_the_first_of_january_and_july() -> None:
    entry = app.conf.beat_schedule["halfyear-forms"]
    assert entry["task"] == "apps.halfyear.tasks.create_halfyear_forms"
    assert entry["schedule"] == crontab(minute=0, hour=1, day_of_month=1, month_of_year="1,7")
    assert app.conf.timezone == "Europe/Oslo"


@pytest.mark.django_db
def test_the_task_makes_one_draft_per_office_and_running_it_again_changes_nothing() -> None:
    users = load_organisation()
    start_case(users["spesialist"], on=datetime.date(2026, 3, 2))
    offices = Office.objects.filter(staff__role__in=sorted(OFFICE_ROLES)).distinct()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 1, 0, tzinfo=OSLO), tick=False):
        assert create_halfyear_forms() == offices.count()
        assert create_halfyear_forms() == offices.count()
    forms = HalfYearForm.objects.filter(year=2026, half=1)
    assert sorted(forms.values_list("office_id", flat=True)) == sorted(o.pk for o in offices)
    assert HalfYearEvent.objects.filter(kind=EventKind.CREATED).count() == offices.count()
    home = forms.get(office=users["spesialist"].office)
    assert home.rows.count() == 1
    assert home.created_by is None
    assert home.figures["entered"] == 1


@pytest.mark.django_db
def test_on_new_years_night_the_task_makes_the_autumn_form() -> None:
    load_organisation()
    with time_machine.travel(datetime.datetime(2027, 1, 1, 1, 0, tzinfo=OSLO), tick=False):
        create_halfyear_forms()
    assert set(HalfYearForm.objects.values_list("year", "half")) == {(2026, 2)}


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_make_one_form(reference_data: None) -> None:
    users = load_organisation()
    start_case(users["spesialist"], on=datetime.date(2026, 3, 2))
    office = users["spesialist"].office
    barrier = threading.Barrier(4)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(form_create_for_office(office=office, half_year=H1_2026).pk)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(set(results)) == 1, results
    assert isinstance(results[0], int), results
    assert HalfYearForm.objects.filter(office=office).count() == 1
    assert HalfYearEvent.objects.filter(kind=EventKind.CREATED).count() == 1
    assert HalfYearForm.objects.get(office=office).rows.count() == 1


def _queries_to_make_the_form(office: Office) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    HalfYearForm.objects.filter(office=office).delete()  # a draft: its rows go with it
    with CaptureQueriesContext(connection) as captured:
        form = form_create_for_office(office=office, half_year=H1_2026)
    assert form.rows.count() > 0
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_making_an_office_form_costs_the_same_queries_for_two_cases_as_for_six() -> None:
    users = load_organisation()
    office = users["spesialist"].office
    for month in (1, 2):
        start_case(users["spesialist"], on=datetime.date(2026, month, 5))
    few = _queries_to_make_the_form(office)
    for month in (3, 4, 5, 6):
        start_case(users["kollega"], on=datetime.date(2026, month, 5))
    assert HalfYearForm.objects.get(office=office).rows.count() == 2
    many = _queries_to_make_the_form(office)
    assert HalfYearForm.objects.get(office=office).rows.count() == 6
    assert few == many


@pytest.mark.django_db
def test_a_refresh_writes_only_the_rows_the_cases_changed() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.halfyear.services import form_refresh
    from tests.halfyear.helpers import discharge

    users = load_organisation()
    spesialist = users["spesialist"]
    kept = start_case(spesialist, on=datetime.date(2026, 1, 5))
    changed = start_case(spesialist, on=datetime.date(2026, 2, 5))
    form = form_create_for_office(office=spesialist.office, half_year=H1_2026)

    def row_updates() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            form_refresh(form=form, actor=spesialist)
        return [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith("UPDATE ") and "halfyear_halfyearrow" in q["sql"]
        ]

    assert row_updates() == [], "nothing changed in the cases, so no row is written"
    discharge(
        changed,
        spesialist,
        on=datetime.date(2026, 5, 12),
        reason="work",
        in_work=True,
        work_hours_per_week=30,
    )
    updates = row_updates()
    assert len(updates) == 1
    rows = {row.case_id: row for row in form.rows.all()}
    assert rows[changed.pk].end_reason == "work"
    assert rows[changed.pk].discharged_month == datetime.date(2026, 5, 1)
    assert rows[kept.pk].end_reason == ""
