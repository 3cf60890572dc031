"""The monthly participant stock (beholdning): who was a participant at each month's end.

The rule, which reproduces the published Tabell 4.1/4.2 of report 000 exactly
(``data/aap-som-lonnstilskudd``, ``tests/reporting/test_reference_figures.py``):

- A case **enters** in the month of its ``participant_since`` (the day it became active; never
  ``candidate_since``: 000 L1879 separates the candidate from the participant).
- A case **leaves** in the month of its discharge (``end_date`` of a discharged or closed case).
- It counts in the **stock at the end of month M** when it entered in M or before and has not
  left in M or before. So the month of discharge is *not* counted at its end, whatever the day
  of discharge (the last day of the month included): "until the month of discharge" means up
  to and including the month before it. This is what makes the published identity hold,
  ``stock(M) = stock(M - 1) + entered(M) - left(M)``: a case entering and leaving in the same
  month is counted once in each flow and never in a stock.
- A paused case is still a participant: a pause changes neither date.
- A **reopened** case is one spell. Reopening (a new referral within the programme's gap
  period) clears the discharge, so the case entered once, at its first ``participant_since``,
  leaves once, at its last discharge, and counts in every month between, the gap included.
  This is what the published figures count: Tabell 4.1's inflow is persons (Oslo's inflow sums
  to the 231 persons who took part, 000 L997-1000), so a returning participant is not a second
  entry. Because the counts are computed from the cases as they are now, a month's stock can
  rise after the fact when a case discharged in it is reopened; a signed half-yearly form keeps
  the figures it was signed with.
- A case counts at its current office and programme for its whole spell (a transfer between
  offices moves its history with it).
- Rejected and withdrawn cases never became active, and never count.

Everything is counted in the database, in one query per call: a filtered COUNT per month,
grouped by office (and programme).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.cases.models import Case, CaseStatus
from apps.organisation.models import Office
from apps.programmes.models import Programme

# Statuses whose ``end_date`` is a discharge: the case has left the programme.
LEFT_STATUSES = (CaseStatus.DISCHARGED, CaseStatus.CLOSED)


def month_of(day: datetime.date) -> datetime.date:
    """The month holding ``day``, as its first day: months are dates with day 1 throughout."""
    return day.replace(day=1)


def last_day(month: datetime.date) -> datetime.date:
    return month_of(month) + relativedelta(months=1, days=-1)


def months_from(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first``'s to ``last``'s, both included."""
    months = []
    month = month_of(first)
    while month <= month_of(last):
        months.append(month)
        month += relativedelta(months=1)
    return months


@dataclass(frozen=True)
class StockMonth:
    month: datetime.date  # its first day
    entered: int
    left: int
    at_month_end: int


@dataclass(frozen=True)
class StockSeries:
    """One office's (and, if asked for, one programme's) months in order."""

    office_id: int
    programme_id: int | None  # None: every programme counted together
    months: tuple[StockMonth, ...]

    def at(self, month: datetime.date) -> StockMonth:
        wanted = month_of(month)
        for row in self.months:
            if row.month == wanted:
                return row
        raise KeyError(wanted)


def _participants(offices: list[Office] | None, programme: Programme | None) -> QuerySet[Case]:
    cases = Case.objects.filter(participant_since__isnull=False)
    if offices is not None:
        cases = cases.filter(office__in=[office.pk for office in offices])
    if programme is not None:
        cases = cases.filter(programme=programme)
    # Clear Meta.ordering: an ORDER BY column would join the GROUP BY and split the counts.
    return cases.order_by()


def _left_by(day: datetime.date) -> Q:
    return Q(status__in=LEFT_STATUSES, end_date__lte=day)


