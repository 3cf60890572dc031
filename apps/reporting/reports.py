"""The directorate's and the county coordinators' reports: måltall and outcomes, counts only.

Each report is built once by its selector here, and the page, the CSV and the PDF all render
that one object, so they can never disagree. The object holds display strings, not the counts
behind a hidden cell: a template cannot leak what it is not given.

Small numbers (DOMAIN.md, "Directorate reports"; ``apps.reporting.suppression``):

- The måltall report is one national table, offices by month-end, with its row totals (the
  participant-months that the yearly average is made of), the national total of each month and
  the grand total. It is suppressed once, for the whole country; a county coordinator's page
  shows its county's rows of that same table and the national totals, so every page publishes a
  part of one protected table and nothing else. Every figure beside a row is a function of the
  row's shown numbers: the achieved average (the row total over the months, rounded down as the
  directorate publishes it) is shown only when the row total is and the average is not itself
  1 to 4 (an average number of participants is a count of people), the year-end count only when
  December's cell is, a percentage only when the count it divides is. A sum over offices (a
  county's, the nation's achieved average) is shown only when every part of it is: one small
  office hides its county's and the nation's achieved average, never its own figure.
- The outcome report's columns are nested counts (discharged, of whom in work, ...), not parts
  of a whole, so each column is protected on its own as a one-column table with its national
  total; a rate is shown only when both of its counts are.

Targets (the expected figures) are the directorate's own numbers, not counts of people, and are
always shown.

Not covered: two reports for different programme filters of the same year are protected each on
its own; what one could infer by setting them side by side is not checked.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.cases.models import Case
from apps.organisation.models import County, Office
from apps.programmes.models import Programme
from apps.reporting.measures import MEASURES
from apps.reporting.models import Target
from apps.reporting.selectors import percent
from apps.reporting.stock import StockSeries, last_day, month_of, monthly_stock, months_from
from apps.reporting.suppression import SUPPRESSED, Suppression, is_small, suppress

NOT_SET = "–"
SUPPRESSION_CACHE_SECONDS = 7 * 24 * 3600
# Bump the version when the rule in suppression.py changes: an old answer is then never read.
SUPPRESSION_CACHE_PREFIX = "suppression:v1:"


def _shown(value: int, visible: bool) -> str:
    return str(value) if visible else SUPPRESSED


def _percent(part: int, whole: int | None, visible: bool) -> str:
    if not visible:
        return SUPPRESSED
    share = percent(part, whole)
    return NOT_SET if share is None else f"{share} %"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: object) -> object:
    """A cell as it may be written to a spreadsheet: text that could start a formula is quoted
    with a leading apostrophe, so it stays text; anything else is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: object) -> str:
    return str(defuse_formula(str(value)))


def as_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return out.getvalue()


# --- Måltall --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaaltallRow:
    label: str
    county: str
    months: tuple[str, ...]  # participants at each month's end, as shown
    average: str  # the achieved average
    expected_average: str
    average_percent: str
    at_year_end: str
    expected_at_year_end: str
    year_end_percent: str


CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 120, 50, 42  # the SVG's viewBox; bars stand on CHART_TOP


@dataclass(frozen=True)
class ChartBar:
    """One month's bar in the SVG chart, in the viewBox's units; a hidden month has no bar."""

    month: datetime.date
    value: int | None  # None: hidden
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def label_y(self) -> float:
        return round(self.y - 1, 2)


@dataclass(frozen=True)
class MaaltallReport:
    year: int
    programme: Programme | None
    county: County | None  # None: the whole country
    months: tuple[datetime.date, ...]  # the months of the year that have ended
    year_over: bool
    rows: tuple[MaaltallRow, ...]  # offices, by county and name
    counties: tuple[MaaltallRow, ...]  # per county: targets, and achieved where derivable
    total: MaaltallRow  # the whole country
    hidden: int  # how many numbers of the national table are not shown
    chart: tuple[ChartBar, ...] = field(default=())

    def csv(self) -> str:
        header = [
            _("County"),
            _("Office"),
            *[month.strftime("%Y-%m") for month in self.months],
            _("Achieved average"),
            _("Expected average"),
            _("Achievement (average)"),
            _("At year end"),
            _("Expected at year end"),
            _("Achievement (year end)"),
        ]
        rows = [*self.rows, *self.counties, self.total]
        return as_csv(
            header,
            (
                [
                    r.county,
                    r.label,
                    *r.months,
                    r.average,
                    r.expected_average,
                    r.average_percent,
                    r.at_year_end,
                    r.expected_at_year_end,
                    r.year_end_percent,
                ]
                for r in rows
            ),
        )


