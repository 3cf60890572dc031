"""Registering many participants and referring many cases at once, by the services' own rules.

Why this exists: ``participant_register`` and ``case_refer`` cost about 20 queries a row between
them (a savepoint each, the owner's team, the rules in force, the lock on an earlier case, the
case, its event, its stage row, two checkpoints with a savepoint each). Measured on the
development machine: 1 ms and 7.6 ms a row, so 10,000 rows took 86 seconds. These functions write
the very same rows with ``bulk_create``, a handful of queries per 500 rows.

Same rules, written twice, so a test keeps them the same: ``tests/imports/test_bulk.py`` registers
and refers people through the services and through these functions and compares every row they
write (participant, history, case, event, stage, checkpoints). The checks the services make
before writing (who may own and refer, the rules in force, a number already registered) are
made for the whole file by the dry run (``checks.py``) and again just before the write; the
database's unique constraint on the number's hash still refuses a person registered meanwhile.

A new case that the file says has already reached intake or become active is written as
``case_start_intake`` and ``case_activate`` (with ``checkpoints_after_activation``) would leave
it: the status and dates, one status event per move, the intake checkpoints done on the day it
became active, the progress report and the maximum-duration checkpoints. Moving one at a time
through those services cost 8 ms a row again.

What stays one row at a time, through the services themselves: a referral that continues a
discharged case (``case_refer`` reopens it, and locks and changes rows that already exist).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from apps.cases import services as case_services
from apps.cases.models import Case, CaseEvent, CaseEventKind, CaseStageEvent, CaseStatus, Stage
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.followups.services import add_months
from apps.organisation.models import Team, User
from apps.participants import crypto
from apps.participants.fnr import Fnr
from apps.participants.models import Participant, ParticipantChange
from apps.programmes.models import Programme, ProgrammeRules


@dataclass(frozen=True)
class Person:
    fnr: Fnr
    fields: dict[str, Any]


@dataclass(frozen=True)
class Referral:
    participant_id: int
    birth_date: datetime.date
    programme: Programme
    rules: ProgrammeRules  # in force on the referral date
    owner: User
    team: Team  # the owner's first team at the office, as case_refer chooses it
    referral_date: datetime.date
    referring_adviser: str = ""
    order_background: str = ""
    order_tried: str = ""
    order_goal: str = ""
    # Where the case has got to: intake started on, the intake talk and active from.
    intake_on: datetime.date | None = None
    intake_talk_date: datetime.date | None = None
    active_on: datetime.date | None = None

    @property
    def moves_on(self) -> bool:
        return self.intake_on is not None or self.active_on is not None


def participants_register_many(*, actor: User, people: list[Person]) -> list[Participant]:
    """``participant_register`` for each person: the participant (number encrypted, its lookup
    hash), registered by the actor's office, and its "registered" history row.

    The caller holds the transaction. A number registered meanwhile makes the INSERT fail on the
    unique hash (IntegrityError), and the caller's transaction with it.
    """
    assert actor.office_id is not None
    participants = Participant.objects.bulk_create(
        [
            Participant(
                fnr_ciphertext=crypto.encrypt(person.fnr.digits),
                fnr_hash=crypto.lookup_hash(person.fnr.digits),
                is_d_number=person.fnr.is_d_number,
                registered_by_office_id=actor.office_id,
                **person.fields,
            )
            for person in people
        ]
    )
    now = timezone.now()
    ParticipantChange.objects.bulk_create(
        [
            ParticipantChange(
                participant=participant,
                actor=actor,
                changed_at=now,
                field="registered",
                old_value=None,
                new_value=None,
            )
            for participant in participants
        ]
    )
    return participants


def cases_refer_many(*, actor: User, referrals: list[Referral]) -> list[tuple[Case, bool]]:
    """``case_refer`` for each referral, in the same order: a new case at the owner's office and
    team, referred, in stage 1, with its "created" event and the intake checkpoints, then moved
    on to intake and to active where the referral says so; or, within the programme's gap period
    after a discharge from the same programme, that case reopened by ``case_refer`` itself.

    Returns each case and whether it was reopened (a reopened case is not moved on here).
    """
    earlier = _discharged(referrals)
    cases: list[tuple[Case, bool] | None] = []
    new: list[tuple[int, Referral]] = []
    for index, referral in enumerate(referrals):
        previous = earlier.get((referral.participant_id, referral.programme.pk))
        if (
            previous is not None
            and previous.end_date is not None
            and referral.referral_date
            <= previous.end_date + relativedelta(months=previous.rules.gap_months)
        ):
            case, _reopened = case_services.case_refer(
                actor=actor,
                participant=Participant.objects.get(pk=referral.participant_id),
                programme=referral.programme,
                referral_date=referral.referral_date,
                owner=referral.owner,
                referring_adviser=referral.referring_adviser,
                order_background=referral.order_background,
                order_tried=referral.order_tried,
                order_goal=referral.order_goal,
            )
            cases.append((case, True))
        else:
            cases.append(None)
            new.append((index, referral))
    created = Case.objects.bulk_create(
        [
            Case(
                participant_id=r.participant_id,
                programme=r.programme,
                rules=r.rules,
                office_id=r.team.office_id,  # the owner's office: case_refer picks the team there
                team=r.team,
                owner=r.owner,
                referral_date=r.referral_date,
                age_at_referral=relativedelta(r.referral_date, r.birth_date).years,
                referring_adviser=r.referring_adviser,
                order_background=r.order_background,
                order_tried=r.order_tried,
                order_goal=r.order_goal,
                **_moved_on(r),
            )
            for _index, r in new
        ]
    )
    # Per case in the order they happened: referred, to intake, to active (the timeline orders
    # events of a day by when they were recorded).
    events = []
    for case, (_index, r) in zip(created, new, strict=True):
        events.append(
            CaseEvent(
                case=case,
                actor=actor,
                kind=CaseEventKind.CREATED,
                occurred_on=r.referral_date,
                to_status=CaseStatus.REFERRED,
            )
        )
        if r.intake_on is not None:
            events.append(
                _status_event(case, actor, r.intake_on, CaseStatus.REFERRED, CaseStatus.INTAKE)
            )
        if r.active_on is not None:
            events.append(
                _status_event(case, actor, r.active_on, CaseStatus.INTAKE, CaseStatus.ACTIVE)
            )
    CaseEvent.objects.bulk_create(events)
    CaseStageEvent.objects.bulk_create(
        [
            CaseStageEvent(
                case=case, stage=Stage.CONTACT, entered_on=case.referral_date, actor=actor
            )
            for case in created
        ]
    )
    Checkpoint.objects.bulk_create(
        [
            checkpoint
            for case, (_index, r) in zip(created, new, strict=True)
            for checkpoint in _checkpoints(case, r)
        ]
    )
    for (index, _referral), case in zip(new, created, strict=True):
        cases[index] = (case, False)
    return [case for case in cases if case is not None]


def _moved_on(r: Referral) -> dict[str, Any]:
    """The case's fields after case_start_intake and case_activate."""
    if r.active_on is not None:
        return {
            "status": CaseStatus.ACTIVE,
            "candidate_since": r.intake_on,
            "intake_talk_date": r.intake_talk_date,
            "participant_since": r.active_on,
        }
    if r.intake_on is not None:
        return {"status": CaseStatus.INTAKE, "candidate_since": r.intake_on}
    return {"status": CaseStatus.REFERRED}


