"""A good file imports whole, as the services would have written it, under the usual rules."""

from __future__ import annotations

import datetime
import random

import pytest
import time_machine

from apps.cases.access import CaseAction
from apps.cases.models import Case, CaseEvent, CaseStageEvent, CaseStatus
from apps.cases.selectors import cases_for
from apps.employers.models import Employer
from apps.followups.models import Checkpoint, CheckpointStatus
from apps.imports import demo
from apps.imports.models import ImportStatus
from apps.imports.services import ImportRefused, import_start
from apps.organisation.models import User
from apps.participants import crypto
from apps.participants.models import Participant, ParticipantChange
from tests.cases.factories import open_case
from tests.imports.helpers import checked, problems

NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_good_participant_file_registers_and_refers_everyone(
    users: dict[str, User], rng: random.Random, fmt: str
) -> None:
    spesialist = users["spesialist"]
    rows = demo.participant_rows(30, rng)
    rows[0].update({"e-post": "kari@example.invalid", "ytelse": "AAP", "postnummer": "0661"})
    data = demo.as_csv(rows) if fmt == "csv" else demo.as_xlsx(rows)

    job = checked(spesialist, "participants", data, name=f"d.{fmt}")
    assert job.ready_to_import
    job = import_start(job=job, actor=spesialist)

    assert job.status == ImportStatus.IMPORTED
    assert job.imported_rows == 30
    assert not job.file
    assert Participant.objects.filter(registered_by_office=spesialist.office).count() == 30
    assert ParticipantChange.objects.filter(field="registered", actor=spesialist).count() == 30
    first = Participant.objects.get(fnr_hash=crypto.lookup_hash(rows[0]["fødselsnummer"]))
    assert crypto.decrypt(first.fnr_ciphertext) == rows[0]["fødselsnummer"]
    assert (first.email, first.benefit, first.postal_code) == (
        "kari@example.invalid",
        "aap",
        "0661",
    )
    assert first.birth_date.strftime("%d.%m.%Y") == rows[0]["fødselsdato"]
    cases = Case.objects.filter(participant__in=Participant.objects.all())
    assert cases.count() == 30
    assert {c.status for c in cases} == {CaseStatus.REFERRED}
    assert CaseEvent.objects.filter(case__in=cases, kind="created").count() == 30
    assert CaseStageEvent.objects.filter(case__in=cases, stage=1).count() == 30
    assert Checkpoint.objects.filter(case__in=cases).count() == 60
    # The usual access rules: the team reads them, another office does not.
    assert cases_for(spesialist, CaseAction.CHANGE).count() == 30
    assert cases_for(users["kollega"], CaseAction.VIEW).count() == 30
    assert cases_for(users["annen"], CaseAction.VIEW).count() == 0


@time_machine.travel(NOW)
def test_a_team_lead_imports_cases_for_the_teams_specialists_moved_on_to_active(
    users: dict[str, User], rng: random.Random
) -> None:
    registered = [open_case(users["kollega"]) for _ in range(3)]
    rows = [
        {
            "fødselsnummer": crypto.decrypt(case.participant.fnr_ciphertext),
            "program": "ips",
            "henvisningsdato": "05.01.2026",
            "jobbspesialist": "spesialist",
            "inntak fra": "08.01.2026",
            "inntakssamtale": "12.01.2026",
            "deltaker fra": "15.01.2026",
        }
        for case in registered
    ]
    rows[2].update({"inntakssamtale": "", "deltaker fra": ""})

    job = checked(users["teamleder"], "cases", demo.as_csv(rows))
    job = import_start(job=job, actor=users["teamleder"])

    assert job.status == ImportStatus.IMPORTED
    new = Case.objects.filter(programme__code="ips").order_by("pk")
    assert [c.status for c in new] == [CaseStatus.ACTIVE, CaseStatus.ACTIVE, CaseStatus.INTAKE]
    assert {c.owner.username for c in new} == {"spesialist"}
    active = new[0]
    assert active.participant_since == datetime.date(2026, 1, 15)
    assert active.intake_talk_date == datetime.date(2026, 1, 12)
    assert active.candidate_since == datetime.date(2026, 1, 8)
    assert list(active.events.values_list("from_status", "to_status")) == [
        ("", "referred"),
        ("referred", "intake"),
        ("intake", "active"),
    ]
    assert set(active.events.values_list("actor__username", flat=True)) == {"teamleder"}
    assert set(Checkpoint.objects.filter(case=active).values_list("kind", "status")) == {
        ("intake_contact", CheckpointStatus.DONE),
        ("intake_talk", CheckpointStatus.DONE),
        ("progress_report", CheckpointStatus.OPEN),
    }


def test_a_good_employer_file_registers_every_firm(
    users: dict[str, User], rng: random.Random
) -> None:
    rows = demo.employer_rows(12, rng)
    rows[0].update({"størrelse": "20–49 ansatte", "postnummer": 150})
    job = checked(users["teamleder"], "employers", demo.as_xlsx(rows), name="a.xlsx")
    assert problems(job) == []
    import_start(job=job, actor=users["teamleder"])
    assert Employer.objects.count() == 12
    firm = Employer.objects.get(orgnr=rows[0]["organisasjonsnummer"])
    assert (firm.size_band, firm.postal_code, firm.created_by) == (
        "20_49",
        "0150",
        users["teamleder"],
    )


def test_a_person_registered_between_the_check_and_the_import_stops_the_whole_import(
    users: dict[str, User], rng: random.Random
) -> None:
    from apps.participants.fnr import parse_fnr
    from apps.participants.services import participant_register

    rows = demo.participant_rows(5, rng)
    job = checked(users["spesialist"], "participants", demo.as_csv(rows))
    assert job.ready_to_import
    participant_register(
        actor=users["annen"],
        fnr=parse_fnr(rows[3]["fødselsnummer"]),
        first_name="Annen",
        last_name="Person",
        birth_date=datetime.date(1990, 1, 1),
    )

    job = import_start(job=job, actor=users["spesialist"])

    assert job.status == ImportStatus.CHECKED
    assert [(row, column) for row, column, _m in problems(job)] == [(5, "fødselsnummer")]
    assert Participant.objects.count() == 1
    assert Case.objects.count() == 0


def test_a_job_is_imported_once_and_only_by_its_uploader(
    users: dict[str, User], rng: random.Random
) -> None:
    job = checked(users["spesialist"], "employers", demo.as_csv(demo.employer_rows(2, rng)))
    with pytest.raises(ImportRefused):
        import_start(job=job, actor=users["kollega"])
    import_start(job=job, actor=users["spesialist"])
    with pytest.raises(ImportRefused):
        import_start(job=job, actor=users["spesialist"])
    assert Employer.objects.count() == 2


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, tzinfo=datetime.UTC))
def test_a_reopening_referral_goes_through_case_refer(users: dict[str, User]) -> None:
    """Within the gap period after a discharge, the case file continues the spell."""
    case = open_case(users["spesialist"], status=CaseStatus.DISCHARGED)
    row = {
        "fødselsnummer": crypto.decrypt(case.participant.fnr_ciphertext),
        "program": case.programme.code,
        "henvisningsdato": (case.end_date + datetime.timedelta(days=20)).strftime("%d.%m.%Y"),
    }
    job = checked(users["spesialist"], "cases", demo.as_csv([row]))
    import_start(job=job, actor=users["spesialist"])
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    assert Case.objects.filter(participant=case.participant).count() == 1
    assert case.events.filter(kind="reopened").exists()