def report_months(year: int, as_of: datetime.date) -> list[datetime.date]:
    """The months of ``year`` whose last day is on or before ``as_of``."""
    return [
        month
        for month in months_from(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        if last_day(month) <= as_of
    ]


def report_offices(year: int, programme: Programme | None) -> list[Office]:
    """Every office with a participant in the year or a target for it: the rows of the national
    table, the same whoever asks. Two queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    spells = Case.objects.filter(participant_since__isnull=False, participant_since__lte=last)
    spells = spells.exclude(end_date__lt=first)
    targets = Target.objects.filter(year=year)
    if programme is not None:
        spells = spells.filter(programme=programme)
        targets = targets.filter(programme=programme)
    # EXISTS per office, not office IN (the offices of the spells): with IN, PostgreSQL read every
    # case of the country to build the set (35 ms at national scale); with EXISTS it probes each
    # office's cases by index and stops at the first spell (2 ms).
    return list(
        Office.objects.filter(
            Exists(spells.filter(office=OuterRef("pk")))
            | Exists(targets.filter(office=OuterRef("pk")))
        )
        .select_related("county")
        .order_by("county__number", "name")
    )


def suppress_cached(cells: list[list[int]]) -> Suppression:
    """``suppress``, remembered by the table's content: the same numbers always hide the same
    cells, so a stored answer is never stale. The national table of 250 offices takes seconds
    to protect; the next reader of the same figures gets it at once."""
    key = SUPPRESSION_CACHE_PREFIX + hashlib.sha256(json.dumps(cells).encode()).hexdigest()
    found = cache.get(key)
    if isinstance(found, Suppression):
        return found
    table = suppress(cells)
    cache.set(key, table, timeout=SUPPRESSION_CACHE_SECONDS)
    return table


def office_targets(
    *, year: int, offices: list[Office], programme: Programme | None
) -> dict[int, Target]:
    """Each office's targets for the year, as (unsaved) Targets: for one programme, its target;
    for all programmes, the office's target for all of them, or else its programmes' targets
    added together. One query."""
    rows = Target.objects.filter(year=year, office__in=[o.pk for o in offices])
    if programme is not None:
        rows = rows.filter(programme=programme)
    whole: dict[int, Target] = {}
    added: dict[int, Target] = {}
    for target in rows:
        if programme is not None or target.programme_id is None:
            whole[target.office_id] = target
            continue
        total = added.setdefault(
            target.office_id,
            Target(
                office_id=target.office_id, year=year, expected_at_year_end=0, expected_average=0
            ),
        )
        total.expected_at_year_end += target.expected_at_year_end
        total.expected_average += target.expected_average
    return {**added, **whole}


def stock_by_office(
    *, year: int, programme: Programme | None = None, as_of: datetime.date | None = None
) -> tuple[list[Office], list[datetime.date], dict[int, StockSeries]]:
    """The national table before suppression: offices, the months that have ended, and each
    office's month-end stock. The måltall report is made from this and nothing else."""
    as_of = as_of or timezone.localdate()
    offices = report_offices(year, programme)
    months = report_months(year, as_of)
    if not months or not offices:
        return offices, months, {}
    series = monthly_stock(first=months[0], last=months[-1], offices=offices, programme=programme)
    return offices, months, {row.office_id: row for row in series}


def maaltall_report(
    *,
    year: int,
    programme: Programme | None = None,
    county: County | None = None,
    as_of: datetime.date | None = None,
) -> MaaltallReport:
    """The måltall report for the country or (``county``) a county's part of it. Five queries."""
    as_of = as_of or timezone.localdate()
    offices, months, stock = stock_by_office(year=year, programme=programme, as_of=as_of)
    cells = [[m.at_month_end for m in stock[o.pk].months] if stock else [] for o in offices]
    table: Suppression | None = suppress_cached(cells) if offices and months else None
    targets = office_targets(year=year, offices=offices, programme=programme)
    year_over = len(months) == 12

    def visible(position: tuple[int | None, int | None]) -> bool:
        return table is not None and table.shows(position)

    rows: list[MaaltallRow] = []
    averages: dict[int, int | None] = {}  # office id: the achieved average, None when hidden
    year_ends: dict[int, int | None] = {}
    for i, office in enumerate(offices):
        values = cells[i]
        total = sum(values)
        average = total // len(months) if months else 0
        # The average is a count of people too: 1 to 4 is not shown, whatever the row's total.
        average_shown = bool(months) and visible((i, None)) and not is_small(average)
        december_shown = year_over and visible((i, len(months) - 1))
        averages[office.pk] = average if average_shown else None
        year_ends[office.pk] = values[-1] if december_shown else None
        target = targets.get(office.pk)
        rows.append(
            MaaltallRow(
                label=office.name,
                county=office.county.name,
                months=tuple(_shown(v, visible((i, j))) for j, v in enumerate(values)),
                average=_shown(average, average_shown) if months else NOT_SET,
                expected_average=str(target.expected_average) if target else NOT_SET,
                average_percent=(
                    _percent(average, target.expected_average, average_shown) if target else NOT_SET
                ),
                at_year_end=_shown(values[-1], december_shown) if year_over else NOT_SET,
                expected_at_year_end=str(target.expected_at_year_end) if target else NOT_SET,
                year_end_percent=(
                    _percent(values[-1], target.expected_at_year_end, december_shown)
                    if target and year_over
                    else NOT_SET
                ),
            )
        )

    def summary(label: str, county_name: str, members: list[Office]) -> MaaltallRow:
        ids = [o.pk for o in members]
        member_targets = [targets[i] for i in ids if i in targets]
        all_targets = len(member_targets) == len(ids) and bool(ids)
        expected_average = sum(t.expected_average for t in member_targets) if all_targets else None
        expected_year_end = (
            sum(t.expected_at_year_end for t in member_targets) if all_targets else None
        )
        parts = [averages[i] for i in ids]
        ends = [year_ends[i] for i in ids]
        average = sum(p for p in parts if p is not None)
        at_end = sum(e for e in ends if e is not None)
        average_shown = bool(months) and None not in parts
        end_shown = year_over and None not in ends
        return MaaltallRow(
            label=label,
            county=county_name,
            months=(),
            average=_shown(average, average_shown) if months else NOT_SET,
            expected_average=NOT_SET if expected_average is None else str(expected_average),
            average_percent=(
                _percent(average, expected_average, average_shown)
                if expected_average is not None
                else NOT_SET
            ),
            at_year_end=_shown(at_end, end_shown) if year_over else NOT_SET,
            expected_at_year_end=NOT_SET if expected_year_end is None else str(expected_year_end),
            year_end_percent=(
                _percent(at_end, expected_year_end, end_shown)
                if expected_year_end is not None and year_over
                else NOT_SET
            ),
        )

    national = summary(_("The whole country"), "", offices)
    column_totals = [sum(row[j] for row in cells) for j in range(len(months))]
    national = dataclasses.replace(
        national,
        months=tuple(_shown(v, visible((None, j))) for j, v in enumerate(column_totals)),
    )
    by_county: dict[int, list[Office]] = {}
    for office in offices:
        by_county.setdefault(office.county_id, []).append(office)
    county_rows = [
        summary(members[0].county.name, members[0].county.name, members)
        for county_id, members in by_county.items()
        if county is None or county_id == county.pk
    ]
    chart = _chart(months, column_totals, [visible((None, j)) for j in range(len(months))])
    shown_rows = [
        row
        for row, office in zip(rows, offices, strict=True)
        if county is None or office.county_id == county.pk
    ]
    return MaaltallReport(
        year=year,
        programme=programme,
        county=county,
        months=tuple(months),
        year_over=year_over,
        rows=tuple(shown_rows),
        counties=tuple(county_rows),
        total=national,
        hidden=len(table.hidden) if table else 0,
        chart=chart,
    )


def _chart(
    months: list[datetime.date], values: list[int], shown: list[bool]
) -> tuple[ChartBar, ...]:
    top = max((v for v, s in zip(values, shown, strict=True) if s), default=0) or 1
    slot = CHART_WIDTH / 12
    bars = []
    for j, (month, value, visible) in enumerate(zip(months, values, shown, strict=True)):
        height = round(value / top * (CHART_TOP - 4), 2) if visible else 0.0
        bars.append(
            ChartBar(
                month=month,
                value=value if visible else None,
                x=round(j * slot + slot * 0.15, 2),
                y=round(CHART_TOP - height, 2),
                width=round(slot * 0.7, 2),
                height=height,
            )
        )
    return tuple(bars)


# --- Outcomes -------------------------------------------------------------------------------

OUTCOME_MEASURES = (
    ("in_work_at_discharge@1", None),
    ("still_in_work_after_discharge@1", 3),
    ("in_work_after_discharge@1", 3),
    ("in_work_after_discharge@1", 12),
)
MIX = ("aap", "reduced_work_capacity", "under_30", "employed_at_start")


@dataclass(frozen=True)
class OutcomeCell:
    n: str
    success: str
    percent: str


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    county: str
    measures: tuple[OutcomeCell, ...]
    mix: tuple[str, ...]  # shares of the first measure's N, in the order of MIX


@dataclass(frozen=True)
class OutcomeReport:
    first_year: int
    year: int
    programme: Programme | None
    county: County | None
    titles: tuple[str, ...]
    rows: tuple[OutcomeRow, ...]
    total: OutcomeRow

    @property
    def period(self) -> str:
        return str(self.year) if self.first_year == self.year else f"{self.first_year}–{self.year}"

    @property
    def columns(self) -> int:
        return 1 + 3 * len(self.titles) + len(MIX)

    def csv(self) -> str:
        header = [_("County"), _("Office")]
        for title in self.titles:
            header += [f"{title}: N", f"{title}: {_('in work')}", f"{title}: %"]
        header += [_("AAP"), _("Reduced work capacity"), _("Under 30"), _("Employed at start")]
        return as_csv(
            header,
            (
                [
                    r.county,
                    r.label,
                    *[x for m in r.measures for x in (m.n, m.success, m.percent)],
                    *r.mix,
                ]
                for r in [*self.rows, self.total]
            ),
        )


def _column(values: list[int]) -> tuple[list[bool], bool]:
    """Protect one column of counts with its total: which cells and whether the total show."""
    if not values:
        return [], True
    table = suppress_cached([[v] for v in values])
    return [table.shows((i, 0)) for i in range(len(values))], table.shows((None, 0))


def outcome_report(
    *,
    year: int,
    first_year: int | None = None,
    programme: Programme | None = None,
    county: County | None = None,
    as_of: datetime.date | None = None,
) -> OutcomeReport:
    """Outcomes of the cases discharged from ``first_year`` (``year`` if not given) to ``year``,
    per office, with N and the mix. One query per measure, and one for the offices."""
    from apps.reporting.measures import rates_by_office

    as_of = as_of or timezone.localdate()
    first_year = min(first_year or year, year)
    cases = Case.objects.filter(end_date__year__gte=first_year, end_date__year__lte=year)
    if programme is not None:
        cases = cases.filter(programme=programme)
    rates = [
        rates_by_office(name, cases=cases, months=months, as_of=as_of)
        for name, months in OUTCOME_MEASURES
    ]
    office_ids = sorted({office_id for by_office in rates for office_id in by_office})
    offices = list(
        Office.objects.filter(pk__in=office_ids)
        .select_related("county")
        .order_by("county__number", "name")
    )
    titles = tuple(MEASURES[name].title(months) for name, months in OUTCOME_MEASURES)

    def counts(by_office: Mapping[int, object], attribute: str) -> list[int]:
        values = []
        for office in offices:
            rate = by_office.get(office.pk)
            values.append(0 if rate is None else _read(rate, attribute))
        return values

    columns: list[tuple[list[int], list[bool], bool]] = []
    for by_office in rates:
        for attribute in ("denominator", "numerator"):
            values = counts(by_office, attribute)
            shown, total_shown = _column(values)
            columns.append((values, shown, total_shown))
    mix_columns = []
    for attribute in MIX:
        values = counts(rates[0], f"mix.{attribute}")
        shown, total_shown = _column(values)
        mix_columns.append((values, shown, total_shown))

    def row(label: str, county_name: str, index: int | None) -> OutcomeRow:
        def get(column: tuple[list[int], list[bool], bool]) -> tuple[int, bool]:
            values, shown, total_shown = column
            if index is None:
                return sum(values), total_shown
            return values[index], shown[index]

        cells = []
        for k in range(len(OUTCOME_MEASURES)):
            n, n_shown = get(columns[2 * k])
            success, success_shown = get(columns[2 * k + 1])
            cells.append(
                OutcomeCell(
                    n=_shown(n, n_shown),
                    success=_shown(success, success_shown),
                    percent=_percent(success, n, n_shown and success_shown),
                )
            )
        n, n_shown = get(columns[0])
        mix = []
        for column in mix_columns:
            count, count_shown = get(column)
            mix.append(_percent(count, n, n_shown and count_shown))
        return OutcomeRow(label=label, county=county_name, measures=tuple(cells), mix=tuple(mix))

    rows = [
        row(office.name, office.county.name, i)
        for i, office in enumerate(offices)
        if county is None or office.county_id == county.pk
    ]
    return OutcomeReport(
        first_year=first_year,
        year=year,
        programme=programme,
        county=county,
        titles=titles,
        rows=tuple(rows),
        total=row(_("The whole country"), "", None),
    )


def _read(rate: object, attribute: str) -> int:
    value: object = rate
    for part in attribute.split("."):
        value = getattr(value, part)
    assert isinstance(value, int)
    return value


def current_year(today: datetime.date | None = None) -> int:
    """The year a report opens on: this year once a month of it has ended, else last year."""
    today = today or timezone.localdate()
    return today.year if month_of(today).month > 1 else today.year - 1
