"""Placements: extension rules, subsidies, and the warnings and hints they put on the case."""

from __future__ import annotations

import datetime

import pytest

from apps.cases.models import CaseEvent
from apps.placements.models import Placement, SubsidyStatus
from apps.placements.selectors import case_employer_side
from apps.placements.services import (
    PlacementError,
    placement_evaluate,
    placement_extend,
    subsidy_advance,
)
from tests.agreements.factories import placement

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_an_extension_is_refused_until_an_evaluation_is_recorded(world, client_as) -> None:  # type: ignore[no-untyped-def]
    fresh = placement(world.colleague_case, world.user("kollega"))
    with pytest.raises(PlacementError, match="evaluering"):
        placement_extend(
            placement=fresh, actor=world.user("teamleder"), new_end=datetime.date(2027, 3, 31)
        )
    client = client_as("kollega")
    response = client.post(f"/arbeid/{fresh.pk}/forleng/", {"extend-new_end": "2027-03-31"})
    assert response.status_code == 409
    assert "Registrer en evaluering med arbeidsgiveren" in response.content.decode()
    fresh.refresh_from_db()
    assert fresh.end_on == datetime.date(2026, 12, 31)
    assert fresh.extensions == 0


def test_after_an_evaluation_the_extension_goes_through_and_a_second_needs_another(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    extended = placement_extend(
        placement=world.placement, actor=spesialist, new_end=datetime.date(2027, 3, 31)
    )
    assert extended.end_on == datetime.date(2027, 3, 31)
    assert extended.extensions == 1
    assert CaseEvent.objects.filter(case=world.case, kind="placement_extended").count() == 1
    with pytest.raises(PlacementError):
        placement_extend(placement=extended, actor=spesialist, new_end=datetime.date(2027, 6, 30))


def test_a_second_extension_raises_a_warning_on_the_case(world, client_as, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC))
    spesialist = world.user("spesialist")
    p = world.placement
    client = client_as("spesialist")
    warning = "er forlenget 2 ganger"
    placement_extend(placement=p, actor=spesialist, new_end=datetime.date(2027, 3, 31))
    assert warning not in client.get(f"/saker/{world.case.pk}/").content.decode()
    placement_evaluate(placement=p, actor=spesialist, held_on=TODAY, summary="Fortsatt usikkert")
    placement_extend(placement=p, actor=spesialist, new_end=datetime.date(2027, 6, 30))
    page = client.get(f"/saker/{world.case.pk}/").content.decode()
    assert f"Arbeidsforholdet hos Lager og Logistikk AS {warning}" in page


def test_a_placement_without_a_mentor_after_two_weeks_raises_a_warning(world) -> None:  # type: ignore[no-untyped-def]
    kollega = world.user("kollega")
    p = placement(world.colleague_case, kollega, start_on=datetime.date(2026, 11, 1))
    message = "har ikke hatt fadder"
    side = case_employer_side(world.colleague_case, datetime.date(2026, 11, 14))
    assert not any(message in n for n in side.notices), "two weeks have not passed"
    side = case_employer_side(world.colleague_case, datetime.date(2026, 11, 15))
    assert any(message in n for n in side.notices)
    from apps.mentors.services import mentor_propose

    mentor_propose(placement=p, actor=kollega, name="Ola", role="Kokk", start_on=TODAY)
    side = case_employer_side(world.colleague_case, datetime.date(2026, 11, 15))
    assert not any(message in n for n in side.notices)


def test_an_ended_placement_needs_no_mentor(world) -> None:  # type: ignore[no-untyped-def]
    from apps.placements.services import placement_end

    kollega = world.user("kollega")
    p = placement(world.colleague_case, kollega, start_on=datetime.date(2026, 10, 1))
    placement_end(placement=p, actor=kollega, on=datetime.date(2026, 10, 10))
    assert case_employer_side(world.colleague_case, TODAY).notices == []


def test_a_subsidy_goes_applied_granted_paid_and_never_backwards(world, client_as) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    subsidy = world.subsidy
    with pytest.raises(PlacementError):
        subsidy_advance(subsidy=subsidy, actor=spesialist, to=SubsidyStatus.PAID, on=TODAY)
    client = client_as("spesialist")
    url = f"/arbeid/{world.placement.pk}/tilskudd/{subsidy.pk}/"
    assert (
        client.post(url, {"advance-to": "granted", "advance-on": "2026-11-01"}).status_code == 302
    )
    assert client.post(url, {"advance-to": "paid", "advance-on": "2026-11-20"}).status_code == 302
    response = client.post(url, {"advance-to": "granted", "advance-on": "2026-11-21"})
    assert response.status_code == 409
    assert "fra søkt til innvilget til utbetalt" in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.PAID
    assert subsidy.granted_on == datetime.date(2026, 11, 1)
    assert subsidy.paid_on == datetime.date(2026, 11, 20)


def test_the_placement_form_refuses_an_end_before_the_start(world, client_as) -> None:  # type: ignore[no-untyped-def]
    before = Placement.objects.count()
    response = client_as("spesialist").post(
        f"/arbeid/sak/{world.case.pk}/ny/",
        {
            "employer": world.employer.pk,
            "kind": "practice",
            "start_on": "2026-12-01",
            "end_on": "2026-11-01",
            "permanent": "unknown",
        },
    )
    assert response.status_code == 400
    assert Placement.objects.count() == before


def test_an_agreement_in_force_suggests_stage_4_and_moves_nothing(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from apps.cases.services import case_move_stage

    case = world.case
    case_move_stage(
        case=case,
        actor=world.user("spesialist"),
        stage=3,
        on=datetime.date(2026, 10, 1),
        reason="Rett på jobbsøk",
    )
    client = client_as("spesialist")
    page = client.get(f"/saker/{case.pk}/").content.decode()
    assert "En intensjonsavtale gjelder: saken hører kanskje hjemme i fase 4 eller 5" in page
    form = client.get(f"/saker/{case.pk}/fase/", HTTP_HX_REQUEST="true").content.decode()
    assert '<option value="4" selected>' in form, "the stage form offers stage 4"
    from apps.cases.models import CaseStageEvent

    assert CaseStageEvent.objects.filter(case=case).order_by("-id").first().stage == 3
