"""The published figures of "AAP som lønnstilskudd" (report 000), rebuilt as cases.

``load_reference_data`` makes one case per participant of Tabell 4.1 through the case services
(March 2013 to September 2014: 463 cases, 161 discharged). From those cases:

Reproduced exactly from the flows
- Tabell 4.2, the month-end stock of every office in every month, and Tabell 4.1's inflow and
  outflow.
- The achieved averages of 2013 in Tabell 1 ("gjennomførte tiltak i snitt"): each office's
  average of the twelve month-end stocks of 2013 (January and February, before the trial
  started, count as 0), rounded down to whole participants: Oslo 327/12 = 27.25 -> 27, Bergen
  250/12 = 20.83 -> 20, Kristiansand 108/12 = 9, Østfold 119/12 = 9.92 -> 9 plus 64/12 = 5.33 -> 5,
  14 (the combined 183/12 = 15.25 would give 15: the directorate rounded per office). Together
  70 of the expected 150: 47 %.
- The 2013 year-end counts (not published in Tabell 1) against the expected year-end figures.

Taken as published
- The achieved averages of 2014 (Oslo 149, Kristiansand 33, Bergen 59, Østfold 52, Tromsø 2; 295
  in all). The flows stop in September 2014 and hold no Tromsø, so they cannot give a full-year
  figure: the nine month-ends January-September give Oslo 1152/9 = 128.0, Bergen 444/9 = 49.3,
  Kristiansand 294/9 = 32.7, Østfold 229/9 + 197/9 = 25.4 + 21.9, well below what was published
  for Oslo, Bergen and Østfold; carrying September's stock through December gives 134.75,
  51.75, 32.75 and 27.1 + 22.2, no closer. The published figures must include October to
  December 2014 (the report was written in 2015). So for 2014 the test takes the published
  achieved averages, the targets from the database, and checks the achievement percentages.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from apps.cases.models import Case, CaseStatus
from apps.organisation.models import Office
from apps.reporting.reference import (
    PublishedTarget,
    ReferenceData,
    load_reference_data,
    read_flows,
    read_maaltall,
    read_stock,
)
from apps.reporting.reports import maaltall_report, stock_by_office
from apps.reporting.selectors import achievement, percent, targets_for
from apps.reporting.stock import monthly_stock, yearly_average
from apps.reporting.suppression import SUPPRESSED

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST, LAST = D(2013, 3, 1), D(2014, 9, 1)
FIVE = ("Oslo", "Bergen", "Kristiansand", "Fredrikstad", "Sarpsborg")


def offices(data: ReferenceData, names: tuple[str, ...]) -> list[Office]:
    return [data.offices[name] for name in names]


def published(year: int) -> dict[str, PublishedTarget]:
    return {row.name: row for row in read_maaltall() if row.year == year and row.achieved_average}


# Building the 463 cases takes about 13 seconds, so one test builds them once and makes every
# check below on them (module-scoped data would be rebuilt each time a parallel worker comes
# back to the module). Each check is a function named for what it shows.


def test_the_reference_cases_reproduce_the_published_tables(
    django_assert_num_queries: Any,
) -> None:
    data = load_reference_data()
    check_the_loader_makes_one_case_per_participant_through_the_services(data)
    check_the_stock_gives_tabell_4_2_for_every_office_and_month(data)
    check_entered_and_left_give_tabell_4_1_for_every_office_and_month(data)
    check_the_2013_achieved_averages_are_reproduced_from_the_flows(data, django_assert_num_queries)
    check_the_2013_year_end_counts_stand_against_each_offices_target(data)
    check_the_2014_published_averages_give_the_readmes_percentages(data)
    check_the_2014_averages_from_the_flows_cannot_give_the_published_ones(data)
    check_a_group_of_offices_needs_a_target_for_each(data)
    check_the_directorate_reports_selector_gives_tabell_4_2(data)
    check_the_directorate_report_shows_the_2013_achievement(data)


def check_the_loader_makes_one_case_per_participant_through_the_services(
    data: ReferenceData,
) -> None:
    flows = read_flows()
    made = Case.objects.filter(programme=data.programme)
    assert made.count() == sum(f.entered for f in flows) == 463
    assert made.filter(status=CaseStatus.DISCHARGED).count() == sum(f.left for f in flows) == 161
    assert not made.filter(participant_since__isnull=True).exists()
    # Built as people build them: every case has its events, from referral to activation.
    assert set(made.values_list("events__to_status", flat=True)) == {
        "referred",
        "intake",
        "active",
        "discharged",
    }
    assert {o.county.name for o in data.offices.values()} == {
        "Oslo",
        "Vestland",
        "Agder",
        "Østfold",
        "Troms",
    }


def check_the_stock_gives_tabell_4_2_for_every_office_and_month(data: ReferenceData) -> None:
    rows = monthly_stock(
        first=FIRST, last=LAST, offices=offices(data, FIVE), programme=data.programme
    )
    name = {office.pk: name for name, office in data.offices.items()}
    computed = {
        (name[row.office_id], month.month): month.at_month_end
        for row in rows
        for month in row.months
    }
    expected = read_stock()
    assert len(expected) == 5 * 19
    assert computed == expected


def check_entered_and_left_give_tabell_4_1_for_every_office_and_month(data: ReferenceData) -> None:
    rows = monthly_stock(first=FIRST, last=LAST, offices=offices(data, FIVE))
    name = {office.pk: name for name, office in data.offices.items()}
    computed = {
        (name[row.office_id], month.month): (month.entered, month.left)
        for row in rows
        for month in row.months
    }
    assert computed == {(f.office, f.month): (f.entered, f.left) for f in read_flows()}


def check_the_2013_achieved_averages_are_reproduced_from_the_flows(
    data: ReferenceData, django_assert_num_queries: Any
) -> None:
    expected = {  # achieved average, expected average, per cent
        "Oslo (all offices)": (27, 84, 32),
        "Kristiansand": (9, 12, 75),
        "Bergen (Bergenhus, Fyllingsdalen, Laksevåg)": (20, 31, 65),
        "Østfold (Sarpsborg + Fredrikstad combined)": (14, 23, 61),
    }
    found = {}
    for name, row in published(2013).items():
        result = achievement(
            offices=offices(data, row.offices), year=2013, programme=data.programme
        )
        assert result.months == 12
        assert result.average == row.achieved_average
        found[name] = (result.average, result.expected_average, result.average_percent)
    assert found == expected

    with django_assert_num_queries(2):  # the stocks, the targets
        result = achievement(offices=offices(data, FIVE), year=2013, programme=data.programme)
    assert (result.average, result.expected_average, result.average_percent) == (70, 150, 47)
    # The exact averages add up to more than the published whole numbers.
    assert result.average_exact == Decimal(327 + 250 + 108 + 119 + 64) / 12
    # Year end 2013 (not in Tabell 1): 80 + 38 + 22 + 24 + 16 = 180 of the expected 300.
    assert (result.at_year_end, result.expected_at_year_end, result.year_end_percent) == (
        180,
        300,
        60,
    )


def check_the_2013_year_end_counts_stand_against_each_offices_target(data: ReferenceData) -> None:
    found = {}
    for name in FIVE:
        result = achievement(offices=[data.offices[name]], year=2013, programme=data.programme)
        found[name] = (result.at_year_end, result.expected_at_year_end, result.year_end_percent)
    assert found == {
        "Oslo": (80, 168, 48),
        "Bergen": (38, 63, 60),
        "Kristiansand": (22, 24, 92),
        "Fredrikstad": (24, 24, 100),
        "Sarpsborg": (16, 21, 76),
    }


def check_the_2014_published_averages_give_the_readmes_percentages(data: ReferenceData) -> None:
    found = {}
    for name, row in published(2014).items():
        target = targets_for(
            offices=offices(data, row.offices), year=2014, programme=data.programme
        )
        assert target is not None
        assert row.achieved_average is not None
        found[name] = (row.achieved_average, target.expected_average)
    assert found == {
        "Oslo (all offices)": (149, 212),
        "Kristiansand": (33, 32),
        "Bergen (Bergenhus, Fyllingsdalen, Laksevåg)": (59, 72),
        "Østfold (Sarpsborg + Fredrikstad combined)": (52, 56),
        "Tromsø": (2, 28),
    }
    assert {name: percent(*figures) for name, figures in found.items()} == {
        "Oslo (all offices)": 70,
        "Kristiansand": 103,
        "Bergen (Bergenhus, Fyllingsdalen, Laksevåg)": 82,
        "Østfold (Sarpsborg + Fredrikstad combined)": 93,
        "Tromsø": 7,
    }
    everyone = targets_for(offices=data.offices.values(), year=2014, programme=data.programme)
    assert everyone is not None
    achieved = sum(achieved for achieved, _expected in found.values())
    assert (achieved, everyone.expected_average, everyone.expected_at_year_end) == (295, 400, 500)
    assert percent(achieved, everyone.expected_average) == 74


def check_the_2014_averages_from_the_flows_cannot_give_the_published_ones(
    data: ReferenceData,
) -> None:
    averages = yearly_average(
        year=2014, offices=offices(data, FIVE), programme=data.programme, as_of=D(2014, 9, 30)
    )
    found = {name: averages[data.offices[name].pk] for name in FIVE}
    assert {name: (a.months, a.total, a.whole) for name, a in found.items()} == {
        "Oslo": (9, 1152, 128),
        "Bergen": (9, 444, 49),
        "Kristiansand": (9, 294, 32),
        "Fredrikstad": (9, 229, 25),
        "Sarpsborg": (9, 197, 21),
    }
    # Published: Oslo 149, Bergen 59, Østfold 52.
    assert found["Oslo"].whole < 149
    assert found["Bergen"].whole < 59
    assert found["Fredrikstad"].whole + found["Sarpsborg"].whole < 52


def check_a_group_of_offices_needs_a_target_for_each(data: ReferenceData) -> None:
    # Tromsø joined in 2014: there is no 2013 target to add to the others.
    assert targets_for(offices=data.offices.values(), year=2013, programme=data.programme) is None
    assert (
        achievement(
            offices=data.offices.values(), year=2013, programme=data.programme
        ).average_percent
        is None
    )


def check_the_directorate_reports_selector_gives_tabell_4_2(data: ReferenceData) -> None:
    """The national måltall page is made from ``stock_by_office``: for every office and month
    of the published table it gives the published stock."""
    computed = {}
    for year, as_of in ((2013, D(2013, 12, 31)), (2014, D(2014, 9, 30))):
        report_offices, months, stock = stock_by_office(
            year=year, programme=data.programme, as_of=as_of
        )
        assert len(months) == (12 if year == 2013 else 9)
        for office in report_offices:
            for month in stock[office.pk].months:
                if month.month >= FIRST:
                    computed[(office.name, month.month)] = month.at_month_end
    assert {key: computed[key] for key in read_stock()} == read_stock()


def check_the_directorate_report_shows_the_2013_achievement(data: ReferenceData) -> None:
    report = maaltall_report(year=2013, programme=data.programme, as_of=D(2014, 1, 31))
    rows = {row.label: row for row in report.rows}
    assert rows["Oslo"].average == "27"
    assert rows["Bergen"].average == "20"
    assert rows["Kristiansand"].average == "9"
    assert report.total.average == "70"
    assert report.total.expected_average == "150"
    assert report.total.average_percent == "47 %"
    # Month cells of 1 to 4 are never printed; the published ones are the stock.
    stock = read_stock()
    for row in report.rows:
        for month, shown in zip(report.months, row.months, strict=True):
            if (row.label, month) in stock:
                value = stock[(row.label, month)]
                if 1 <= value <= 4:
                    assert shown == SUPPRESSED, (row.label, month)
                else:
                    assert shown in (SUPPRESSED, str(value)), (row.label, month)
    assert SUPPRESSED in rows["Kristiansand"].months
