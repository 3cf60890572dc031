"""The Kaplan-Meier estimator, in plain Python, and its chart for the dashboards.

Input: one ``(duration, event_observed)`` pair per subject, the duration in whole days (or any
non-negative number), ``event_observed`` False for a subject censored at that duration (still
followed when the observation stopped). Output: the step function ``S(t)``, the estimated share
of subjects whose event has not happened by ``t``, with the number at risk, the events and the
censorings at each distinct duration.

The conventions are those of ``lifelines.KaplanMeierFitter``, which the tests hold this module
to on random data:

- At a time with both events and censorings, the events come first: a subject censored at ``t``
  is still at risk at ``t``. So at each distinct time ``t_i``, with ``n_i`` at risk (durations
  ``>= t_i``) and ``d_i`` events, ``S(t) = prod over t_i <= t of (n_i - d_i) / n_i``.
- ``S`` is right-continuous: an event at day 0 lowers ``S(0)``.
- The median is the first time at which ``S(t) <= 1/2``; None when the curve never gets there.
  ``S`` is kept as an exact ``Fraction``, so a curve that lands on exactly one half is read the
  same way every time (lifelines, in floating point, may land a hair either side of it).
- The pointwise confidence interval is Greenwood's exponential ("log-log") interval, lifelines'
  and R's default: with ``V = sum over t_i <= t of d_i / (n_i (n_i - d_i))`` (a step where every
  subject at risk has the event adds nothing) and ``v = log S(t)``, the bounds are
  ``exp(-exp(log(-v) -+ z sqrt(V) / v))``; where ``S(t)`` is 1 or 0 both bounds equal it.

No numpy or pandas: the inputs are at most tens of thousands of cases, and the estimator is a
single pass over the sorted distinct times.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import NormalDist

from django.utils.translation import gettext as _

HALF = Fraction(1, 2)


@dataclass(frozen=True)
class Step:
    """One distinct duration: who was at risk, what happened, and ``S`` just after it."""

    time: int
    at_risk: int  # subjects with a duration of at least ``time``
    events: int
    censored: int
    survival: Fraction  # S(time), after this step's events
    lower: float  # the pointwise confidence interval of S(time)
    upper: float

    @property
    def removed(self) -> int:
        return self.events + self.censored


@dataclass(frozen=True)
class KaplanMeier:
    """A Kaplan-Meier curve: the steps in time order, one per distinct duration."""

    steps: tuple[Step, ...]
    confidence: float = 0.95

    @property
    def n(self) -> int:
        return self.steps[0].at_risk if self.steps else 0

    @property
    def events(self) -> int:
        return sum(step.events for step in self.steps)

    @property
    def censored(self) -> int:
        return sum(step.censored for step in self.steps)

    @property
    def last_time(self) -> int | None:
        """The longest duration followed: beyond it the curve says nothing (unless S is 0)."""
        return self.steps[-1].time if self.steps else None

    @property
    def median(self) -> int | None:
        """The first time with ``S(t) <= 1/2``, or None if the curve never gets that low."""
        for step in self.steps:
            if step.survival <= HALF:
                return step.time
        return None

    def _index(self, t: float) -> int:
        """How many steps have a time of at most ``t``."""
        return bisect.bisect_right([step.time for step in self.steps], t)

    def survival_at(self, t: float) -> Fraction:
        """S(t): 1 before the first step, then the value of the last step at or before ``t``."""
        i = self._index(t)
        return self.steps[i - 1].survival if i else Fraction(1)

    def at_risk_at(self, t: float) -> int:
        """Subjects still followed, without the event, just before ``t`` (durations ``>= t``)."""
        i = bisect.bisect_left([step.time for step in self.steps], t)
        return self.steps[i].at_risk if i < len(self.steps) else 0

    def known_at(self, t: float) -> bool:
        """Whether S(t) is estimated: ``t`` is within the follow-up, or S had already reached 0."""
        if not self.steps:
            return False
        last = self.steps[-1]
        return t <= last.time or last.survival == 0


def kaplan_meier(
    observations: Iterable[tuple[int, bool]], *, confidence: float = 0.95
) -> KaplanMeier:
    """The Kaplan-Meier estimate from ``(duration, event_observed)`` pairs (see the module
    docstring for the conventions). An empty input gives a curve with no steps."""
    counts: dict[int, list[int]] = {}  # time -> [events, censored]
    n = 0
    for duration, observed in observations:
        if duration < 0:
            raise ValueError(f"A duration cannot be negative: {duration!r}.")
        tally = counts.setdefault(duration, [0, 0])
        tally[0 if observed else 1] += 1
        n += 1
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    at_risk = n
    survival = Fraction(1)
    greenwood = 0.0
    steps = []
    for time in sorted(counts):
        events, censored = counts[time]
        if events:
            survival *= Fraction(at_risk - events, at_risk)
            if at_risk > events:
                greenwood += events / (at_risk * (at_risk - events))
        lower, upper = _interval(survival, greenwood, z)
        steps.append(Step(time, at_risk, events, censored, survival, lower, upper))
        at_risk -= events + censored
    return KaplanMeier(steps=tuple(steps), confidence=confidence)


def _interval(survival: Fraction, greenwood: float, z: float) -> tuple[float, float]:
    if survival in (0, 1):
        return float(survival), float(survival)
    v = math.log(survival.numerator) - math.log(survival.denominator)
    spread = z * math.sqrt(greenwood) / v
    return math.exp(-math.exp(math.log(-v) - spread)), math.exp(-math.exp(math.log(-v) + spread))


# --- The chart ------------------------------------------------------------------------------
#
# Coordinates are computed here, as apps.reporting.reports does for its bar chart, so the
# template only prints them (inside {% localize off %}: the Norwegian locale would print 12,5).

CHART_WIDTH, CHART_HEIGHT = 160, 100  # the viewBox
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 16, 156, 4, 84
# Okabe-Ito's colour-blind-safe hues, darkened where needed to reach 3:1 against white (WCAG
# 1.4.11), and dash patterns, so that two curves differ in more than colour (WCAG 1.4.1).
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#b65781", "#202733", "#8962c7")
DASHES = ("", "4 1.5", "1 1", "5 1.5 1 1.5")
# The x axis is marked every 30, 60, 90, 180 or 365 days, whichever gives at most 8 marks.
X_STEPS = (30, 60, 90, 180, 365)
MAX_X_TICKS = 8


def _num(value: float) -> str:
    """A coordinate for SVG: a dot for the decimal point, at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Tick:
    value: int  # days on the x axis, percent on the y axis
    position: float  # x or y in the viewBox
    label: str


