"""The demo caseloads (apps.cases.demo): a realistic office, built through the services.

Loading takes a while, so the module loads once into a transaction that is rolled back at the
end; each test runs inside it in a savepoint of its own (pytest-django's django_db).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from apps.cases.demo import EXTRA_USERNAMES, LOST_JOB, PROFILES, expected_aap_share, load_cases
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStageEvent,
    CaseStatus,
    OutcomeStatus,
    Stage,
)
from apps.cases.selectors import stage_on
from apps.contacts.models import Contact
from apps.organisation.demo import load_organisation
from apps.organisation.models import Role, User
from apps.participants import crypto
from apps.participants.fnr import birth_date_of, parse_fnr
from apps.participants.models import (
    BirthCountryGroup,
    Challenge,
    Education,
    Participant,
    Protection,
)

TODAY = datetime.date(2026, 11, 20)
pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    users: dict[str, User]
    counts: dict[str, int]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        users = load_organisation()
        counts = load_cases(today=TODAY)
        yield Demo(users, counts)
        transaction.set_rollback(True)


def current_stages(cases: QuerySet[Case]) -> dict[int, int]:
    """Each case's latest stage row, read straight from the history."""
    latest: dict[int, int] = {}
    rows = CaseStageEvent.objects.filter(case__in=cases).order_by("entered_on", "created_at", "id")
    for case_id, stage in rows.values_list("case_id", "stage"):
        latest[case_id] = stage
    return latest


def first_programme(participant: Participant) -> str:
    first = min(participant.cases.all(), key=lambda case: (case.referral_date, case.pk))
    return first.programme.code


def test_load_cases_reports_what_it_created(demo: Demo) -> None:
    assert demo.counts["participants"] == Participant.objects.count()
    assert demo.counts["cases"] == Case.objects.count()
    assert demo.counts["contacts"] == Contact.objects.count()
    assert demo.counts["specialists"] == len(EXTRA_USERNAMES)
    assert 270 <= demo.counts["participants"] <= 330


def test_cases_are_in_every_status_a_service_can_reach_and_most_are_active(demo: Demo) -> None:
    statuses = Counter(Case.objects.values_list("status", flat=True))
    # Closing follows the last follow-up checkpoint, which no service makes yet.
    reachable = set(CaseStatus.values) - {CaseStatus.CLOSED}
    assert set(statuses) == reachable
    open_cases = sum(statuses[s] for s in OPEN_STATUSES)
    assert statuses[CaseStatus.ACTIVE] > 0.6 * open_cases


def test_open_cases_are_in_every_stage_and_some_went_back_with_a_reason(demo: Demo) -> None:
    current = Counter(current_stages(Case.objects.filter(status__in=OPEN_STATUSES)).values())
    assert set(current) == set(Stage.values)
    backwards = [
        event
        for event in CaseStageEvent.objects.exclude(from_stage=None)
        if event.from_stage is not None and event.stage < event.from_stage
    ]
    assert backwards
    assert all(event.reason.strip() for event in backwards)
    assert any(
        event.from_stage == Stage.SUPPORT
        and event.stage == Stage.JOB_FINDING
        and event.reason in LOST_JOB
        for event in backwards
    )


def test_every_fodselsnummer_is_a_synthetic_number_that_parse_fnr_accepts(demo: Demo) -> None:
    participants = list(Participant.objects.all())
    assert participants
    for participant in participants:
        digits = crypto.decrypt(participant.fnr_ciphertext)
        assert int(digits[2:4]) > 80, "a Tenor number has month + 80"
        fnr = parse_fnr(digits, allow_synthetic=True)
        assert fnr.is_synthetic
        assert birth_date_of(fnr) == participant.birth_date
        with pytest.raises(ValidationError):
            parse_fnr(digits, allow_synthetic=False)


def test_running_it_twice_creates_nothing_the_second_time(demo: Demo) -> None:
    before = (
        Participant.objects.count(),
        Case.objects.count(),
        Contact.objects.count(),
        User.objects.count(),
    )
    again = load_cases(today=TODAY)
    assert set(again.values()) == {0}
    assert before == (
        Participant.objects.count(),
        Case.objects.count(),
        Contact.objects.count(),
        User.objects.count(),
    )


def test_spesialist_owns_between_15_and_25_open_cases_and_every_specialist_10_to_30(
    demo: Demo,
) -> None:
    loads = Counter(
        Case.objects.filter(status__in=OPEN_STATUSES).values_list("owner__username", flat=True)
    )
    assert 15 <= loads["spesialist"] <= 25
    assert 10 <= loads["kollega"] <= 20
    assert 10 <= loads["annen"] <= 20
    specialists = User.objects.filter(role=Role.SPECIALIST).values_list("username", flat=True)
    assert all(10 <= loads[username] <= 30 for username in specialists), loads