def _status_event(case: Case, actor: User, on: datetime.date, before: str, after: str) -> CaseEvent:
    return CaseEvent(
        case=case,
        actor=actor,
        kind=CaseEventKind.STATUS,
        occurred_on=on,
        from_status=before,
        to_status=after,
        reason="",
    )


def _checkpoints(case: Case, r: Referral) -> list[Checkpoint]:
    """followups.services.checkpoints_after_referral, and checkpoints_after_activation when the
    case became active: the intake deadlines are done that day, the progress report and the
    maximum duration are due. New cases: nothing to be unique against."""

    def checkpoint(kind: str, due_on: datetime.date, **fields: Any) -> Checkpoint:
        return Checkpoint(
            case=case,
            kind=kind,
            anchor_type="case",
            anchor_id=case.pk,
            sequence=1,
            due_on=due_on,
            **fields,
        )

    rules = r.rules
    done = (
        {"status": CheckpointStatus.DONE, "done_on": r.active_on} if r.active_on is not None else {}
    )
    checkpoints = [
        checkpoint(
            CheckpointKind.INTAKE_CONTACT,
            r.referral_date + datetime.timedelta(days=rules.intake_contact_days),
            **done,
        ),
        checkpoint(
            CheckpointKind.INTAKE_TALK,
            r.referral_date + datetime.timedelta(days=rules.intake_talk_days),
            **done,
        ),
    ]
    if r.active_on is not None:
        checkpoints.append(checkpoint(CheckpointKind.PROGRESS_REPORT, add_months(r.active_on, 3)))
        end = rules.maximum_end(r.active_on)
        if end is not None:
            checkpoints.append(
                checkpoint(CheckpointKind.MAXIMUM_DURATION, end - datetime.timedelta(days=30))
            )
    return checkpoints


def _discharged(referrals: list[Referral]) -> dict[tuple[int, int], Case]:
    """The latest discharged case per (participant, programme) among the referrals' people."""
    ids = {r.participant_id for r in referrals}
    latest: dict[tuple[int, int], Case] = {}
    for case in (
        Case.objects.filter(participant_id__in=ids, status=CaseStatus.DISCHARGED)
        .select_related("rules")
        .order_by("end_date")
    ):
        latest[(case.participant_id, case.programme_id)] = case
    return latest
