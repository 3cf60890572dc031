from __future__ import annotations

import datetime

import factory

from apps.cases import services
from apps.cases.models import Case, CaseStatus, Stage
from apps.organisation.models import User
from apps.programmes.models import Programme
from apps.programmes.selectors import programme_rules_in_force
from tests.participants.factories import ParticipantFactory, register


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case row held by ``owner``'s first team. Prefer ``open_case()``, built by services."""

    class Meta:
        model = Case

    participant = factory.SubFactory(
        ParticipantFactory, registered_by_office=factory.SelfAttribute("..office")
    )
    programme = factory.LazyFunction(lambda: Programme.objects.get(code="utvidet-oppfolging"))
    rules = factory.LazyAttribute(
        lambda case: programme_rules_in_force(programme=case.programme, on=case.referral_date)
    )
    owner = None
    team = factory.LazyAttribute(lambda case: case.owner.teams.first())
    office = factory.LazyAttribute(lambda case: case.team.office)
    referral_date = datetime.date(2026, 9, 1)


def open_case(
    owner: User,
    *,
    status: str = CaseStatus.ACTIVE,
    programme: str = "utvidet-oppfolging",
    referral_date: datetime.date = datetime.date(2026, 9, 1),
    stage: int | None = None,
    **participant_fields: object,
) -> Case:
    """A case built the way people build it: register, refer, then move it to ``status``."""
    participant = register(owner, **participant_fields)  # type: ignore[arg-type]
    case, _ = services.case_refer(
        actor=owner,
        participant=participant,
        programme=Programme.objects.get(code=programme),
        referral_date=referral_date,
    )
    day = referral_date + datetime.timedelta(days=3)
    if status in (CaseStatus.INTAKE, CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.DISCHARGED):
        case = services.case_start_intake(case=case, actor=owner, on=day)
    if status in (CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.DISCHARGED):
        case = services.case_activate(
            case=case, actor=owner, on=day + datetime.timedelta(days=7), intake_talk_date=day
        )
    if status == CaseStatus.PAUSED:
        case = services.case_pause(
            case=case, actor=owner, on=day + datetime.timedelta(days=10), reason="Sykdom"
        )
    if status == CaseStatus.DISCHARGED:
        case = services.case_discharge(
            case=case,
            actor=owner,
            on=day + datetime.timedelta(days=60),
            reason="work",
            status={"in_work": True, "work_hours_per_week": 20},
        )
    if status == CaseStatus.REJECTED:
        case = services.case_reject(case=case, actor=owner, on=day, reason="Ikke i målgruppen")
    if status == CaseStatus.WITHDRAWN:
        case = services.case_withdraw(case=case, actor=owner, on=day, reason="Flyttet")
    if stage is not None and stage != Stage.CONTACT:
        services.case_move_stage(
            case=case, actor=owner, stage=stage, on=day + datetime.timedelta(days=8), reason="Test"
        )
    return case
