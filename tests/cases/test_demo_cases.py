"""The demo caseloads (apps.cases.demo) and their employer side (apps.employers.demo): a
realistic office, built through the services.

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
from stdnum.no import orgnr as stdnum_orgnr

from apps.agreements.models import Agreement, AgreementOutcome, AgreementStatus, Approval, Party
from apps.cases.demo import EXTRA_USERNAMES, LOST_JOB, PROFILES, expected_aap_share, load_cases
from apps.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseStageEvent,
    CaseStatus,
    OutcomeStatus,
    Stage,
)
from apps.cases.selectors import stage_on
from apps.contacts.models import Contact
from apps.employers.demo import load_employer_side
from apps.employers.models import ContactPerson, Employer
from apps.employers.selectors import employers_search
from apps.mentors.models import MeetingKind, MentorAssignment, MentorEndReason, MentorStatus
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
from apps.placements.models import Placement, PlacementKind, Subsidy, SubsidyStatus
from apps.placements.selectors import case_employer_side, placements_without_mentor

TODAY = datetime.date(2026, 11, 20)
pytestmark = pytest.mark.django_db


@dataclass
class Demo:
    users: dict[str, User]
    counts: dict[str, int]
    employer_side: dict[str, int]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        users = load_organisation()
        counts = load_cases(today=TODAY)
        employer_side = load_employer_side(today=TODAY)
        yield Demo(users, counts, employer_side)
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
    employer_contacts = demo.employer_side["employer_contacts"]
    assert demo.counts["contacts"] == Contact.objects.count() - employer_contacts
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
    # Contacts with a firm that belong to no case (job development) have no stage.
    employer_stages = Counter(
        Contact.objects.filter(with_employer=True, case__isnull=False).values_list(
            "stage", flat=True
        )
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


# --- The employer side (apps.employers.demo) -------------------------------------------------


def test_load_employer_side_reports_what_it_created(demo: Demo) -> None:
    side = demo.employer_side
    assert side["employers"] == Employer.objects.count()
    assert side["contact_persons"] == ContactPerson.objects.count()
    assert side["employer_contacts"] == Contact.objects.filter(employer__isnull=False).count()
    assert side["placements"] == Placement.objects.count()
    assert side["subsidies"] == Subsidy.objects.count()
    assert side["agreements"] == Agreement.objects.count()
    assert side["mentors"] == MentorAssignment.objects.count()


def test_about_120_employers_with_unique_synthetic_organisation_numbers(demo: Demo) -> None:
    orgnrs = list(Employer.objects.values_list("orgnr", flat=True))
    assert 100 <= len(orgnrs) <= 140
    assert len(set(orgnrs)) == len(orgnrs)
    for orgnr in orgnrs:
        # Tenor's synthetic organisations: no real firm has a number that begins with 3.
        assert orgnr.startswith("3"), orgnr
        assert stdnum_orgnr.is_valid(orgnr), orgnr
    people = Counter(ContactPerson.objects.values_list("employer_id", flat=True))
    assert set(people) == set(Employer.objects.values_list("pk", flat=True))
    assert set(people.values()) <= {1, 2}
    assert len(set(Employer.objects.values_list("city", flat=True))) >= 10
    assert set(Employer.objects.values_list("sector", flat=True)) == {"private", "public"}


def test_firms_are_called_by_several_specialists_and_some_twice_in_one_week(demo: Demo) -> None:
    spesialist = demo.users["spesialist"]
    listed = list(employers_search("", spesialist))
    last_callers = {e.last_contact_by for e in listed if e.last_contact_by}
    assert len(last_callers) >= 3
    weeks: dict[tuple[int, int, int], set[int]] = {}
    for employer_id, author_id, at in Contact.objects.filter(employer__isnull=False).values_list(
        "employer_id", "author_id", "occurred_at"
    ):
        iso = timezone.localdate(at).isocalendar()
        weeks.setdefault((employer_id, iso.year, iso.week), set()).add(author_id)
    assert sum(len(authors) >= 2 for authors in weeks.values()) >= 3


def test_placements_of_every_kind_with_subsidies_applied_granted_and_paid(demo: Demo) -> None:
    assert set(Placement.objects.values_list("kind", flat=True)) == set(PlacementKind.values)
    assert {SubsidyStatus.APPLIED, SubsidyStatus.GRANTED, SubsidyStatus.PAID} <= set(
        Subsidy.objects.values_list("status", flat=True)
    )
    stages = current_stages(Case.objects.filter(status=CaseStatus.ACTIVE))
    late = {pk for pk, stage in stages.items() if stage >= Stage.EMPLOYER_ENGAGEMENT}
    placed = set(Placement.objects.filter(case__in=late).values_list("case_id", flat=True))
    assert len(placed) >= 0.7 * len(late)
    assert Placement.objects.filter(case__status=CaseStatus.DISCHARGED).exists()


def test_agreements_in_every_state_and_with_every_outcome(demo: Demo) -> None:
    assert set(Agreement.objects.values_list("status", flat=True)) == set(AgreementStatus.values)
    ended = Agreement.objects.filter(status=AgreementStatus.ENDED)
    assert set(ended.values_list("outcome", flat=True)) == set(AgreementOutcome.values)
    assert all(a.outcome_reason.strip() for a in ended.filter(outcome="ended_early"))
    for agreement in Agreement.objects.filter(status=AgreementStatus.ACTIVE):
        in_force = agreement.versions.get(in_force=True)
        approvals = {a.party: a for a in in_force.approvals.filter(withdrawn_at=None)}
        assert set(approvals) == set(Party.values)
        for party in (Party.EMPLOYER, Party.PARTICIPANT):
            with approvals[party].signed_document.open("rb") as document:
                assert document.read(5) == b"%PDF-"
    # In force, with a new version waiting for signatures: an extension, or another change.
    waiting = []
    for agreement in Agreement.objects.filter(status=AgreementStatus.ACTIVE):
        current = agreement.versions.get(in_force=True).number
        waiting += list(agreement.versions.filter(number__gt=current))
    assert any(version.is_extension for version in waiting)
    assert any(not version.is_extension for version in waiting)
    assert Approval.objects.filter(withdrawn_at__isnull=False).exists()


def test_practices_are_evaluated_before_each_extension_and_a_few_extended_twice(
    demo: Demo,
) -> None:
    extended = list(Placement.objects.filter(extensions__gte=1))
    assert extended
    for placement in extended:
        assert placement.kind in (PlacementKind.PRACTICE, PlacementKind.SHELTERED)
        assert placement.last_extended_on is not None
        assert placement.evaluations.filter(held_on__lte=placement.last_extended_on).exists()
    assert 2 <= sum(p.extensions >= 2 for p in extended) <= 12


def test_some_placements_lack_a_mentor_after_two_weeks_and_some_changed_mentor(
    demo: Demo,
) -> None:
    cases = Case.objects.all()
    without = placements_without_mentor(cases, TODAY).count()
    ongoing = Placement.objects.filter(
        ended_on=None, start_on__lte=TODAY - datetime.timedelta(days=14)
    ).count()
    assert 3 <= without <= 0.35 * ongoing
    changes = MentorAssignment.objects.filter(replaces__isnull=False).select_related("replaces")
    assert changes.exists()
    for successor in changes:
        assert successor.replaces is not None
        assert successor.replaces.status == MentorStatus.ENDED
        assert successor.replaces.end_reason in (
            MentorEndReason.REPLACED,
            MentorEndReason.LEFT,
            MentorEndReason.SICK_LEAVE,
        )
        assert successor.placement_id == successor.replaces.placement_id
    assert set(MentorAssignment.objects.values_list("status", flat=True)) == set(
        MentorStatus.values
    )
    kinds = set(MentorAssignment.objects.values_list("meetings__kind", flat=True))
    assert set(MeetingKind.values) <= kinds


def test_spesialist_sees_placements_agreements_and_both_warnings_on_own_cases(demo: Demo) -> None:
    mine = Case.objects.filter(owner__username="spesialist")
    assert Placement.objects.filter(case__in=mine).exists()
    assert {AgreementStatus.DRAFT, AgreementStatus.AWAITING, AgreementStatus.ACTIVE} <= set(
        Agreement.objects.filter(case__in=mine).values_list("status", flat=True)
    )
    assert MentorAssignment.objects.filter(
        placement__case__in=mine, replaces__isnull=False
    ).exists()
    assert placements_without_mentor(mine, TODAY).exists()
    assert Placement.objects.filter(case__in=mine, extensions__gte=2).exists()
    # The case page warns of both (the warnings' words are translated, so count them).
    notices = [
        notice
        for case in mine.filter(placements__isnull=False).distinct()
        for notice in case_employer_side(case, TODAY).notices
    ]
    assert len(notices) >= 2


def test_the_employer_side_dates_nothing_after_today_but_planned_starts(demo: Demo) -> None:
    late = CaseEvent.objects.filter(occurred_on__gt=TODAY)
    assert set(late.values_list("kind", flat=True)) <= {"placement_started"}
    for event in late:
        assert Placement.objects.get(pk=event.data["placement"]).start_on == event.occurred_on
    assert all(
        timezone.localdate(at) <= TODAY
        for at in Approval.objects.values_list("approved_at", flat=True)
    )
    extended = Placement.objects.exclude(last_extended_on=None)
    assert not extended.filter(last_extended_on__gt=TODAY).exists()
    assert not Subsidy.objects.filter(applied_on__gt=TODAY).exists()
    assert not Placement.objects.filter(ended_on__gt=TODAY).exists()


def test_loading_the_employer_side_twice_adds_nothing(demo: Demo) -> None:
    before = (
        Employer.objects.count(),
        Placement.objects.count(),
        Agreement.objects.count(),
        MentorAssignment.objects.count(),
        Contact.objects.count(),
    )
    again = load_employer_side(today=TODAY)
    assert set(again.values()) == {0}
    assert before == (
        Employer.objects.count(),
        Placement.objects.count(),
        Agreement.objects.count(),
        MentorAssignment.objects.count(),
        Contact.objects.count(),
    )
