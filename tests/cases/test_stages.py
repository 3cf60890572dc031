"""The five stages: any move is allowed, backward moves and skips need a reason, all are kept."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.cases import services
from apps.cases.models import CaseStageEvent
from apps.cases.selectors import stage_durations, stage_on
from apps.cases.services import CaseError
from apps.contacts.services import contact_log

pytestmark = pytest.mark.django_db
REFERRAL = datetime.date(2026, 9, 1)


def move(world, stage: int, day: int, reason: str = ""):  # type: ignore[no-untyped-def]
    return services.case_move_stage(
        case=world.case,
        actor=world.user("spesialist"),
        stage=stage,
        on=REFERRAL + datetime.timedelta(days=day),
        reason=reason,
    )


def test_moving_forward_one_stage_needs_no_reason(world) -> None:  # type: ignore[no-untyped-def]
    event = move(world, 2, 15)
    assert (event.from_stage, event.stage) == (1, 2)


def test_going_back_or_skipping_a_stage_asks_for_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    move(world, 2, 15)
    move(world, 3, 20)
    with pytest.raises(CaseError, match="begrunnelse"):
        move(world, 2, 25)
    assert move(world, 2, 25, reason="Praksis som verktøy for kartlegging").stage == 2
    with pytest.raises(CaseError, match="begrunnelse"):
        move(world, 5, 30)
    assert move(world, 5, 30, reason="Fikk jobb raskt").stage == 5


def test_every_move_is_kept_and_gives_the_stage_on_any_date(world) -> None:  # type: ignore[no-untyped-def]
    move(world, 2, 15)
    move(world, 3, 20)
    move(world, 2, 25, reason="Mistet jobben")
    assert CaseStageEvent.objects.filter(case=world.case).count() == 4
    assert stage_on(world.case, REFERRAL) == 1
    assert stage_on(world.case, REFERRAL + datetime.timedelta(days=19)) == 2
    assert stage_on(world.case, REFERRAL + datetime.timedelta(days=22)) == 3
    assert stage_on(world.case, REFERRAL + datetime.timedelta(days=30)) == 2


def test_time_in_each_stage_adds_up_over_repeated_spells(world) -> None:  # type: ignore[no-untyped-def]
    move(world, 2, 10)
    move(world, 3, 20)
    move(world, 2, 25, reason="Tilbake")
    spells = {
        s.stage: s.days for s in stage_durations(world.case, REFERRAL + datetime.timedelta(days=40))
    }
    assert spells == {1: 10, 2: 10 + 15, 3: 5}


def test_a_back_dated_contact_gets_the_stage_the_case_was_in_then(world) -> None:  # type: ignore[no-untyped-def]
    move(world, 2, 10)
    move(world, 3, 20)
    when = timezone.make_aware(
        datetime.datetime.combine(REFERRAL + datetime.timedelta(days=12), datetime.time(10))
    )
    contact = contact_log(
        actor=world.user("spesialist"),
        case=world.case,
        occurred_at=when,
        channel="phone",
        place="none",
        with_whom=["participant"],
        initiative="specialist",
        duration_minutes=10,
        activity="individual",
    )
    assert contact.stage == 2
