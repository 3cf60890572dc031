"""The metrics on small data built through the services, each at a boundary of its thresholds
where that takes only a few rows, with the cases behind the value."""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.cases.models import OPEN_STATUSES, Case, CaseStatus
from apps.fidelity import metrics
from apps.fidelity.models import ScaleItem
from apps.fidelity.scales import score
from tests.agreements.factories import ORGNRS, employer, placement
from tests.cases.factories import open_case
from tests.fidelity.helpers import log, team_scope

D = datetime.date
OCT = (D(2026, 10, 1), D(2026, 10, 31))


def thresholds(metric: str) -> list[dict[str, object]]:
    return ScaleItem.objects.filter(scale__code="ips-25", metric=metric).get().thresholds


def test_caseload_20_and_21_per_specialist(world) -> None:  # type: ignore[no-untyped-def]
    """Two specialists: 40 open cases is 20 each (5); 41 is 20.5 and 42 is 21 (4)."""
    spesialist = world.user("spesialist")
    s = team_scope(world, *OCT)
    open_now = s.cases.filter(status__in=OPEN_STATUSES).count()
    assert len(s.specialist_ids) == 2
    for _ in range(40 - open_now):
        open_case(spesialist, status=CaseStatus.REFERRED)
    m = metrics.caseload_per_specialist(s)
    assert (m.value, score(m.value, thresholds("caseload_per_specialist"))) == (Decimal(20), 5)
    assert len(m.case_ids) == 40
    open_case(spesialist, status=CaseStatus.REFERRED)
    m = metrics.caseload_per_specialist(s)
    assert (m.value, score(m.value, thresholds("caseload_per_specialist"))) == (Decimal("20.5"), 4)
    open_case(spesialist, status=CaseStatus.REFERRED)
    # A discharged case does not count.
    open_case(spesialist, status=CaseStatus.DISCHARGED)
    m = metrics.caseload_per_specialist(s)
    assert (m.value, score(m.value, thresholds("caseload_per_specialist"))) == (Decimal(21), 4)


def test_days_to_the_first_face_to_face_employer_contact(world) -> None:  # type: ignore[no-untyped-def]
    """Intake talk on 4 September (open_case): a first meeting with an employer on 4 October is
    30 days (5); one a day later on another case makes the average 30.5, rounded to 31 (4). A
    phone call earlier does not count, nor a later meeting on the same case."""
    spesialist = world.user("spesialist")
    first, second = open_case(spesialist), open_case(spesialist)
    assert first.intake_talk_date == D(2026, 9, 4)
    log(spesialist, D(2026, 9, 20), case=first, channel="phone", place="none")
    log(spesialist, D(2026, 10, 4), case=first)
    log(spesialist, D(2026, 10, 20), case=first)
    period = (D(2026, 10, 2), D(2026, 10, 10))
    m = metrics.days_to_employer_contact(team_scope(world, *period))
    assert (m.value, m.case_ids) == (Decimal(30), {first.pk})
    assert score(m.value, thresholds("days_to_employer_contact")) == 5
    log(spesialist, D(2026, 10, 5), case=second)
    m = metrics.days_to_employer_contact(team_scope(world, *period))
    assert (m.value, m.case_ids) == (Decimal(31), {first.pk, second.pk})
    assert score(m.value, thresholds("days_to_employer_contact")) == 4


def test_employer_contacts_per_specialist_per_week(world) -> None:  # type: ignore[no-untyped-def]
    """Two specialists, one week: 12 face-to-face employer contacts are 6 each (5), 11 are 5.5
    (4). Phone calls and contacts outside the week do not count."""
    spesialist, kollega = world.user("spesialist"), world.user("kollega")
    week = (D(2026, 10, 5), D(2026, 10, 11))
    case = open_case(spesialist)
    for i in range(6):
        log(spesialist, week[0] + datetime.timedelta(days=i % 7), case=case if i == 0 else None)
    for i in range(5):
        log(kollega, week[0] + datetime.timedelta(days=i % 7))
    log(kollega, D(2026, 10, 7), channel="phone", place="none")
    log(kollega, D(2026, 10, 12))
    m = metrics.employer_contacts_per_week(team_scope(world, *week))
    assert (m.value, m.case_ids) == (Decimal("5.5"), {case.pk})
    assert score(m.value, thresholds("employer_contacts_per_week")) == 4
    log(kollega, D(2026, 10, 11))
    m = metrics.employer_contacts_per_week(team_scope(world, *week))
    assert m.value == Decimal(6)
    assert score(m.value, thresholds("employer_contacts_per_week")) == 5


