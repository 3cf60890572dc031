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