def monthly_stock(
    *,
    first: datetime.date,
    last: datetime.date,
    offices: Iterable[Office] | None = None,
    programme: Programme | None = None,
    per_programme: bool = False,
) -> list[StockSeries]:
    """Entered, left and the month-end stock for each month from ``first`` to ``last``.

    One series per office (per office and programme with ``per_programme``). Offices passed in
    get a series of zeros when they have no participants; without ``offices``, every office that
    has had a participant is listed. One query.
    """
    months = months_from(first, last)
    if not months:
        return []
    office_list = list(offices) if offices is not None else None
    counts: dict[str, Count] = {}
    for index, month in enumerate(months):
        end = last_day(month)
        counts[f"entered_{index}"] = Count(
            "pk", filter=Q(participant_since__gte=month, participant_since__lte=end)
        )
        counts[f"left_{index}"] = Count(
            "pk", filter=Q(status__in=LEFT_STATUSES, end_date__gte=month, end_date__lte=end)
        )
        counts[f"stock_{index}"] = Count(
            "pk", filter=Q(participant_since__lte=end) & ~_left_by(end)
        )
    group = ["office_id", "programme_id"] if per_programme else ["office_id"]
    # Only spells that overlap the months matter: started by the last one, not left before the
    # first one.
    rows = (
        _participants(office_list, programme)
        .filter(participant_since__lte=last_day(months[-1]))
        .exclude(_left_by(months[0] - datetime.timedelta(days=1)))
        .values(*group)
        .annotate(**counts)
        .order_by(*group)
    )
    series: dict[tuple[int, int | None], StockSeries] = {}
    for row in rows:
        key = (row["office_id"], row["programme_id"] if per_programme else None)
        series[key] = StockSeries(
            office_id=key[0],
            programme_id=key[1],
            months=tuple(
                StockMonth(
                    month=month,
                    entered=row[f"entered_{index}"],
                    left=row[f"left_{index}"],
                    at_month_end=row[f"stock_{index}"],
                )
                for index, month in enumerate(months)
            ),
        )
    if office_list is not None:
        # Offices asked for but without a participant yet still get their row of zeros.
        empty = tuple(StockMonth(month, 0, 0, 0) for month in months)
        wanted_programme = programme.pk if (per_programme and programme is not None) else None
        for office in office_list:
            if not per_programme or programme is not None:
                key = (office.pk, wanted_programme)
                series.setdefault(key, StockSeries(office.pk, wanted_programme, empty))
    return [series[key] for key in sorted(series, key=lambda k: (k[0], k[1] or 0))]


@dataclass(frozen=True)
class AverageStock:
    """The average of an office's month-end stocks over the months of a year that have ended."""

    office_id: int
    year: int
    months: int  # how many month-ends were averaged: 12 once the year is over
    total: int  # the sum of those month-end stocks
    at_year_end: int | None  # the stock at the end of December, once December has ended

    @property
    def exact(self) -> Decimal:
        return Decimal(self.total) / self.months if self.months else Decimal(0)

    @property
    def whole(self) -> int:
        """The average as a whole number of participants, rounded down.

        The directorate's Tabell 1 (000 L482-506) publishes the achieved average this way: its
        2013 column is reproduced exactly by rounding each office's average down (Bergen
        250/12 = 20.83 is published as 20; Fredrikstad 9.92 and Sarpsborg 5.33 as 9 + 5 = 14).
        """
        return int(self.exact.to_integral_value(rounding=ROUND_FLOOR))


def yearly_average(
    *,
    year: int,
    offices: Iterable[Office],
    programme: Programme | None = None,
    as_of: datetime.date | None = None,
) -> dict[int, AverageStock]:
    """Each office's average of month-end stocks in ``year``, by office id. One query.

    The average runs over the calendar year's months whose last day is on or before ``as_of``
    (today by default): all twelve for a year that is over, counting months before an office's
    first participant as zero, which is how the directorate's achieved averages for 2013 come
    out (the trial started in March, and the published averages divide by twelve).
    """
    as_of = as_of or timezone.localdate()
    office_list = list(offices)
    ended = [
        month
        for month in months_from(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        if last_day(month) <= as_of
    ]
    if not ended:
        return {office.pk: AverageStock(office.pk, year, 0, 0, None) for office in office_list}
    series = monthly_stock(first=ended[0], last=ended[-1], offices=office_list, programme=programme)
    result = {}
    for row in series:
        december = row.months[-1] if len(ended) == 12 else None
        result[row.office_id] = AverageStock(
            office_id=row.office_id,
            year=year,
            months=len(ended),
            total=sum(month.at_month_end for month in row.months),
            at_year_end=december.at_month_end if december is not None else None,
        )
    return result
