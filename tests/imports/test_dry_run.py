"""The dry run: every bad row named by row, column and a reason in Norwegian; nothing imported
unless every row is good."""

from __future__ import annotations

import datetime
import random

import pytest
import time_machine
from django.utils.translation import gettext as _

from apps.cases.models import Case
from apps.imports import demo
from apps.imports.models import ImportStatus
from apps.imports.services import ImportRefused, import_start
from apps.organisation.models import User
from apps.participants.models import Participant
from tests.cases.factories import open_case
from tests.imports.helpers import break_check_digit, checked, problems
from tests.participants.factories import next_synthetic_fnr

INVALID_FNR = "Dette er ikke et gyldig fødselsnummer eller D-nummer. Sjekk de elleve sifrene."


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_thousand_rows_with_one_bad_row_import_nothing_and_name_that_row(
    users: dict[str, User], rng: random.Random, fmt: str
) -> None:
    rows = demo.participant_rows(1000, rng)
    bad = rows[600]["fødselsnummer"] = break_check_digit(rows[600]["fødselsnummer"])
    data = demo.as_csv(rows) if fmt == "csv" else demo.as_xlsx(rows)

    job = checked(users["spesialist"], "participants", data, name=f"deltakere.{fmt}")

    # The header is row 1, so the 601st person is on row 602, as Excel shows it.
    assert problems(job) == [(602, "fødselsnummer", INVALID_FNR)]
    assert bad not in INVALID_FNR
    assert job.status == ImportStatus.CHECKED
    assert not job.ready_to_import
    assert not job.file  # a file with errors is not kept
    with pytest.raises(ImportRefused):
        import_start(job=job, actor=users["spesialist"])
    assert Participant.objects.count() == 0
    assert Case.objects.count() == 0


def test_every_bad_row_is_listed_with_its_column_and_reason(
    users: dict[str, User], rng: random.Random
) -> None:
    rows = demo.participant_rows(9, rng)
    rows[0]["fødselsnummer"] = "123"
    rows[1]["fødselsdato"] = "31.02.1990"
    rows[2]["fødselsdato"] = "1990/05/17"
    rows[3]["program"] = "Strikkekurs"
    rows[4]["henvisningsdato"] = "01.01.2099"
    rows[5]["etternavn"] = ""
    rows[6]["kjønn"] = "kanskje"
    rows[7]["fødselsnummer"] = rows[8]["fødselsnummer"]
    rows[7]["fødselsdato"] = rows[8]["fødselsdato"]

    job = checked(users["spesialist"], "participants", demo.as_csv(rows))

    found = problems(job)
    assert [(row, column) for row, column, _message in found] == [
        (2, "fødselsnummer"),
        (3, "fødselsdato"),
        (4, "fødselsdato"),
        (5, "program"),
        (6, "henvisningsdato"),
        (7, "etternavn"),
        (8, "kjønn"),
        (10, "fødselsnummer"),
    ]
    messages = {(row, column): message for row, column, message in found}
    assert messages[(2, "fødselsnummer")] == "Et fødselsnummer har elleve siffer."
    assert messages[(6, "henvisningsdato")] == "Henvisningsdatoen kan ikke være fram i tid."
    assert messages[(10, "fødselsnummer")] == _(
        "The same fødselsnummer is already on row %(row)s."
    ) % {"row": 9}
    assert "kvinne" in messages[(8, "kjønn")]
    assert Participant.objects.count() == 0


def test_a_wrong_header_is_named_before_any_row(users: dict[str, User], rng: random.Random) -> None:
    rows = demo.participant_rows(3, rng)
    for row in rows:
        row["fodselsnr"] = row.pop("fødselsnummer")
        row["favorittfarge"] = "blå"

    job = checked(users["spesialist"], "participants", demo.as_csv(rows))

    assert [(row, column) for row, column, _m in problems(job)] == [
        (1, "fodselsnr"),
        (1, "favorittfarge"),
        (1, "fødselsnummer"),
    ]