@dataclass(frozen=True)
class ChartSeries:
    """One curve as drawn: its step path, its censoring marks and its legend entry."""

    label: str
    colour: str
    dash: str  # an SVG stroke-dasharray; empty for a solid line
    path: str  # the step function, an SVG path ("" for a curve with no subjects)
    censor_path: str  # a short vertical tick at each time with censorings
    n: int
    events: int
    median: int | None
    curve: KaplanMeier = field(repr=False)


@dataclass(frozen=True)
class TableCell:
    percent: int | None  # S(t) in whole percent; None when the curve says nothing at t
    at_risk: int


@dataclass(frozen=True)
class TableRow:
    days: int
    cells: tuple[TableCell, ...]  # one per series, in the order of ``KmChart.series``


@dataclass(frozen=True)
class KmChart:
    """A Kaplan-Meier chart and the same figures as a table, for ``dashboards/_km_chart.html``."""

    id: str  # unique on the page: the SVG's caption and the table are named after it
    title: str
    series: tuple[ChartSeries, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    rows: tuple[TableRow, ...]  # S(t) and at risk at each x tick
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM

    # Where the axis labels and titles go, for the template.
    @property
    def x_label_y(self) -> float:
        return self.plot_bottom + 4.5

    @property
    def x_title_x(self) -> float:
        return (self.plot_left + self.plot_right) / 2

    @property
    def x_title_y(self) -> float:
        return self.plot_bottom + 10

    @property
    def y_label_x(self) -> float:
        return self.plot_left - 1.5

    @property
    def y_title_x(self) -> float:
        # The y title is rotated a quarter turn, so its x is minus the vertical middle.
        return -(self.plot_top + self.plot_bottom) / 2

    @property
    def y_title_y(self) -> float:
        return 3.5


def _x_axis(days: int) -> tuple[int, int]:
    """The step between x marks and the axis' end, both in days."""
    for step in X_STEPS:
        if math.ceil(max(days, 1) / step) <= MAX_X_TICKS:
            return step, step * math.ceil(max(days, 1) / step)
    step = 365 * math.ceil(max(days, 1) / (365 * MAX_X_TICKS))
    return step, step * math.ceil(days / step)


class Scale:
    """A linear map from data to the viewBox."""

    def __init__(self, low: float, high: float, start: float, end: float) -> None:
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float | Fraction) -> float:
        return self.start + (float(value) - self.low) / (self.high - self.low) * (
            self.end - self.start
        )