def test_the_participant_mix_follows_the_tables_in_the_module(demo: Demo) -> None:
    rows = [
        (p, first_programme(p)) for p in Participant.objects.prefetch_related("cases__programme")
    ]
    n = len(rows)

    def share(rows_matching: int) -> float:
        return rows_matching / n

    def expected(of: Any) -> float:
        return sum(of(code) for _p, code in rows) / n

    tolerance = 0.08  # about three standard errors at n = 300
    assert share(sum(p.benefit == "aap" for p, _c in rows)) == pytest.approx(
        expected(expected_aap_share), abs=tolerance
    )
    assert share(sum(p.gender == "female" for p, _c in rows)) == pytest.approx(
        expected(lambda code: PROFILES[code].women), abs=tolerance
    )
    assert share(sum(bool(p.reduced_work_capacity) for p, _c in rows)) == pytest.approx(
        expected(lambda code: PROFILES[code].reduced_capacity), abs=tolerance
    )
    assert share(
        sum(p.birth_country_group == BirthCountryGroup.NORWAY for p, _c in rows)
    ) == pytest.approx(expected(lambda code: 1 - PROFILES[code].immigrant), abs=tolerance)
    assert share(sum(bool(p.employed_at_start) for p, _c in rows)) == pytest.approx(
        expected(lambda code: PROFILES[code].employed_at_start), abs=tolerance
    )
    # 004 L1040: education unknown for 29.2 %.
    assert share(sum(p.education == Education.UNKNOWN for p, _c in rows)) == pytest.approx(
        0.292, abs=tolerance
    )
    # 001 L1617: mental health is the commonest challenge.
    challenges = Counter(code for p, _c in rows for code in p.main_challenges)
    assert challenges.most_common(1)[0][0] == Challenge.MENTAL_HEALTH


def test_about_a_third_are_in_work_at_discharge(demo: Demo) -> None:
    at_discharge = OutcomeStatus.objects.filter(at_discharge=True)
    in_work = at_discharge.filter(in_work=True).count() / at_discharge.count()
    assert in_work == pytest.approx(40 / 121, abs=0.1)  # 000 L1899
    assert not at_discharge.filter(in_work=True, work_hours_per_week__isnull=True).exists()


def test_no_contact_is_in_the_future(demo: Demo) -> None:
    latest = Contact.objects.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    assert latest is not None
    assert timezone.localdate(latest) <= TODAY


def test_each_contact_has_the_stage_of_its_case_on_the_contact_date(demo: Demo) -> None:
    contacts = list(Contact.objects.select_related("case"))
    on_cases = [c for c in contacts if c.case is not None]
    assert on_cases
    for contact in on_cases:
        assert contact.case is not None
        assert contact.stage == stage_on(contact.case, timezone.localdate(contact.occurred_at)), (
            contact.pk
        )
    assert all(c.stage is None for c in contacts if c.case is None)


def test_contacts_come_about_weekly_with_employers_from_stage_3_and_office_work_beside(
    demo: Demo,
) -> None:
    year_ago = TODAY - datetime.timedelta(days=365)
    weeks = 0.0
    for case in Case.objects.exclude(participant_since=None):
        start = max(case.participant_since or year_ago, year_ago)
        weeks += max(((case.end_date or TODAY) - start).days, 0) / 7
    recent = Contact.objects.filter(case__isnull=False, occurred_at__date__gte=year_ago).count()
    assert 0.7 <= recent / weeks <= 1.5
    employer_stages = Counter(
        Contact.objects.filter(with_employer=True).values_list("stage", flat=True)
    )
    assert sum(employer_stages[s] for s in (3, 4, 5)) > 0.9 * sum(employer_stages.values())
    assert not employer_stages[1]
    assert Contact.objects.filter(case=None, activity="team").exists()
    assert Contact.objects.filter(case=None, activity="competence").exists()


def test_most_active_cases_had_a_contact_in_the_last_14_days_but_not_all(demo: Demo) -> None:
    active = dict(
        Case.objects.filter(status=CaseStatus.ACTIVE).values_list("pk", "owner__username")
    )
    last_contacts = dict(
        Contact.objects.filter(case_id__in=active)
        .values("case_id")
        .annotate(last=Max("occurred_at"))
        .values_list("case_id", "last")
    )
    overdue = [
        owner
        for pk, owner in active.items()
        if pk not in last_contacts or (TODAY - timezone.localdate(last_contacts[pk])).days > 14
    ]
    assert 0 < len(overdue) < 0.3 * len(active)
    assert "spesialist" in overdue


def test_about_two_thirds_have_consents_and_a_few_have_protected_addresses(demo: Demo) -> None:
    n = Participant.objects.count()
    with_consent = Participant.objects.filter(consents__isnull=False).distinct().count()
    assert 0.55 <= with_consent / n <= 0.8
    assert Participant.objects.filter(consents__recipient="treatment_provider").exists()
    protection = Counter(Participant.objects.values_list("protection", flat=True))
    assert 1 <= protection[Protection.STRICTLY_CONFIDENTIAL] <= 3
    assert (
        protection[Protection.STRICTLY_CONFIDENTIAL]
        < protection[Protection.CONFIDENTIAL]
        <= 0.05 * n
    )
    assert (
        not Participant.objects.filter(protection=Protection.STRICTLY_CONFIDENTIAL)
        .exclude(street_address="")
        .exists()
    )


def test_active_cases_past_profiling_have_a_vocational_profile(demo: Demo) -> None:
    stages = current_stages(Case.objects.filter(status=CaseStatus.ACTIVE))
    past_profiling = {pk for pk, stage in stages.items() if stage >= Stage.PROFILING}
    assert past_profiling
    with_profile = set(
        Case.objects.filter(vocational_profile__isnull=False).values_list("pk", flat=True)
    )
    assert past_profiling <= with_profile
