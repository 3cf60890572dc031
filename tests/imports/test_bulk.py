"""The bulk writer (apps/imports/bulk.py) writes exactly what the services write.

The same person and referral go once through ``participant_register``, ``case_refer``,
``case_start_intake`` and ``case_activate``, and once through ``participants_register_many``
and ``cases_refer_many``; every row either way is compared, field by field, leaving out only
ids, timestamps and the encrypted number (Fernet tokens differ each time by design).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import models

from apps.cases import services as case_services
from apps.cases.models import Case, CaseEvent, CaseStageEvent
from apps.followups.models import Checkpoint
from apps.imports.bulk import Person, Referral, cases_refer_many, participants_register_many
from apps.organisation.models import User
from apps.participants.fnr import parse_fnr
from apps.participants.models import Participant, ParticipantChange
from apps.participants.services import participant_register
from apps.programmes.models import Programme
from apps.programmes.selectors import programme_rules_in_force
from tests.participants.factories import next_synthetic_fnr

BORN = datetime.date(1991, 3, 14)
PERSON = {
    "first_name": "Kari",
    "last_name": "Nordmann",
    "birth_date": BORN,
    "gender": "female",
    "phone": "40000000",
    "benefit": "aap",
    "reduced_work_capacity": True,
}
ORDER = {"referring_adviser": "Veileder V", "order_goal": "Fast jobb"}
REFERRAL = datetime.date(2026, 1, 5)
INTAKE, TALK, ACTIVE = (
    datetime.date(2026, 1, 8),
    datetime.date(2026, 1, 12),
    datetime.date(2026, 1, 15),
)
LEFT_OUT = {"id", "created_at", "changed_at", "fnr_ciphertext", "fnr_hash"}


def _fields(obj: models.Model, *more_left_out: str) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in LEFT_OUT and f.attname not in more_left_out
    }


def _everything(case: Case) -> dict[str, Any]:
    participant = Participant.objects.get(pk=case.participant_id)
    return {
        "participant": _fields(participant),
        "history": [
            _fields(c, "participant_id")
            for c in ParticipantChange.objects.filter(participant=participant)
        ],
        "case": _fields(Case.objects.get(pk=case.pk), "participant_id"),
        "events": [
            _fields(e, "case_id") for e in CaseEvent.objects.filter(case=case).order_by("pk")
        ],
        "stages": [_fields(s, "case_id") for s in CaseStageEvent.objects.filter(case=case)],
        "checkpoints": [
            _fields(c, "case_id", "anchor_id")
            for c in Checkpoint.objects.filter(case=case).order_by("pk")
        ],
        "anchors": set(Checkpoint.objects.filter(case=case).values_list("anchor_id", flat=True)),
    }


def _by_services(actor: User, programme: Programme, stage: str) -> Case:
    participant = participant_register(
        actor=actor, fnr=parse_fnr(next_synthetic_fnr(BORN)), **PERSON
    )
    case, _reopened = case_services.case_refer(
        actor=actor,
        participant=participant,
        programme=programme,
        referral_date=REFERRAL,
        owner=User.objects.get(username="spesialist"),
        **ORDER,
    )
    if stage in ("intake", "active"):
        case = case_services.case_start_intake(case=case, actor=actor, on=INTAKE)
    if stage == "active":
        case = case_services.case_activate(case=case, actor=actor, on=ACTIVE, intake_talk_date=TALK)
    return case


def _in_bulk(actor: User, programme: Programme, stage: str) -> Case:
    fnr = parse_fnr(next_synthetic_fnr(BORN))
    (participant,) = participants_register_many(actor=actor, people=[Person(fnr, PERSON)])
    owner = User.objects.get(username="spesialist")
    rules = programme_rules_in_force(programme=programme, on=REFERRAL)
    assert rules is not None
    ((case, reopened),) = cases_refer_many(
        actor=actor,
        referrals=[
            Referral(
                participant_id=participant.pk,
                birth_date=BORN,
                programme=programme,
                rules=rules,
                owner=owner,
                team=owner.teams.order_by("pk").first(),  # type: ignore[arg-type]
                referral_date=REFERRAL,
                intake_on=INTAKE if stage in ("intake", "active") else None,
                intake_talk_date=TALK if stage == "active" else None,
                active_on=ACTIVE if stage == "active" else None,
                **ORDER,
            )
        ],
    )
    assert not reopened
    return case


@pytest.mark.parametrize("actor", ["spesialist", "teamleder"])
@pytest.mark.parametrize(
    ("programme", "stage"),
    [
        ("utvidet-oppfolging", "referred"),
        ("utvidet-oppfolging", "intake"),
        ("utvidet-oppfolging", "active"),
        # A programme with a maximum duration: activation adds that checkpoint too.
        ("supported-employment-forsok", "active"),
    ],
)
def test_the_bulk_writer_writes_what_the_services_write(
    users: dict[str, User], actor: str, programme: str, stage: str
) -> None:
    the_programme = Programme.objects.get(code=programme)
    one = _everything(_by_services(users[actor], the_programme, stage))
    other = _everything(_in_bulk(users[actor], the_programme, stage))
    one_case, other_case = one.pop("case"), other.pop("case")
    assert one == {**other, "anchors": one["anchors"]}
    assert one_case == other_case
    assert len(one["anchors"]) == len(other["anchors"]) == 1
    assert len(one["checkpoints"]) == {"referred": 2, "intake": 2}.get(
        stage, 3 if programme == "utvidet-oppfolging" else 4
    )