def _series(label: str, index: int, curve: KaplanMeier, x: Scale, y: Scale) -> ChartSeries:
    path = ""
    marks = []
    if curve.steps:
        parts = [f"M{_num(x(0))} {_num(y(1))}"]
        level = Fraction(1)
        for step in curve.steps:
            if step.survival != level:
                parts.append(f"H{_num(x(step.time))}V{_num(y(step.survival))}")
                level = step.survival
            if step.censored:
                marks.append(f"M{_num(x(step.time))} {_num(y(step.survival) - 1.5)}v3")
        parts.append(f"H{_num(x(curve.steps[-1].time))}")
        path = "".join(parts)
    return ChartSeries(
        label=label,
        colour=COLOURS[index % len(COLOURS)],
        dash=DASHES[index % len(DASHES)],
        path=path,
        censor_path="".join(marks),
        n=curve.n,
        events=curve.events,
        median=curve.median,
        curve=curve,
    )


def km_chart(
    curves: Sequence[tuple[str, KaplanMeier]],
    *,
    chart_id: str = "km",
    title: str = "",
    days: int = 0,
) -> KmChart:
    """The chart of ``curves`` (legend label, curve), drawn over at least ``days`` days and at
    least the longest follow-up among them, with the table of S(t) and at risk at each x mark.

    ``chart_id`` must be unique on the page when it shows several charts; ``title`` (translated
    by the caller) heads the caption.
    """
    longest = max((curve.last_time or 0 for _label, curve in curves), default=0)
    step, end = _x_axis(max(days, longest))
    x = Scale(0, end, PLOT_LEFT, PLOT_RIGHT)
    y = Scale(0, 1, PLOT_BOTTOM, PLOT_TOP)
    series = tuple(_series(label, i, curve, x, y) for i, (label, curve) in enumerate(curves))
    x_ticks = tuple(
        Tick(value=t, position=round(x(t), 2), label=str(t)) for t in range(0, end + 1, step)
    )
    y_ticks = tuple(
        Tick(value=p, position=round(y(p / 100), 2), label=f"{p} %") for p in (0, 25, 50, 75, 100)
    )
    rows = tuple(
        TableRow(
            days=tick.value,
            cells=tuple(
                TableCell(
                    percent=(
                        _percent(s.curve.survival_at(tick.value))
                        if s.curve.known_at(tick.value)
                        else None
                    ),
                    at_risk=s.curve.at_risk_at(tick.value),
                )
                for s in series
            ),
        )
        for tick in x_ticks
    )
    return KmChart(
        id=chart_id,
        title=title or _("Time to work"),
        series=series,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        rows=rows,
    )


def _percent(share: Fraction) -> int:
    """Whole percent, halves rounded up (``round`` would round them to even)."""
    return math.floor(share * 100 + HALF)
