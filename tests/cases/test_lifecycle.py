"""The case lifecycle: every move is a service, guarded, and leaves an event row."""

from __future__ import annotations

import datetime

import pytest

from apps.cases import services
from apps.cases.models import CaseEvent, CaseEventKind, CaseStatus, OutcomeStatus
from apps.cases.services import CaseError
from apps.programmes.models import Programme
from tests.cases.factories import open_case
from tests.participants.factories import register

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 1)


def statuses(case) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(
        CaseEvent.objects.filter(case=case, kind=CaseEventKind.STATUS).values_list(
            "from_status", "to_status"
        )
    )


def test_a_case_walks_from_referral_to_discharge_with_an_event_for_every_step(world) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.DISCHARGED)
    assert case.status == CaseStatus.DISCHARGED
    assert statuses(case) == [
        ("referred", "intake"),
        ("intake", "active"),
        ("active", "discharged"),
    ]
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.CREATED).count() == 1
    assert case.candidate_since is not None
    assert case.participant_since is not None
    assert case.end_reason == "work"
    outcome = OutcomeStatus.objects.get(case=case, at_discharge=True)
    assert outcome.in_work


def test_discharge_records_the_actor_the_date_and_the_reason(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = services.case_discharge(
        case=world.case,
        actor=spesialist,
        on=datetime.date(2026, 11, 1),
        reason="education",
        status={"education": True},
        note="Begynner på fagskole",
    )
    event = CaseEvent.objects.get(case=case, to_status=CaseStatus.DISCHARGED)
    assert (event.actor, event.occurred_on, event.reason) == (
        spesialist,
        datetime.date(2026, 11, 1),
        "Begynner på fagskole",
    )
    assert case.end_date == datetime.date(2026, 11, 1)


def test_a_colleague_covering_may_not_change_the_case(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseError, match="tilgang"):
        services.case_discharge(
            case=world.case,
            actor=world.user("kollega"),
            on=DAY + datetime.timedelta(days=30),
            reason="work",
            status={"in_work": True},
        )
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.ACTIVE


def test_the_team_lead_may_change_the_teams_cases(world) -> None:  # type: ignore[no-untyped-def]
    case = services.case_discharge(
        case=world.case,
        actor=world.user("teamleder"),
        on=DAY + datetime.timedelta(days=30),
        reason="moved",
        status={"not_reachable": True},
    )
    assert case.status == CaseStatus.DISCHARGED


def test_a_move_the_lifecycle_does_not_allow_is_refused_clearly(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseError, match="henvist sak kan gå til inntak"):
        services.case_start_intake(case=world.case, actor=world.user("spesialist"), on=DAY)
    with pytest.raises(CaseError, match="henvist sak eller en sak i inntak"):
        services.case_reject(case=world.case, actor=world.user("spesialist"), on=DAY, reason="x")


def test_rejection_and_withdrawal_need_a_reason_and_end_the_case_without_discharge(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    referred = open_case(spesialist, status=CaseStatus.REFERRED)
    with pytest.raises(CaseError, match="Oppgi hvorfor"):
        services.case_reject(case=referred, actor=spesialist, on=DAY, reason="  ")
    rejected = services.case_reject(
        case=referred, actor=spesialist, on=DAY, reason="Ikke i målgruppen"
    )
    assert rejected.status == CaseStatus.REJECTED
    assert not OutcomeStatus.objects.filter(case=rejected).exists()
    withdrawn = open_case(spesialist, status=CaseStatus.WITHDRAWN)
    assert withdrawn.status == CaseStatus.WITHDRAWN
    assert withdrawn.participant_since is None


def test_a_case_becomes_active_only_after_its_intake_talk(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = open_case(spesialist, status=CaseStatus.INTAKE)
    with pytest.raises(CaseError, match="før inntakssamtalen"):
        services.case_activate(
            case=case, actor=spesialist, on=DAY, intake_talk_date=DAY + datetime.timedelta(days=5)
        )


def test_pause_is_offered_only_where_the_programme_allows_it(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    allowed = open_case(spesialist, programme="ips")
    assert (
        services.case_pause(
            case=allowed,
            actor=spesialist,
            on=DAY + datetime.timedelta(days=20),
            reason="Innleggelse",
        ).status
        == CaseStatus.PAUSED
    )
    assert (
        services.case_resume(
            case=allowed, actor=spesialist, on=DAY + datetime.timedelta(days=40)
        ).status
        == CaseStatus.ACTIVE
    )
    not_allowed = open_case(spesialist, programme="oppfolging")
    with pytest.raises(CaseError, match="tillater pause"):
        services.case_pause(
            case=not_allowed, actor=spesialist, on=DAY + datetime.timedelta(days=20), reason="Ferie"
        )


def test_a_new_referral_within_the_gap_period_reopens_the_discharged_case(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = open_case(
        spesialist, status=CaseStatus.DISCHARGED
    )  # discharged 2026-11-03, gap 6 months
    again, reopened = services.case_refer(
        actor=spesialist,
        participant=case.participant,
        programme=case.programme,
        referral_date=case.end_date + datetime.timedelta(days=60),  # type: ignore[operator]
    )
    assert reopened
    assert again.pk == case.pk
    assert again.status == CaseStatus.ACTIVE
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.REOPENED).count() == 1


def test_a_new_referral_after_the_gap_period_starts_a_new_case(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = open_case(spesialist, status=CaseStatus.DISCHARGED)
    new, reopened = services.case_refer(
        actor=spesialist,
        participant=case.participant,
        programme=case.programme,
        referral_date=case.end_date + datetime.timedelta(days=200),  # type: ignore[operator]
    )
    assert not reopened
    assert new.pk != case.pk
    assert new.status == CaseStatus.REFERRED


def test_a_case_keeps_the_rules_in_force_when_it_started(world) -> None:  # type: ignore[no-untyped-def]
    programme = Programme.objects.get(code="ips")
    first = programme.rule_versions.get()
    newer = programme.rule_versions.create(
        effective_from=datetime.date(2026, 10, 1), caseload_norm_high=15
    )
    spesialist = world.user("spesialist")
    old_case, _ = services.case_refer(
        actor=spesialist,
        participant=register(spesialist),
        programme=programme,
        referral_date=datetime.date(2026, 9, 15),
    )
    new_case, _ = services.case_refer(
        actor=spesialist,
        participant=register(spesialist),
        programme=programme,
        referral_date=datetime.date(2026, 10, 2),
    )
    assert old_case.rules == first
    assert new_case.rules == newer


def test_reassignment_moves_the_case_to_the_new_owners_team_and_is_logged(world) -> None:  # type: ignore[no-untyped-def]
    case = services.case_reassign(
        case=world.case, actor=world.user("teamleder"), new_owner=world.user("kollega")
    )
    assert case.owner == world.user("kollega")
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.REASSIGNED)
    assert event.data == {
        "from_owner": world.user("spesialist").pk,
        "to_owner": world.user("kollega").pk,
    }
    with pytest.raises(CaseError, match="teamlederen"):
        services.case_reassign(
            case=case, actor=world.user("kollega"), new_owner=world.user("spesialist")
        )


def test_a_transfer_to_another_office_waits_for_the_receiving_team_lead(world) -> None:  # type: ignore[no-untyped-def]
    transfer = world.transfer  # annen's case, offered to the home team
    with pytest.raises(CaseError, match="mottakende teamleder"):
        services.case_decide_transfer(
            transfer=transfer,
            actor=world.user("annen"),
            accept=True,
            new_owner=world.user("spesialist"),
        )
    services.case_decide_transfer(
        transfer=transfer,
        actor=world.user("teamleder"),
        accept=True,
        new_owner=world.user("spesialist"),
    )
    case = world.other_office_case
    case.refresh_from_db()
    assert (case.office, case.owner) == (world.home_office, world.user("spesialist"))
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.TRANSFERRED).exists()
    with pytest.raises(CaseError, match="allerede avgjort"):
        services.case_decide_transfer(
            transfer=transfer, actor=world.user("teamleder"), accept=False
        )


def test_a_reopened_case_can_be_discharged_again_and_keeps_its_first_discharge_status(
    world,
) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    case = open_case(spesialist, status=CaseStatus.DISCHARGED)
    reopened, _ = services.case_refer(
        actor=spesialist,
        participant=case.participant,
        programme=case.programme,
        referral_date=case.end_date + datetime.timedelta(days=30),  # type: ignore[operator]
    )
    again = services.case_discharge(
        case=reopened,
        actor=spesialist,
        on=reopened.referral_date + datetime.timedelta(days=100),
        reason="education",
        status={"education": True},
    )
    assert again.status == CaseStatus.DISCHARGED
    statuses = list(
        OutcomeStatus.objects.filter(case=case)
        .order_by("id")
        .values_list("education", "superseded_on")
    )
    assert statuses[0][1] is not None  # the first discharge, superseded by the reopening
    assert statuses[1] == (True, None)  # the discharge that counts now
