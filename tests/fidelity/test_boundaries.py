"""Every computed item at every boundary of its thresholds, on a demo team built through the
services: exactly on the boundary and one whole case, contact or placement to either side of it,
measured by the real metric and scored against a hand count of the published anchors.

The items and their boundaries come from the fixture files, so a new threshold (or a new edition)
is tested as it is loaded; a computed item whose metric has no builder here fails rather than
going untested. The expected scores come from the anchors as written below, not from the
thresholds, so the two are checked against each other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from apps.cases.models import OPEN_STATUSES, CaseStatus
from apps.employers.demo import demo_orgnr
from apps.fidelity import metrics
from apps.fidelity.metrics import Measurement
from apps.fidelity.scales import read_scale, scale_files, score
from tests.agreements.factories import employer, placement
from tests.cases.factories import open_case
from tests.fidelity.helpers import log, team_scope

D = datetime.date
DAY = datetime.timedelta(days=1)
# The demo team's own data lies in 2026; the boundaries are built in 2024, out of its way.
REFERRED = D(2024, 1, 2)


def _down(*limits: int) -> Callable[[Decimal], int]:
    """Lower is better: 5 up to the first limit, 4 up to the second, ..., 1 above the last."""
    return lambda v: next((5 - i for i, limit in enumerate(limits) if v <= limit), 1)


def _up(*limits: int) -> Callable[[Decimal], int]:
    """Higher is better: 5 from the first limit, 4 from the second, ..., 1 below the last."""
    return lambda v: next((5 - i for i, limit in enumerate(limits) if v >= limit), 1)


# The hand count, from the anchors of IPS-25 (2019) and EUSE-SE (2026), which agree here.
HAND_COUNT: dict[str, Callable[[Decimal], int]] = {
    # 5 = 20 or fewer, 4 = 21-30, 3 = 31-40, 2 = 41-50, 1 = 51 or more per specialist
    "caseload_per_specialist": _down(20, 30, 40, 50),
    # 5 = within 30 days on average, 4 = 31-60, 3 = 61-90, 2 = 91-120, 1 = more than 120
    "days_to_employer_contact": _down(30, 60, 90, 120),
    # 5 = six or more per specialist per week, 4 = five, 3 = four, 2 = three, 1 = two or fewer
    "employer_contacts_per_week": _up(6, 5, 4, 3),
    # 5 = 95 % or more paid work, 4 = 85-94, 3 = 75-84, 2 = 65-74, 1 = under 65
    "competitive_share": _up(95, 85, 75, 65),
    # 5 = 90-100 % at different employers / job types, 4 = 85-89, 3 = 70-84, 2 = 50-69, 1 = <50
    "employer_diversity": _up(90, 85, 70, 50),
    "job_type_diversity": _up(90, 85, 70, 50),
    # 5 = 65 % or more outside the NAV office, 4 = 50-64, 3 = 35-49, 2 = 20-34, 1 = under 20
    "community_share": _up(65, 50, 35, 20),
    # 5 = nobody rejected, 4 = up to 5 %, 3 = up to 10 %, 2 = up to 20 %, 1 = more than 20 %
    "exclusion_share": _down(0, 5, 10, 20),
}

Probe = tuple[Decimal, Measurement]  # the boundary probed, and what the metric measured


def _boundaries(thresholds: list[dict[str, Any]]) -> list[Decimal]:
    """The limits between bands, lowest first."""
    limits = {
        Decimal(str(band[side]))
        for band in thresholds
        for side in ("min", "max")
        if band.get(side) is not None
    }
    return sorted(limits)


def _computed_items() -> list[Any]:
    params = []
    for path in scale_files():
        spec = read_scale(path)
        for item in spec["items"]:
            if item.get("metric") and item.get("thresholds"):
                params.append(
                    pytest.param(
                        item["metric"], item["thresholds"], id=f"{spec['code']}-{item['key']}"
                    )
                )
    return params


# --- Builders: each adds data step by step and measures on and either side of each boundary ---


def _caseload(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    """Open cases added one at a time; with n specialists one case is a step of 1/n."""
    spesialist = world.user("spesialist")
    s = team_scope(world, D(2026, 10, 1), D(2026, 10, 31))
    n = len(s.specialist_ids)
    open_now = s.cases.filter(status__in=OPEN_STATUSES).count()
    probes = []
    for b in boundaries:
        on = b * n
        assert on == int(on), f"{b} per specialist is not a whole number of cases for {n}"
        for target in (int(on) - 1, int(on), int(on) + 1):
            assert open_now <= target, f"the demo team already has {open_now} open cases"
            while open_now < target:
                open_case(spesialist, status=CaseStatus.REFERRED, referral_date=REFERRED)
                open_now += 1
            probes.append((b, metrics.caseload_per_specialist(s)))
    return probes


def _days(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    """One case per probe, its first employer meeting b-1, b and b+1 days after the intake talk;
    the period is that day alone, so the average is that case's days."""
    spesialist = world.user("spesialist")
    probes = []
    for b in boundaries:
        for days in (int(b) - 1, int(b), int(b) + 1):
            if days < 0:
                continue
            case = open_case(spesialist, referral_date=REFERRED)
            day = case.intake_talk_date + datetime.timedelta(days=days)
            log(spesialist, day, case=case)
            probes.append((b, metrics.days_to_employer_contact(team_scope(world, day, day))))
    return probes


