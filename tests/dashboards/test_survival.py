"""Time to work: the Kaplan-Meier estimator against a hand-worked example and lifelines, the
selector on cases built through the services, and the chart."""

from __future__ import annotations

import datetime
import math
import re
from fractions import Fraction
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.dashboards.selectors_survival import time_to_work, time_to_work_spells
from apps.dashboards.survival import KaplanMeier, Step, kaplan_meier, km_chart

D = datetime.date
F = Fraction


def table(curve: KaplanMeier) -> list[tuple[int, int, int, int, Fraction]]:
    return [(s.time, s.at_risk, s.events, s.censored, s.survival) for s in curve.steps]


# --- A small example worked by hand -----------------------------------------------------------


def test_a_small_example_worked_by_hand() -> None:
    """Eight participants; E is work (the event), C is censored (still open, or ended without
    work), with a tie of events and a censoring at day 5 and an event on the first day:

        day   0: E            at risk 8, 1 event        S = 7/8
        day   3: C            at risk 7, censored       S = 7/8
        day   5: E, E, C      at risk 6, 2 events       S = 7/8 * 4/6 = 7/12
                              (the events come first: the one censored on day 5 is at risk)
        day   8: E            at risk 3, 1 event        S = 7/12 * 2/3 = 7/18
        day  10: C            at risk 2, censored       S = 7/18
        day  12: E            at risk 1, 1 event        S = 7/18 * 0/1 = 0

    The median is the first day with S <= 1/2: day 8 (S = 7/18).
    """
    pairs = [(5, True), (0, True), (10, False), (3, False), (5, True), (12, True), (5, False)]
    pairs.append((8, True))
    curve = kaplan_meier(pairs)

    assert table(curve) == [
        (0, 8, 1, 0, F(7, 8)),
        (3, 7, 0, 1, F(7, 8)),
        (5, 6, 2, 1, F(7, 12)),
        (8, 3, 1, 0, F(7, 18)),
        (10, 2, 0, 1, F(7, 18)),
        (12, 1, 1, 0, F(0)),
    ]
    assert (curve.n, curve.events, curve.censored) == (8, 5, 3)
    assert curve.median == 8
    # Between the steps the curve is flat, and right-continuous at them.
    assert curve.survival_at(4) == F(7, 8)
    assert curve.survival_at(5) == F(7, 12)
    assert curve.survival_at(100) == 0
    # At risk just before a day: every duration at least that long.
    assert [curve.at_risk_at(t) for t in (0, 1, 5, 6, 12, 13)] == [8, 7, 6, 3, 1, 0]


def test_the_median_is_the_first_day_the_curve_reaches_one_half() -> None:
    """Day 1: 3/4. Day 2: 3/4 * 2/3 = 1/2 exactly, so the median is day 2, not day 4."""
    curve = kaplan_meier([(1, True), (2, True), (3, False), (4, True)])
    assert [s.survival for s in curve.steps] == [F(3, 4), F(1, 2), F(1, 2), F(0)]
    assert curve.median == 2


def test_the_greenwood_interval_by_hand() -> None:
    """Day 0 of the hand-worked example: S = 7/8, V = 1/(8*7), and the log-log interval."""
    step = kaplan_meier([(0, True), *[(9, False)] * 7]).steps[0]
    v, z = math.log(7 / 8), 1.959963984540054
    lower = math.exp(-math.exp(math.log(-v) - z * math.sqrt(1 / 56) / v))
    upper = math.exp(-math.exp(math.log(-v) + z * math.sqrt(1 / 56) / v))
    assert step.lower == pytest.approx(lower, abs=1e-12)
    assert step.upper == pytest.approx(upper, abs=1e-12)
    assert step.lower < 7 / 8 < step.upper


def test_no_one_in_work_never_reaches_a_median() -> None:
    curve = kaplan_meier([(10, False), (10, False), (40, False)])
    assert [s.survival for s in curve.steps] == [1, 1]
    assert curve.median is None
    assert (curve.steps[0].lower, curve.steps[0].upper) == (1.0, 1.0)


def test_an_empty_input_gives_an_empty_curve() -> None:
    curve = kaplan_meier([])
    assert curve.steps == ()
    assert (curve.n, curve.events, curve.median, curve.last_time) == (0, 0, None, None)
    assert curve.survival_at(10) == 1
    assert curve.at_risk_at(0) == 0
    assert not curve.known_at(0)


def test_everyone_in_work_on_the_first_day() -> None:
    curve = kaplan_meier([(0, True), (0, True)])
    assert table(curve) == [(0, 2, 2, 0, F(0))]
    assert curve.median == 0
    assert (curve.steps[0].lower, curve.steps[0].upper) == (0.0, 0.0)
    # S has reached 0, so it is known beyond the last day as well.
    assert curve.known_at(1000)


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        kaplan_meier([(-1, True)])


