"""Outcome measures against report 000 L1895-1914, built through the services.

"40 av de 121 deltakerne har arbeid på det tidspunktet de ble skrevet ut. [...] 24 av de 40 som er
registrert med arbeid er fortsatt i jobb tre måneder etter utskriving." Also from those lines: one
of the 40 combines work with education, one works 50 % with 50 % disability benefit; 13 of the 40
had a temporary job without extension, with a +3 status for only 7 of them, 2 in work; 6 were job
seekers at discharge and still were at +3; 23 were dismissed (6 of them also on sick leave or in
treatment), 17 of them have a +3 status, none in work, 3 on AAP and 4 in treatment.

Six were discharged in 2013, 109 in 2014 (66 in its second half) and six in the first half of
2015, as the report says. Every case is made by the services: register, refer, intake,
activate, discharge with the status flags, then ``checkpoint_complete`` on the +3 follow-up. A
rejected, a withdrawn and two active cases stand beside them and must not count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from apps.cases import services as cases
from apps.cases.models import Case
from apps.organisation.demo import load_organisation
from apps.programmes.models import Programme
from apps.reporting.measures import rate
from apps.reporting.reports import outcome_report
from tests.participants.factories import register
from tests.reporting.helpers import discharge, follow_up, start_case

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2015, 12, 31)  # every +3 follow-up is due
PROGRAMME = "aap-lonnstilskudd"


@dataclass
class Profile:
    group: str
    at_discharge: dict[str, Any]
    at_three_months: dict[str, Any] | None = None  # None: no status recorded at +3
    cases: list[Case] = field(default_factory=list)


WORK = {"in_work": True, "work_hours_per_week": 37.5, "work_permanent": True}
TEMPORARY = {"in_work": True, "work_hours_per_week": 30, "work_permanent": False}
NO_WORK_AT_THREE = {"job_seeker": True}


def profiles() -> list[Profile]:
    found = []
    # The 40 in work at discharge; 24 of them still in work at +3.
    for k in range(13):  # temporary, no extension: +3 known for 7, 2 in work
        three = TEMPORARY if k < 2 else NO_WORK_AT_THREE if k < 7 else None
        found.append(Profile("temporary", TEMPORARY, three))
    found.append(
        Profile(
            "work and education",
            {**WORK, "work_hours_per_week": 20, "education": True},
            {**WORK, "work_hours_per_week": 20, "education": True},
        )
    )
    half = {"in_work": True, "work_percent": 50, "uforetrygd": True}  # no hours: 50 % counts
    found.append(Profile("half work, half disability", half, half))
    for k in range(25):
        at_discharge = {**WORK, "work_with_wage_subsidy": k % 2 == 0}
        three = at_discharge if k < 20 else {"sick_leave_or_treatment": True}
        found.append(Profile("work", at_discharge, three))
    # The 81 not in work.
    for k in range(23):
        at_discharge = {"dismissed": True, "sick_leave_or_treatment": k < 6}
        three = (
            {"aap": True}
            if k < 3
            else {"sick_leave_or_treatment": True}
            if k < 7
            else NO_WORK_AT_THREE
            if k < 17
            else None
        )
        found.append(Profile("dismissed", at_discharge, three))
    for _ in range(6):
        found.append(Profile("job seeker", {"job_seeker": True}, {"job_seeker": True}))
    for k in range(52):
        flags = ({"education": True}, {"sick_leave_or_treatment": True}, {"aap": True})
        found.append(Profile("other", flags[k % 3]))
    return found


def discharge_dates() -> list[D]:
    """Six in 2013, 43 in the first half of 2014, 66 in its second half, six in 2015."""
    spans = [
        (D(2013, 10, 1), 6, 10),
        (D(2014, 1, 2), 43, 4),
        (D(2014, 7, 1), 66, 2),
        (D(2015, 1, 5), 6, 20),
    ]
    return [start + datetime.timedelta(days=k * step) for start, n, step in spans for k in range(n)]


@dataclass
class Seed:
    by_group: dict[str, list[Case]]
    under_30: int
    employed_at_start: int


def build_seed() -> Seed:
    owner = load_organisation()["spesialist"]
    made = profiles()
    ends = discharge_dates()
    # Interleave the groups over the discharge dates, so that each year has a mix.
    order = sorted(range(len(made)), key=lambda k: (k * 37) % len(made))
    by_group: dict[str, list[Case]] = {}
    under_30 = employed = 0
    for k, index in enumerate(order):
        profile = made[index]
        young = k % 10 < 3  # 31 % were 30 or younger at start (000 L1191): here 37 of 121
        working = k % 12 == 5
        under_30 += young
        employed += working
        case = start_case(
            owner,
            on=D(2013, 3, 4) + datetime.timedelta(days=k),
            programme=PROGRAMME,
            birth_date=D(1988 if young else 1975, 5, 17),
            benefit="aap",
            reduced_work_capacity=True,
            employed_at_start=working,
        )
        case = discharge(case, owner, on=ends[k], **profile.at_discharge)
        if profile.at_three_months is not None:
            follow_up(case, owner, months=3, **profile.at_three_months)
        by_group.setdefault(profile.group, []).append(case)
    # Beside them, cases that never count as discharged.
    for outcome in ("reject", "withdraw"):
        case, _ = cases.case_refer(
            actor=owner,
            participant=register(owner),
            programme=Programme.objects.get(code=PROGRAMME),
            referral_date=D(2014, 2, 1),
        )
        if outcome == "reject":
            cases.case_reject(case=case, actor=owner, on=D(2014, 2, 5), reason="Utenfor")
        else:
            cases.case_withdraw(case=case, actor=owner, on=D(2014, 2, 5), reason="Flyttet")
    for _ in range(2):
        start_case(owner, on=D(2014, 3, 1), programme=PROGRAMME)
    return Seed(by_group, under_30, employed)


def test_the_outcome_figures_of_report_000() -> None:
    """Built once (about four seconds), then every check below on the same cases."""
    seed = build_seed()
    for check in (
        check_40_of_121_discharged_were_in_work_at_discharge,
        check_24_of_the_40_in_work_at_discharge_were_still_in_work_three_months_later,
        check_of_all_121_discharged_24_were_in_work_three_months_after,
        check_of_the_13_temporary_jobs_7_are_known_at_three_months_and_2_in_work,
        check_none_of_the_23_dismissed_is_in_work_at_three_months,
        check_every_rate_carries_its_participant_mix,
        check_follow_ups_not_yet_due_are_left_out_of_n,
        check_the_outcome_report_shows_the_same_figures,
    ):
        check(seed)


def ids(seed: Seed, *groups: str) -> Any:
    return Case.objects.filter(pk__in=[c.pk for g in groups for c in seed.by_group[g]])


def check_40_of_121_discharged_were_in_work_at_discharge(seed: Seed) -> None:
    result = rate("in_work_at_discharge@1", as_of=AS_OF)
    assert (result.numerator, result.denominator, result.percent) == (40, 121, 33)
    assert result.months is None
    # N is the discharged only: the rejected, the withdrawn and the active are not in it.
    assert Case.objects.count() == 125


def check_24_of_the_40_in_work_at_discharge_were_still_in_work_three_months_later(
    seed: Seed,
) -> None:
    result = rate("still_in_work_after_discharge@1", as_of=AS_OF)
    assert (result.numerator, result.denominator, result.percent) == (24, 40, 60)
    assert result.months == 3
    # A status at +3 is known for 34 of the 40: all 27 others and 7 of the 13 temporary jobs.
    assert result.recorded == 34


def check_of_all_121_discharged_24_were_in_work_three_months_after(seed: Seed) -> None:
    result = rate("in_work_after_discharge@1", months=3, as_of=AS_OF)
    assert (result.numerator, result.denominator, result.recorded) == (24, 121, 34 + 17 + 6)


def check_of_the_13_temporary_jobs_7_are_known_at_three_months_and_2_in_work(seed: Seed) -> None:
    result = rate("still_in_work_after_discharge@1", cases=ids(seed, "temporary"), as_of=AS_OF)
    assert (result.numerator, result.recorded, result.denominator) == (2, 7, 13)


def check_none_of_the_23_dismissed_is_in_work_at_three_months(seed: Seed) -> None:
    result = rate("in_work_after_discharge@1", cases=ids(seed, "dismissed"), as_of=AS_OF)
    assert (result.numerator, result.recorded, result.denominator) == (0, 17, 23)


def check_every_rate_carries_its_participant_mix(seed: Seed) -> None:
    result = rate("in_work_at_discharge@1", as_of=AS_OF)
    mix = result.mix
    assert (mix.n, mix.aap, mix.reduced_work_capacity) == (121, 121, 121)
    assert (mix.under_30, mix.employed_at_start) == (seed.under_30, seed.employed_at_start)
    assert (mix.under_30, mix.employed_at_start) == (37, 10)
    assert round(100 * (mix.under_30_share or 0)) == 31


def check_follow_ups_not_yet_due_are_left_out_of_n(
    seed: Seed,
) -> None:
    # On 31 December 2014 only those discharged by 30 September 2014 are due at +3.
    result = rate("in_work_after_discharge@1", as_of=D(2014, 12, 31))
    due = Case.objects.filter(status="discharged", end_date__lte=D(2014, 9, 30)).count()
    assert result.denominator == due < 121


def check_the_outcome_report_shows_the_same_figures(seed: Seed) -> None:
    """The directorate's outcome report, over the years the 121 were discharged in."""
    report = outcome_report(first_year=2013, year=2015, as_of=AS_OF)
    assert report.period == "2013–2015"
    (office,) = report.rows
    at_discharge, still_in_work, after_three, _after_twelve = report.total.measures
    assert (at_discharge.n, at_discharge.success, at_discharge.percent) == ("121", "40", "33 %")
    assert (still_in_work.n, still_in_work.success, still_in_work.percent) == ("40", "24", "60 %")
    assert (after_three.n, after_three.success) == ("121", "24")
    assert office.measures[:3] == report.total.measures[:3]  # one office: the same figures
    assert report.total.mix == ("100 %", "100 %", "31 %", "8 %")  # AAP, reduced, under 30, job
    one_year = outcome_report(year=2014, as_of=AS_OF)
    assert one_year.total.measures[0].n == "109"  # 43 + 66 discharged in 2014