def test_column_names_ignore_case_and_spelling_of_æøå(
    users: dict[str, User], rng: random.Random
) -> None:
    rows = [
        {
            "Fodselsnummer": row["fødselsnummer"],
            "FORNAVN": row["fornavn"],
            "Etternavn": row["etternavn"],
            "fodselsdato": row["fødselsdato"],
            "Program": "Utvidet oppfølging i NAV (Kjerneoppgaver i NAV)",
            "Henvisningsdato": "2026-01-05",
        }
        for row in demo.participant_rows(2, rng)
    ]
    job = checked(users["spesialist"], "participants", demo.as_csv(rows, delimiter=","))
    assert problems(job) == []
    assert job.ready_to_import


def test_a_person_already_registered_is_refused_with_the_same_words_wherever_they_are(
    users: dict[str, User], rng: random.Random
) -> None:
    here = open_case(users["kollega"])
    elsewhere = open_case(users["annen"])
    rows = demo.participant_rows(3, rng)
    for row, case in ((rows[0], here), (rows[1], elsewhere)):
        from apps.participants import crypto

        row["fødselsnummer"] = crypto.decrypt(case.participant.fnr_ciphertext)
        row["fødselsdato"] = case.participant.birth_date.strftime("%d.%m.%Y")

    job = checked(users["spesialist"], "participants", demo.as_csv(rows))

    found = problems(job)
    assert [(row, column) for row, column, _m in found] == [
        (2, "fødselsnummer"),
        (3, "fødselsnummer"),
    ]
    assert found[0][2] == found[1][2]
    assert "Sagene" not in found[1][2]


def test_a_case_file_finds_only_participants_the_user_may_see(users: dict[str, User]) -> None:
    from apps.participants import crypto

    team_case = open_case(users["kollega"])
    elsewhere = open_case(users["annen"])
    rows = [
        {
            "fødselsnummer": crypto.decrypt(case.participant.fnr_ciphertext),
            "program": "ips",
            "henvisningsdato": "05.01.2026",
        }
        for case in (team_case, elsewhere)
    ]
    rows.append({"fødselsnummer": next_synthetic_fnr(), "program": "ips", "henvisningsdato": ""})

    job = checked(users["spesialist"], "cases", demo.as_csv(rows))

    assert problems(job) == [
        (3, "fødselsnummer", "Ingen deltaker du har tilgang til har dette nummeret."),
        (4, "henvisningsdato", _("This column must be filled in.")),
    ]


def test_a_case_file_refuses_a_second_open_case_in_the_same_programme(
    users: dict[str, User],
) -> None:
    from apps.participants import crypto

    case = open_case(users["spesialist"])
    row = {
        "fødselsnummer": crypto.decrypt(case.participant.fnr_ciphertext),
        "program": case.programme.code,
        "henvisningsdato": "05.01.2026",
    }
    job = checked(users["spesialist"], "cases", demo.as_csv([row]))
    assert problems(job) == [
        (2, "program", _("The participant already has an open case in this programme."))
    ]


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_the_progress_dates_follow_the_transition_rules(
    users: dict[str, User], rng: random.Random
) -> None:
    rows = demo.participant_rows(4, rng)
    rows[0].update({"inntak fra": "01.01.2026"})  # before the referral (05.01)
    rows[1].update({"deltaker fra": "20.01.2026"})  # no intake, no intake talk
    rows[2].update(
        {"inntak fra": "08.01.2026", "inntakssamtale": "15.01.2026", "deltaker fra": "10.01.2026"}
    )
    rows[3].update({"inntak fra": "08.01.2026", "inntakssamtale": "", "deltaker fra": ""})
    rows[3]["inntak fra"] = "02.04.2026"  # in the future

    job = checked(users["spesialist"], "participants", demo.as_csv(rows))

    assert problems(job) == [
        (2, "inntak fra", "Inntaket kan ikke starte før henvisningsdatoen."),
        (3, "inntak fra", _("Fill this in when deltaker fra is filled in.")),
        (3, "inntakssamtale", _("Fill this in when deltaker fra is filled in.")),
        (4, "deltaker fra", "En sak kan ikke bli aktiv før inntakssamtalen."),
        (5, "inntak fra", _("The date cannot be in the future.")),
    ]