def _contacts_per_week(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    """One week; face-to-face employer contacts added one at a time, in turn by the team's
    specialists; with n specialists one contact is a step of 1/n per specialist per week."""
    week = (D(2024, 3, 4), D(2024, 3, 10))
    s = team_scope(world, *week)
    authors = [world.user("spesialist"), world.user("kollega")]
    n = len(s.specialist_ids)
    assert {a.pk for a in authors} == set(s.specialist_ids)
    logged = 0
    probes = []
    for b in boundaries:
        on = b * n
        assert on == int(on), f"{b} per specialist is not a whole number of contacts for {n}"
        for target in (int(on) - 1, int(on), int(on) + 1):
            while logged < target:
                log(authors[logged % n], week[0] + datetime.timedelta(days=logged % 7))
                logged += 1
            probes.append((b, metrics.employer_contacts_per_week(team_scope(world, *week))))
    return probes


# Enough rows that one more either way moves a share by at most 2.5 points, less than the
# narrowest band (85-89 %), so each side of a boundary lands in the band next to it.
ROWS = 40


def _rows(b: Decimal) -> tuple[int, int]:
    """The fewest rows ``whole``, at least ``ROWS``, of which ``part`` make exactly ``b`` %."""
    share = Fraction(b) / 100
    whole = share.denominator * -(-ROWS // share.denominator)
    return int(share * whole), whole


def _share(
    world: Any,
    boundaries: list[Decimal],
    add: Callable[[datetime.date, bool, int], None],
    measure: Callable[[Any], Measurement],
) -> list[Probe]:
    """For a share of ``part`` in ``whole`` rows (``_rows``), each boundary in its own month: on
    the 15th ``part`` rows that count and ``whole - part`` that do not (exactly b %); on the 16th
    one more that does not, on the 14th one more that does. The 15th-16th is then one row below
    b %, the 14th-15th one row above. ``add(day, counts, index)``: index numbers the rows that
    count."""
    probes = []
    for i, b in enumerate(boundaries):
        part, whole = _rows(b)
        day = D(2024, 2 + i, 15)
        for j in range(whole):
            add(day, j < part, j)
        add(day + DAY, False, whole)
        add(day - DAY, True, part)
        probes.append((b, measure(team_scope(world, day, day))))
        if part:
            probes.append((b, measure(team_scope(world, day, day + DAY))))
        probes.append((b, measure(team_scope(world, day - DAY, day))))
    return probes


def _community(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    spesialist = world.user("spesialist")
    case = open_case(spesialist, referral_date=REFERRED)

    def add(day: datetime.date, outside: bool, _index: int) -> None:
        if outside:
            log(spesialist, day, case=case, place="workplace")
        else:
            log(spesialist, day, case=case, place="nav_office", with_employer=False)

    return _share(world, boundaries, add, metrics.community_share)


def _placements(
    world: Any,
    boundaries: list[Decimal],
    fields: Callable[[bool, int], dict[str, Any]],
    measure: Callable[[Any], Measurement],
) -> list[Probe]:
    """All on one case (a case may have several placements)."""
    spesialist = world.user("spesialist")
    case = open_case(spesialist, referral_date=REFERRED)

    def add(day: datetime.date, counts: bool, index: int) -> None:
        placement(case, spesialist, start_on=day, end_on=day + 30 * DAY, **fields(counts, index))

    return _share(world, boundaries, add, measure)


def _competitive(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    return _placements(
        world,
        boundaries,
        lambda paid, _i: {"kind": "paid" if paid else "practice"},
        metrics.competitive_share,
    )


def _employers(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    spesialist = world.user("spesialist")

    def firm(index: int) -> Any:
        return employer(spesialist, demo_orgnr(900 + index), f"Grensefirma {index}")

    # One that counts is a new employer; one that does not goes back to the first.
    return _placements(
        world,
        boundaries,
        lambda new, i: {"employer": firm(i if new else 0)},
        metrics.employer_diversity,
    )


def _job_types(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    # One that counts is a new job type; one that does not repeats the first, written otherwise.
    return _placements(
        world,
        boundaries,
        lambda new, i: {"tasks": f"Oppgave {i}" if new else " oppgave 0 "},
        metrics.job_type_diversity,
    )


def _exclusion(world: Any, boundaries: list[Decimal]) -> list[Probe]:
    spesialist = world.user("spesialist")

    def add(day: datetime.date, rejected: bool, _index: int) -> None:
        status = CaseStatus.REJECTED if rejected else CaseStatus.REFERRED
        open_case(spesialist, status=status, referral_date=day)

    return _share(world, boundaries, add, metrics.exclusion_share)


BUILDERS: dict[str, Callable[[Any, list[Decimal]], list[Probe]]] = {
    "caseload_per_specialist": _caseload,
    "days_to_employer_contact": _days,
    "employer_contacts_per_week": _contacts_per_week,
    "community_share": _community,
    "competitive_share": _competitive,
    "employer_diversity": _employers,
    "job_type_diversity": _job_types,
    "exclusion_share": _exclusion,
}


@pytest.mark.parametrize(("metric", "thresholds"), _computed_items())
def test_on_and_either_side_of_every_boundary(world, metric, thresholds) -> None:  # type: ignore[no-untyped-def]
    if metric not in BUILDERS:
        pytest.fail(f"no boundary builder for the metric {metric!r}: add one to {__name__}")
    if metric not in HAND_COUNT:
        pytest.fail(f"no hand count of the anchors for the metric {metric!r}")
    boundaries = _boundaries(thresholds)
    sides: dict[Decimal, set[str]] = {b: set() for b in boundaries}
    scores: dict[Decimal, set[int]] = {b: set() for b in boundaries}
    for b, m in BUILDERS[metric](world, boundaries):
        assert m.value is not None, (metric, b)
        side = "on" if m.value == b else "below" if m.value < b else "above"
        sides[b].add(side)
        scores[b].add(HAND_COUNT[metric](m.value))
        expected = HAND_COUNT[metric](m.value)
        assert score(m.value, thresholds) == expected, (
            f"{metric} = {m.value} ({side} {b}, {m.detail}): the thresholds give "
            f"{score(m.value, thresholds)}, the anchors {expected}"
        )
    for b, seen in sides.items():
        wanted = {"on", "above"} if b <= 0 else {"on", "below", "above"}
        assert seen >= wanted, f"{metric}: boundary {b} probed only {sorted(seen)}"
        # Either side of a boundary lies in the bands that meet there, not beyond them.
        low = min(scores[b])
        assert scores[b] == {low, low + 1}, f"{metric}: boundary {b} scored {sorted(scores[b])}"