def test_share_of_contacts_outside_the_office(world) -> None:  # type: ignore[no-untyped-def]
    """Of the contacts in person (phone calls are left out): 12 of 20 outside is 60 % (4), 13 of
    21 is 61.9 % (4), 15 of 23 is 65.2 % (5)."""
    spesialist = world.user("spesialist")
    case = open_case(spesialist)
    day = D(2026, 10, 14)
    for _ in range(12):
        log(spesialist, day, case=case, place="workplace")
    for _ in range(8):
        log(spesialist, day, place="nav_office", with_employer=False, case=case)
    log(spesialist, day, channel="phone", place="none")
    m = metrics.community_share(team_scope(world, day, day))
    assert m.value == Decimal(60)
    assert m.detail == {"in_person": 20, "outside": 12}
    assert score(m.value, thresholds("community_share")) == 4
    assert m.case_ids == {case.pk}
    # One more outside: 13 of 21 is 61.9 % (4); then 15 of 23 is 65.2 % (5).
    log(spesialist, day, case=case, place="outdoors")
    m = metrics.community_share(team_scope(world, day, day))
    assert (m.value, score(m.value, thresholds("community_share"))) == (Decimal("61.9"), 4)
    log(spesialist, day, case=case, place="home")
    log(spesialist, day, case=case, place="home")
    m = metrics.community_share(team_scope(world, day, day))
    assert (m.value, score(m.value, thresholds("community_share"))) == (Decimal("65.2"), 5)


def test_placements_competitive_and_diverse(world) -> None:  # type: ignore[no-untyped-def]
    """Four placements started in October: three paid (75 %, 3), at three employers (75 %, 3) with
    two job types (50 %, 2). A placement started in September does not count."""
    spesialist = world.user("spesialist")
    cases = [open_case(spesialist) for _ in range(4)]
    firms = [employer(spesialist, ORGNRS[i], f"Firma {i}") for i in (1, 2, 3)]
    for case, kind, firm, tasks in zip(
        cases,
        ["paid", "paid_subsidised", "paid", "practice"],
        [firms[0], firms[1], firms[2], firms[2]],
        ["Lager", "lager ", "Butikk", "Butikk"],
        strict=True,
    ):
        placement(case, spesialist, kind=kind, employer=firm, tasks=tasks, start_on=D(2026, 10, 5))
    placement(cases[0], spesialist, kind="practice", start_on=D(2026, 9, 20))
    # The world's own placement starts on 1 October.
    s = team_scope(world, D(2026, 10, 2), D(2026, 10, 31))
    competitive = metrics.competitive_share(s)
    assert competitive.value == Decimal(75)
    assert score(competitive.value, thresholds("competitive_share")) == 3
    assert competitive.case_ids == {c.pk for c in cases}
    employers = metrics.employer_diversity(s)
    assert employers.value == Decimal(75)
    assert score(employers.value, thresholds("employer_diversity")) == 3
    jobs = metrics.job_type_diversity(s)
    assert jobs.value == Decimal(50)
    assert score(jobs.value, thresholds("job_type_diversity")) == 2


def test_follow_up_after_a_job_start(world) -> None:  # type: ignore[no-untyped-def]
    """Two participants in paid work; one has a contact after the start (two months later)."""
    spesialist = world.user("spesialist")
    followed, alone = open_case(spesialist), open_case(spesialist)
    placement(followed, spesialist, kind="paid", start_on=D(2026, 9, 10), end_on=None)
    placement(alone, spesialist, kind="paid", start_on=D(2026, 9, 10), end_on=None)
    log(spesialist, D(2026, 11, 10), case=followed)
    m = metrics.follow_up_after_start(team_scope(world, D(2026, 9, 1), D(2026, 11, 20)))
    assert m.value == Decimal(50)
    assert m.case_ids == {followed.pk, alone.pk}
    assert m.detail["months_on_average"] == Decimal("2.0")


def test_exclusions_at_intake(world) -> None:  # type: ignore[no-untyped-def]
    """Cases referred in August: 1 rejected of 20 is 5 % (4); 2 of 20 is 10 % (3)."""
    spesialist = world.user("spesialist")
    august = (D(2026, 8, 1), D(2026, 8, 31))
    rejected = open_case(spesialist, status=CaseStatus.REJECTED, referral_date=D(2026, 8, 3))
    for _ in range(18):
        open_case(spesialist, status=CaseStatus.REFERRED, referral_date=D(2026, 8, 4))
    last = open_case(spesialist, status=CaseStatus.REFERRED, referral_date=D(2026, 8, 5))
    m = metrics.exclusion_share(team_scope(world, *august))
    assert (m.value, m.case_ids) == (Decimal(5), {rejected.pk})
    assert score(m.value, thresholds("exclusion_share")) == 4
    from apps.cases.services import case_reject

    case_reject(case=last, actor=spesialist, on=D(2026, 8, 10), reason="Ikke i målgruppen")
    m = metrics.exclusion_share(team_scope(world, *august))
    assert m.value == Decimal(10)
    assert score(m.value, thresholds("exclusion_share")) == 3
    assert Case.objects.get(pk=last.pk).status == CaseStatus.REJECTED