def test_who_owns_the_case_follows_case_refer(users: dict[str, User], rng: random.Random) -> None:
    rows = demo.participant_rows(3, rng)
    rows[0]["jobbspesialist"] = "kollega"  # a specialist cannot refer to someone else
    rows[1]["jobbspesialist"] = "annen"  # not at this office
    rows[2]["jobbspesialist"] = "spesialist"

    as_specialist = checked(users["spesialist"], "participants", demo.as_csv(rows))
    assert problems(as_specialist) == [
        (2, "jobbspesialist", "Bare en teamleder kan gi en sak til en annen jobbspesialist."),
        (3, "jobbspesialist", "Velg en aktiv jobbspesialist ved samme kontor."),
    ]

    rows[0]["jobbspesialist"] = rows[1]["jobbspesialist"] = ""
    as_lead = checked(users["teamleder"], "participants", demo.as_csv(rows))
    assert problems(as_lead) == [
        (2, "jobbspesialist", _("Name the job specialist who will own the case.")),
        (3, "jobbspesialist", _("Name the job specialist who will own the case.")),
    ]


def test_synthetic_numbers_are_refused_where_the_settings_say_so(
    users: dict[str, User], rng: random.Random, settings: object
) -> None:
    settings.JOBBSPOR_ALLOW_SYNTHETIC_FNR = False  # type: ignore[attr-defined]
    job = checked(users["spesialist"], "participants", demo.as_csv(demo.participant_rows(1, rng)))
    assert problems(job) == [(2, "fødselsnummer", "Syntetiske testnumre godtas ikke her.")]


def test_no_problem_ever_repeats_a_number(users: dict[str, User], rng: random.Random) -> None:
    rows = demo.participant_rows(5, rng)
    numbers = [row["fødselsnummer"] for row in rows]
    rows[0]["fødselsnummer"] = break_check_digit(rows[0]["fødselsnummer"])
    rows[1]["fødselsdato"] = "01.01.1901"
    rows[2]["fødselsnummer"] = rows[3]["fødselsnummer"]
    rows[4]["fødselsnummer"] = rows[4]["fødselsnummer"][:9]
    job = checked(users["spesialist"], "participants", demo.as_csv(rows))
    assert job.error_count == 4
    text = " ".join(message for _r, _c, message in problems(job))
    for number in [*numbers, rows[0]["fødselsnummer"], rows[4]["fødselsnummer"]]:
        assert number not in text
        assert number[:6] not in text


def test_an_employer_file_is_checked_with_parse_orgnr(
    users: dict[str, User], rng: random.Random
) -> None:
    rows = demo.employer_rows(4, rng)
    rows[0]["organisasjonsnummer"] = "912345678"  # fails mod 11
    rows[1]["organisasjonsnummer"] = rows[2]["organisasjonsnummer"]
    rows[3]["størrelse"] = "enorm"
    job = checked(users["spesialist"], "employers", demo.as_xlsx(rows), name="a.xlsx")
    assert [(row, column) for row, column, _m in problems(job)] == [
        (2, "organisasjonsnummer"),
        (4, "organisasjonsnummer"),
        (5, "størrelse"),
    ]
    assert problems(job)[0][2] == (
        "Dette er ikke et gyldig organisasjonsnummer. Sjekk de ni sifrene."
    )


def test_an_unreadable_file_is_refused_before_anything_is_stored(
    users: dict[str, User],
) -> None:
    from apps.imports.files import UnreadableFile
    from apps.imports.models import ImportJob
    from apps.imports.services import import_job_create

    for data, name in ((b"", "tom.csv"), (b"not a zip", "x.xlsx"), (b"PK\x03\x04junk", "x.xlsx")):
        with pytest.raises(UnreadableFile):
            import_job_create(actor=users["spesialist"], kind="employers", name=name, data=data)
    assert not ImportJob.objects.exists()
