"""Outcome measures, case by case: what counts as in work, and which status is read."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from apps.cases import services as cases
from apps.cases.models import Case, CaseStatus
from apps.organisation.demo import load_organisation
from apps.organisation.models import Office, User
from apps.programmes.models import Programme
from apps.reporting.measures import MEASURES, rate, rates_by_office
from apps.reporting.services import TargetError, target_set
from tests.participants.factories import register
from tests.reporting.helpers import discharge, follow_up, start_case

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def users() -> dict[str, User]:
    return load_organisation()


@pytest.fixture
def specialist(users: dict[str, User]) -> User:
    return users["spesialist"]


def test_in_work_means_paid_work_of_at_least_four_hours_a_week(specialist: User) -> None:
    statuses = [
        ({"in_work": True, "work_hours_per_week": 4}, True),
        ({"in_work": True, "work_hours_per_week": 3.5}, False),
        ({"in_work": True, "work_hours_per_week": 20, "work_with_wage_subsidy": True}, True),
        ({"in_work": True, "work_percent": 11}, True),  # 4.1 hours of a 37.5-hour week
        ({"in_work": True, "work_percent": 10}, False),
        ({"in_work": True}, False),  # neither hours nor percentage: cannot tell
        # Unpaid practice is recorded as not in paid work, whatever its hours.
        ({"in_work": False, "work_hours_per_week": 30}, False),
    ]
    for status, _counts in statuses:
        case = start_case(specialist, on=D(2025, 1, 6))
        discharge(case, specialist, on=D(2025, 3, 3), **status)
    result = rate("in_work_at_discharge@1", as_of=D(2025, 12, 31))
    assert (result.numerator, result.denominator) == (
        sum(counts for _status, counts in statuses),
        len(statuses),
    )
    assert result.numerator == 3


def test_a_reopened_case_is_read_at_its_current_discharge_and_its_own_follow_ups(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2025, 1, 6))
    discharge(case, specialist, on=D(2025, 3, 10), in_work=True, work_hours_per_week=30)
    follow_up(case, specialist, months=3, in_work=True, work_hours_per_week=30)
    before = rate("in_work_after_discharge@1", as_of=D(2026, 6, 30))
    assert (before.numerator, before.denominator) == (1, 1)

    again, reopened = cases.case_refer(
        actor=specialist,
        participant=case.participant,
        programme=case.programme,
        referral_date=D(2025, 7, 1),
    )
    assert reopened
    # While it is open again it is in no discharged denominator at all.
    assert rate("in_work_at_discharge@1").denominator == 0
    discharge(again, specialist, on=D(2025, 9, 1), job_seeker=True)

    at_discharge = rate("in_work_at_discharge@1", as_of=D(2026, 6, 30))
    assert (at_discharge.numerator, at_discharge.denominator) == (0, 1)
    # The +3 done after the first discharge belongs to that discharge, not to this one.
    after = rate("in_work_after_discharge@1", as_of=D(2026, 6, 30))
    assert (after.numerator, after.recorded, after.denominator) == (0, 0, 1)
    follow_up(again, specialist, months=3, in_work=True, work_hours_per_week=10)
    after = rate("in_work_after_discharge@1", as_of=D(2026, 6, 30))
    assert (after.numerator, after.recorded, after.denominator) == (1, 1, 1)


def test_a_closed_case_counts_as_discharged_and_rejected_or_withdrawn_never(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2024, 1, 8))
    discharge(case, specialist, on=D(2024, 3, 1), in_work=True, work_hours_per_week=37.5)
    for months in (3, 6, 12):
        follow_up(case, specialist, months=months, in_work=True, work_hours_per_week=37.5)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    for end in (cases.case_reject, cases.case_withdraw):
        referred, _ = cases.case_refer(
            actor=specialist,
            participant=register(specialist),
            programme=Programme.objects.get(code="ips"),
            referral_date=D(2024, 2, 1),
        )
        end(case=referred, actor=specialist, on=D(2024, 2, 2), reason="Ikke aktuell")
    assert Case.objects.filter(end_date__isnull=False).count() == 3
    assert rate("in_work_at_discharge@1").denominator == 1
    for months in (3, 6, 12):
        result = rate("in_work_after_discharge@1", months=months, as_of=D(2025, 6, 30))
        assert (result.numerator, result.denominator) == (1, 1)


def test_in_work_after_start_reads_the_last_status_recorded_by_then(specialist: User) -> None:
    # In work at discharge and at +3, out of work at +6: the +6 is the latest within a year.
    first = start_case(specialist, on=D(2024, 1, 15))
    discharge(first, specialist, on=D(2024, 6, 1), in_work=True, work_hours_per_week=30)
    follow_up(first, specialist, months=3, in_work=True, work_hours_per_week=30)
    follow_up(first, specialist, months=6, job_seeker=True)
    # Not in work at discharge, in work at +3 (1 January 2025), within a year of 10 January 2024.
    second = start_case(specialist, on=D(2024, 1, 10))
    discharge(second, specialist, on=D(2024, 10, 1), job_seeker=True)
    follow_up(second, specialist, months=3, in_work=True, work_hours_per_week=15)
    # Still active a year on: in N, nothing recorded.
    start_case(specialist, on=D(2024, 2, 1))
    # Started less than a year before the day of the report: not in N.
    start_case(specialist, on=D(2025, 6, 1))

    result = rate("in_work_after_start@1", as_of=D(2025, 3, 31))
    assert result.months == 12
    assert (result.numerator, result.recorded, result.denominator) == (1, 2, 3)
    six = rate("in_work_after_start@1", months=6, as_of=D(2025, 3, 31))
    # Six months after start: only the first's discharge (1 June 2024, in work) is known by then.
    assert (six.numerator, six.recorded, six.denominator) == (1, 1, 3)


def test_rates_split_by_office_in_one_query(
    users: dict[str, User], django_assert_num_queries: Any
) -> None:
    for owner, in_work in ((users["spesialist"], True), (users["annen"], False)):
        case = start_case(owner, on=D(2025, 1, 6))
        discharge(case, owner, on=D(2025, 2, 3), in_work=in_work, work_hours_per_week=30)
    with django_assert_num_queries(1):
        found = rates_by_office("in_work_at_discharge@1")
    assert {office: (r.numerator, r.denominator) for office, r in found.items()} == {
        users["spesialist"].office_id: (1, 1),
        users["annen"].office_id: (0, 1),
    }
    with django_assert_num_queries(1):
        rate("in_work_after_start@1", cases=Case.objects.filter(office=users["annen"].office))


def test_a_measure_is_named_with_its_version_and_its_months_are_checked() -> None:
    assert set(MEASURES) == {
        "in_work_at_discharge@1",
        "in_work_after_discharge@1",
        "still_in_work_after_discharge@1",
        "in_work_after_start@1",
    }
    with translation.override("en"):
        assert MEASURES["in_work_after_discharge@1"].title(6) == "In work 6 months after discharge"
    with pytest.raises(ValueError, match="not 4"):
        rate("in_work_after_discharge@1", months=4)
    with pytest.raises(ValueError, match="takes no number of months"):
        rate("in_work_at_discharge@1", months=3)
    with pytest.raises(KeyError, match="in_work_at_discharge@2"):
        rate("in_work_at_discharge@2")


def test_only_the_directorate_sets_targets_naming_known_measures(users: dict[str, User]) -> None:
    office = Office.objects.get(name="NAV Fredrikstad")
    with pytest.raises(TargetError):
        target_set(
            office=office,
            year=2026,
            expected_at_year_end=35,
            expected_average=28,
            actor=users["kontorleder"],
        )
    with pytest.raises(TargetError):
        target_set(
            office=office,
            year=2026,
            expected_at_year_end=35,
            expected_average=28,
            outcome_targets={"in_work_at_end": 65},
            actor=users["direktorat"],
        )
    first = target_set(
        office=office,
        year=2026,
        expected_at_year_end=35,
        expected_average=28,
        outcome_targets={"in_work_at_discharge@1": 65},
        actor=users["direktorat"],
    )
    second = target_set(
        office=office,
        year=2026,
        expected_at_year_end=40,
        expected_average=30,
        actor=users["direktorat"],
    )
    assert second.pk == first.pk
    assert (second.expected_at_year_end, second.outcome_targets) == (40, {})