# --- The same as lifelines on random censored data --------------------------------------------


@st.composite
def censored_data(draw: st.DrawFn) -> list[tuple[int, bool]]:
    """1 to 200 durations of 0 to 400 days; a small range of days gives many ties."""
    top = draw(st.sampled_from([0, 3, 10, 50, 400]))
    flags = draw(st.sampled_from([st.booleans(), st.just(True), st.just(False)]))
    return draw(st.lists(st.tuples(st.integers(0, top), flags), min_size=1, max_size=200))


def lifelines_fit(pairs: list[tuple[int, bool]]) -> Any:
    from lifelines import KaplanMeierFitter

    return KaplanMeierFitter().fit([d for d, _ in pairs], [e for _, e in pairs])


def step_at(curve: KaplanMeier, t: float) -> Step | None:
    return next((s for s in curve.steps if s.time == t), None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(censored_data())
def test_the_estimate_agrees_with_lifelines(pairs: list[tuple[int, bool]]) -> None:
    ours = kaplan_meier(pairs)
    theirs = lifelines_fit(pairs)

    # The event table: lifelines adds a row for day 0 where nothing happened; ours has a step
    # only where someone's duration ends.
    events = theirs.event_table
    assert [
        (int(t), int(row.at_risk), int(row.observed), int(row.censored))
        for t, row in events[events["removed"] > 0].iterrows()
    ] == [(s.time, s.at_risk, s.events, s.censored) for s in ours.steps]

    survival = theirs.survival_function_["KM_estimate"]
    intervals = theirs.confidence_interval_
    for t, value in survival.items():
        assert float(ours.survival_at(t)) == pytest.approx(value, abs=1e-9)
        step = step_at(ours, t)
        lower, upper = (step.lower, step.upper) if step else (1.0, 1.0)  # day 0, S = 1
        assert lower == pytest.approx(intervals.loc[t].iloc[0], abs=1e-9)
        assert upper == pytest.approx(intervals.loc[t].iloc[1], abs=1e-9)

    # lifelines computes S as exp(sum of logs), so where the exact S is one half it may land a
    # hair above it and take the next day as the median; there the exact reading decides.
    median = theirs.median_survival_time_
    near_half = any(abs(value - 0.5) < 1e-9 for value in survival)
    if not near_half:
        assert ours.median == (None if math.isinf(median) else int(median))
    exact = next((s.time for s in ours.steps if s.survival <= F(1, 2)), None)
    assert ours.median == exact


# --- The selector -----------------------------------------------------------------------------

AS_OF = D(2026, 6, 30)


@pytest.fixture
def users() -> dict[str, Any]:
    from apps.organisation.demo import load_organisation

    return load_organisation()


def paid(case: Any, actor: Any, start_on: datetime.date, **fields: Any) -> Any:
    from tests.agreements.factories import placement

    values: dict[str, Any] = {"kind": "paid", "start_on": start_on, "end_on": None}
    values.update(fields)
    return placement(case, actor, **values)


def build_cases(users: dict[str, Any]) -> dict[str, Any]:
    """One case for each part of the rule; the name says what its spell should be."""
    from apps.cases import services as case_services
    from tests.cases.factories import open_case
    from tests.reporting.helpers import discharge, start_case

    me = users["spesialist"]
    built: dict[str, Any] = {}

    built["work_on_day_30"] = case = start_case(me, on=D(2026, 1, 5))
    paid(case, me, D(2026, 2, 4))
    paid(case, me, D(2026, 3, 1))  # a later job does not move the first

    built["practice_is_not_work_open_171"] = case = start_case(me, on=D(2026, 1, 10))
    paid(case, me, D(2026, 1, 20), kind="practice")

    built["discharged_in_work_on_day_60"] = case = start_case(me, on=D(2026, 1, 15))
    discharge(case, me, on=D(2026, 3, 16), in_work=True, work_hours_per_week=30)

    built["discharged_without_work_censored_90"] = case = start_case(me, on=D(2026, 1, 20))
    discharge(case, me, on=D(2026, 4, 20), job_seeker=True)

    built["subsidised_work_on_day_0"] = case = start_case(me, on=D(2026, 2, 2))
    paid(case, me, D(2026, 2, 2), kind="paid_subsidised", hours_per_week=None, position_percent=50)

    built["three_hours_is_not_work_open_140"] = case = start_case(me, on=D(2026, 2, 10))
    paid(case, me, D(2026, 3, 1), hours_per_week=3, position_percent=8)

    built["job_after_as_of_open_135"] = case = start_case(me, on=D(2026, 2, 15))
    paid(case, me, D(2026, 7, 15))

    built["job_after_discharge_censored_28"] = case = start_case(me, on=D(2026, 2, 20))
    discharge(case, me, on=D(2026, 3, 20), job_seeker=True)
    paid(case, me, D(2026, 4, 1))

    built["reopened_open_169"] = case = start_case(me, on=D(2026, 1, 12))
    discharge(case, me, on=D(2026, 2, 11), in_work=True, work_hours_per_week=30)
    again, reopened = case_services.case_refer(
        actor=me,
        participant=case.participant,
        programme=case.programme,
        referral_date=D(2026, 3, 1),
    )
    assert reopened
    assert again.pk == case.pk

    built["discharged_in_work_after_as_of_open_156"] = case = start_case(me, on=D(2026, 1, 25))
    discharge(case, me, on=D(2026, 8, 3), in_work=True, work_hours_per_week=30)

    built["job_before_start_does_not_count_open_171"] = case = open_case(
        me, status="intake", referral_date=D(2025, 12, 20)
    )
    paid(case, me, D(2026, 1, 2))
    case = case_services.case_activate(
        case=case, actor=me, on=D(2026, 1, 10), intake_talk_date=D(2026, 1, 5)
    )

    built["started_after_as_of_left_out"] = start_case(me, on=D(2026, 7, 1))
    built["never_active_left_out"] = open_case(me, status="intake")
    built["rejected_left_out"] = open_case(me, status="rejected")

    built["other_office_work_on_day_60"] = case = start_case(users["annen"], on=D(2026, 1, 7))
    paid(case, users["annen"], D(2026, 3, 8))

    built["other_programme_work_on_day_10"] = case = start_case(
        me, on=D(2026, 1, 5), programme="ips"
    )
    paid(case, me, D(2026, 1, 15))
    return built


EXPECTED = {
    "work_on_day_30": (30, True),
    "practice_is_not_work_open_171": (171, False),
    "discharged_in_work_on_day_60": (60, True),
    "discharged_without_work_censored_90": (90, False),
    "subsidised_work_on_day_0": (0, True),
    "three_hours_is_not_work_open_140": (140, False),
    "job_after_as_of_open_135": (135, False),
    "job_after_discharge_censored_28": (28, False),
    "reopened_open_169": (169, False),
    "discharged_in_work_after_as_of_open_156": (156, False),
    "job_before_start_does_not_count_open_171": (171, False),
    "other_office_work_on_day_60": (60, True),
    "other_programme_work_on_day_10": (10, True),
}


@pytest.mark.django_db
def test_each_case_gets_the_duration_and_censoring_of_the_rule(users: dict[str, Any]) -> None:
    from apps.cases.models import Case

    built = build_cases(users)
    spells = {
        s.case_id: (s.days, s.in_work)
        for s in time_to_work_spells(cases=Case.objects.all(), as_of=AS_OF)
    }
    names = {case.pk: name for name, case in built.items()}
    assert {names[pk]: spell for pk, spell in spells.items()} == EXPECTED


@pytest.mark.django_db
def test_curves_per_programme_office_and_start_month(users: dict[str, Any]) -> None:
    from apps.cases.models import Case

    build_cases(users)
    curves = time_to_work(cases=Case.objects.all(), as_of=AS_OF)
    found = {
        (c.programme, c.office, c.cohort): [(s.time, s.events, s.censored) for s in c.curve.steps]
        for c in curves
    }
    office = users["spesialist"].office.name
    other_office = users["annen"].office.name
    utvidet = Case.objects.filter(programme__code="utvidet-oppfolging").first().programme.name
    ips = Case.objects.filter(programme__code="ips").first().programme.name
    assert found == {
        # January: work on days 30 and 60; censored at 90, 156, 169, 171 (twice).
        (utvidet, office, D(2026, 1, 1)): [
            (30, 1, 0),
            (60, 1, 0),
            (90, 0, 1),
            (156, 0, 1),
            (169, 0, 1),
            (171, 0, 2),
        ],
        # February: work on day 0; censored at 28, 135 and 140.
        (utvidet, office, D(2026, 2, 1)): [(0, 1, 0), (28, 0, 1), (135, 0, 1), (140, 0, 1)],
        (utvidet, other_office, D(2026, 1, 1)): [(60, 1, 0)],
        (ips, office, D(2026, 1, 1)): [(10, 1, 0)],
    }
    assert [(c.programme, c.office, c.cohort) for c in curves] == sorted(found)
    january = curves[
        [(c.programme, c.office, c.cohort) for c in curves].index((utvidet, office, D(2026, 1, 1)))
    ]
    assert january.curve.survival_at(60) == F(6, 7) * F(5, 6)
    assert january.curve.median is None

    per_programme = time_to_work(cases=Case.objects.all(), as_of=AS_OF, by=["programme"])
    assert [(c.programme, c.office, c.cohort, c.curve.n) for c in per_programme] == sorted(
        [(ips, "", None, 1), (utvidet, "", None, 12)]
    )
    assert [c.label for c in per_programme] == sorted([ips, utvidet])
    pooled = time_to_work(cases=Case.objects.all(), as_of=AS_OF, by=())
    with translation.override("en"):
        assert [(c.label, c.curve.n, c.curve.events) for c in pooled] == [
            ("All participants", 13, 5)
        ]
    with translation.override("nb"):
        assert january.label == f"{utvidet}, {office}, januar 2026"


@pytest.mark.django_db
def test_the_caller_scopes_the_cases(users: dict[str, Any]) -> None:
    from apps.cases.models import Case

    build_cases(users)
    mine = Case.objects.filter(office=users["annen"].office)
    curves = time_to_work(cases=mine, as_of=AS_OF)
    assert [(c.office, c.curve.n) for c in curves] == [(users["annen"].office.name, 1)]


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_cases(
    users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    from apps.cases.models import Case
    from tests.reporting.helpers import start_case

    build_cases(users)
    with django_assert_max_num_queries(1):
        small = time_to_work(cases=Case.objects.all(), as_of=AS_OF)
    for day in range(1, 21):
        case = start_case(users["kollega"], on=D(2026, 3, day))
        if day % 2:
            paid(case, users["kollega"], D(2026, 4, day))
    with django_assert_max_num_queries(1):
        large = time_to_work(cases=Case.objects.all(), as_of=AS_OF)
    assert sum(c.curve.n for c in large) == sum(c.curve.n for c in small) + 20


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="team"):
        time_to_work(cases=None, as_of=AS_OF, by=["team"])  # type: ignore[arg-type, list-item]


# --- The chart --------------------------------------------------------------------------------


def hand_example() -> KaplanMeier:
    pairs = [(0, True), (3, False), (5, True), (5, True), (5, False), (8, True), (10, False)]
    return kaplan_meier([*pairs, (12, True)])


def test_the_chart_draws_the_steps_in_the_view_box() -> None:
    chart = km_chart([("Januar", hand_example())], chart_id="tid")
    (series,) = chart.series
    # x: 0..30 days onto 16..156 (30 days is the first full mark); y: 1..0 onto 4..84.
    assert [t.value for t in chart.x_ticks] == [0, 30]
    assert series.path == "M16 4H16V14H39.33V37.33H53.33V52.89H72V84H72"
    # A short vertical mark at each day with a censoring: days 3 (S 7/8), 5 (7/12) and 10.
    assert series.censor_path == "M30 12.5v3M39.33 35.83v3M62.67 51.39v3"
    assert (series.n, series.events, series.median) == (8, 5, 8)
    # The table: S(t) and at risk at each mark; after day 12 S is 0, so still known.
    assert [(r.days, r.cells[0].percent, r.cells[0].at_risk) for r in chart.rows] == [
        (0, 88, 8),
        (30, 0, 0),
    ]


def test_a_curve_says_nothing_after_its_last_day_unless_it_reached_zero() -> None:
    short = kaplan_meier([(10, True), (40, False)])
    chart = km_chart([("Kort", short), ("Lang", hand_example())], days=90)
    assert [t.value for t in chart.x_ticks] == [0, 30, 60, 90]
    assert [(r.cells[0].percent, r.cells[0].at_risk) for r in chart.rows] == [
        (100, 2),
        (50, 1),
        (None, 0),
        (None, 0),
    ]
    assert chart.series[0].colour != chart.series[1].colour
    assert chart.series[0].dash != chart.series[1].dash


def test_a_long_follow_up_gets_fewer_marks() -> None:
    chart = km_chart([("Lang", kaplan_meier([(1000, False)]))])
    assert [t.value for t in chart.x_ticks] == [0, 180, 360, 540, 720, 900, 1080]


def test_the_template_prints_coordinates_with_a_decimal_point_in_bokmal() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    chart = km_chart([("Januar 2026", hand_example())], chart_id="tid", title="Tid til jobb")
    with translation.override("nb"):
        html = render_to_string("dashboards/_km_chart.html", {"chart": chart})
    svg = html[html.index("<svg viewBox") : html.index("</svg>")]
    numbers = re.findall(r'(?:x|y|x1|x2|y1|y2|d)="([^"]*)"', svg)
    assert numbers
    assert not any("," in n for n in numbers)
    assert 'aria-labelledby="tid-caption"' in html
    assert 'id="tid-caption"' in html
    assert 'role="img"' in html
    assert "Januar 2026" in html
    assert "<table" in html
    assert html.count("<tr") == 2 + len(chart.rows) + 1


def test_the_template_says_so_when_there_is_nothing_to_draw() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("dashboards/_km_chart.html", {"chart": km_chart([])})
    assert "<svg viewBox" not in html
    assert "<table" not in html
