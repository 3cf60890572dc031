"""Reads for reporting: måltall and how far the offices have come towards them.

Achievement (DOMAIN.md, "Måltall"): the average of the month-end participant counts against the
expected average, and the count at the end of December against the expected count at year end.
Offices reported together (Østfold's two offices, 000 Tabell 1) add up their targets and their
achieved figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from apps.organisation.models import Office
from apps.programmes.models import Programme
from apps.reporting.models import Target
from apps.reporting.stock import yearly_average


def percent(part: int | Decimal, whole: int | Decimal | None) -> int | None:
    """``part`` as a whole per cent of ``whole``, halves rounded up (73.75 % is 74 %)."""
    if not whole:
        return None
    share = Decimal(part) * 100 / Decimal(whole)
    return int(share.to_integral_value(rounding=ROUND_HALF_UP))


def targets_for(
    *, offices: Iterable[Office], year: int, programme: Programme | None = None
) -> Target | None:
    """The offices' targets for the year added together, as an unsaved Target; None unless every
    office has one (a sum over some of them would compare unlike with like). One query."""
    office_ids = {office.pk for office in offices}
    rows = Target.objects.filter(office__in=office_ids, year=year, programme=programme)
    totals = rows.aggregate(
        offices=Count("pk"),
        at_year_end=Sum("expected_at_year_end"),
        average=Sum("expected_average"),
    )
    if not office_ids or totals["offices"] != len(office_ids):
        return None
    return Target(
        year=year,
        programme=programme,
        expected_at_year_end=totals["at_year_end"],
        expected_average=totals["average"],
    )


@dataclass(frozen=True)
class Achievement:
    year: int
    months: int  # month-ends averaged: 12 once the year is over
    expected_average: int | None
    expected_at_year_end: int | None
    average_exact: Decimal  # the offices' exact averages added together
    average: int  # each office's average rounded down, added together: Tabell 1's figure
    at_year_end: int | None  # None until December has ended

    @property
    def average_percent(self) -> int | None:
        return percent(self.average, self.expected_average)

    @property
    def year_end_percent(self) -> int | None:
        if self.at_year_end is None:
            return None
        return percent(self.at_year_end, self.expected_at_year_end)


def achievement(
    *,
    offices: Iterable[Office],
    year: int,
    programme: Programme | None = None,
    as_of: datetime.date | None = None,
) -> Achievement:
    """How the offices (together) stand against their måltall for ``year``. Two queries.

    The achieved average is each office's average of month-end counts rounded down to whole
    participants and then added up, because that is how the directorate publishes it (see
    ``AverageStock.whole``); the exact sum is kept beside it.
    """
    office_list = list(offices)
    averages = yearly_average(year=year, offices=office_list, programme=programme, as_of=as_of)
    target = targets_for(offices=office_list, year=year, programme=programme)
    year_ends = [average.at_year_end for average in averages.values()]
    return Achievement(
        year=year,
        months=max((average.months for average in averages.values()), default=0),
        expected_average=target.expected_average if target else None,
        expected_at_year_end=target.expected_at_year_end if target else None,
        average_exact=sum((average.exact for average in averages.values()), Decimal(0)),
        average=sum(average.whole for average in averages.values()),
        at_year_end=(
            sum(count for count in year_ends if count is not None)
            if year_ends and None not in year_ends
            else None
        ),
    )
