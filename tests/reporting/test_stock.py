"""The monthly stock, written out case by case: the rule of apps/reporting/stock.py."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from apps.cases import services as cases
from apps.organisation.demo import load_organisation
from apps.organisation.models import Office, User
from apps.programmes.models import Programme
from apps.reporting.stock import StockSeries, monthly_stock, yearly_average
from tests.participants.factories import register
from tests.reporting.helpers import discharge, start_case

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def specialist() -> User:
    return load_organisation()["spesialist"]


JANUARY, DECEMBER = D(2025, 1, 1), D(2025, 12, 1)


def series(owner: User, first: D = JANUARY, last: D = DECEMBER) -> StockSeries:
    office = owner.office
    assert office is not None
    (row,) = monthly_stock(first=first, last=last, offices=[office])
    return row


def stocks(row: StockSeries) -> list[int]:
    return [month.at_month_end for month in row.months]


def test_a_case_counts_from_the_month_it_became_active_not_from_intake(specialist: User) -> None:
    start_case(specialist, on=D(2025, 2, 3), referral_date=D(2025, 1, 20))
    row = series(specialist, last=D(2025, 3, 1))
    assert [(m.entered, m.left, m.at_month_end) for m in row.months] == [
        (0, 0, 0),  # January: referred and in intake, a candidate only
        (1, 0, 1),
        (0, 0, 1),
    ]


def test_entry_and_discharge_in_the_same_month_count_in_both_flows_and_no_stock(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2025, 3, 3))
    discharge(case, specialist, on=D(2025, 3, 20))
    march = series(specialist).at(D(2025, 3, 1))
    assert (march.entered, march.left, march.at_month_end) == (1, 1, 0)
    assert sum(stocks(series(specialist))) == 0


def test_a_discharge_on_the_last_day_of_a_month_is_not_counted_at_that_months_end(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2025, 1, 10))
    discharge(case, specialist, on=D(2025, 3, 31))
    row = series(specialist, last=D(2025, 4, 1))
    assert stocks(row) == [1, 1, 0, 0]
    assert row.at(D(2025, 3, 1)).left == 1


def test_a_discharge_on_the_first_of_the_next_month_is_counted_at_the_month_end_before(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2025, 1, 10))
    discharge(case, specialist, on=D(2025, 4, 1))
    assert stocks(series(specialist, last=D(2025, 4, 1))) == [1, 1, 1, 0]


def test_a_paused_case_is_still_a_participant(specialist: User) -> None:
    case = start_case(specialist, on=D(2025, 1, 10))  # utvidet-oppfolging allows pauses
    cases.case_pause(case=case, actor=specialist, on=D(2025, 2, 5), reason="Sykdom")
    assert stocks(series(specialist, last=D(2025, 4, 1))) == [1, 1, 1, 1]
    cases.case_resume(case=case, actor=specialist, on=D(2025, 5, 2))
    assert stocks(series(specialist, last=D(2025, 5, 1))) == [1, 1, 1, 1, 1]


def test_a_reopened_case_is_one_spell_entering_once_and_leaving_at_its_last_discharge(
    specialist: User,
) -> None:
    case = start_case(specialist, on=D(2025, 1, 10))
    discharge(case, specialist, on=D(2025, 3, 15))
    before = series(specialist)
    assert stocks(before)[:4] == [1, 1, 0, 0]
    assert before.at(D(2025, 3, 1)).left == 1

    again, reopened = cases.case_refer(
        actor=specialist,
        participant=case.participant,
        programme=case.programme,
        referral_date=D(2025, 5, 2),
    )
    assert reopened
    assert again.pk == case.pk
    discharge(again, specialist, on=D(2025, 7, 10))

    row = series(specialist)
    # The gap between the two discharges belongs to the spell; the first discharge is gone.
    assert stocks(row) == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    assert [m.entered for m in row.months] == [1] + [0] * 11
    assert [m.left for m in row.months] == [0] * 6 + [1] + [0] * 5


def test_rejected_withdrawn_and_waiting_cases_never_count(specialist: User) -> None:
    programme = Programme.objects.get(code="utvidet-oppfolging")
    for end in ("reject", "withdraw", None):
        case, _ = cases.case_refer(
            actor=specialist,
            participant=register(specialist),
            programme=programme,
            referral_date=D(2025, 2, 1),
        )
        case = cases.case_start_intake(case=case, actor=specialist, on=D(2025, 2, 3))
        if end == "reject":
            cases.case_reject(case=case, actor=specialist, on=D(2025, 2, 10), reason="Utenfor")
        elif end == "withdraw":
            cases.case_withdraw(case=case, actor=specialist, on=D(2025, 2, 10), reason="Flyttet")
    row = series(specialist)
    assert sum(stocks(row)) == sum(m.entered for m in row.months) == 0
    assert sum(m.left for m in row.months) == 0


def test_every_month_is_the_month_before_plus_entered_minus_left(specialist: User) -> None:
    spells = [
        (D(2025, 1, 1), D(2025, 1, 31)),
        (D(2025, 1, 15), None),
        (D(2025, 2, 28), D(2025, 6, 1)),
        (D(2025, 4, 30), D(2025, 4, 30)),
        (D(2024, 11, 5), D(2025, 2, 14)),
    ]
    for start, end in spells:
        case = start_case(specialist, on=start)
        if end is not None:
            discharge(case, specialist, on=end)
    row = series(specialist)
    previous = 1  # the 2024 spell, in the stock at the end of December 2024
    for month in row.months:
        assert month.at_month_end == previous + month.entered - month.left
        previous = month.at_month_end


def test_the_stock_is_counted_by_office_and_programme_in_one_query(
    specialist: User, django_assert_num_queries: Any
) -> None:
    users = load_organisation()
    start_case(specialist, on=D(2025, 1, 10))
    start_case(specialist, on=D(2025, 1, 12), programme="ips")
    start_case(users["annen"], on=D(2025, 2, 1))
    empty = Office.objects.get(name="NAV Tromsø")
    offices = [specialist.office, users["annen"].office, empty]
    with django_assert_num_queries(1):
        rows = monthly_stock(
            first=D(2025, 1, 1), last=D(2025, 2, 1), offices=offices, per_programme=True
        )
    found = {(r.office_id, r.programme_id): stocks(r) for r in rows}
    ips = Programme.objects.get(code="ips").pk
    utvidet = Programme.objects.get(code="utvidet-oppfolging").pk
    assert found == {
        (specialist.office_id, ips): [1, 1],
        (specialist.office_id, utvidet): [1, 1],
        (users["annen"].office_id, utvidet): [0, 1],
    }
    by_office = monthly_stock(
        first=D(2025, 1, 1),
        last=D(2025, 2, 1),
        offices=offices,
        programme=Programme.objects.get(code="utvidet-oppfolging"),
    )
    assert [(r.office_id, stocks(r)) for r in by_office] == sorted(
        [(specialist.office_id, [1, 1]), (users["annen"].office_id, [0, 1]), (empty.pk, [0, 0])]
    )


def test_the_yearly_average_divides_by_the_months_ended_and_rounds_down_to_whole(
    specialist: User,
) -> None:
    for _ in range(5):
        start_case(specialist, on=D(2025, 3, 10))
    office = specialist.office
    assert office is not None
    whole_year = yearly_average(year=2025, offices=[office], as_of=D(2026, 1, 1))[office.pk]
    # March to December at 5, January and February at 0: 50 / 12.
    assert (whole_year.months, whole_year.total, whole_year.at_year_end) == (12, 50, 5)
    assert whole_year.exact == Decimal(50) / 12
    assert whole_year.whole == 4
    # On 30 September the year has nine month-ends: January to September.
    so_far = yearly_average(year=2025, offices=[office], as_of=D(2025, 9, 30))[office.pk]
    assert (so_far.months, so_far.total, so_far.at_year_end) == (9, 35, None)
    assert yearly_average(year=2025, offices=[office], as_of=D(2025, 9, 29))[office.pk].months == 8
