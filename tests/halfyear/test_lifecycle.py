"""The form's lifecycle: draft, completed by the specialists, submitted (whoever submits prepares
it), signed by another team lead of the office, and then frozen in the services and the database."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.db import DatabaseError, transaction
from pypdf import PdfReader

from apps.halfyear.models import EventKind, FormStatus, HalfYearEvent, HalfYearForm, HalfYearRow
from apps.halfyear.pdf import render_form_pdf
from apps.halfyear.periods import HalfYear
from apps.halfyear.services import (
    HalfYearError,
    form_create_for_office,
    form_refresh,
    form_return,
    form_sign,
    form_submit,
    row_complete,
    snapshot_verify,
)
from apps.halfyear.snapshot import canonical, form_data, sha256
from apps.organisation.demo import load_organisation
from apps.organisation.models import Office, Role, User
from tests.halfyear.helpers import H1_2026, complete_every_row, h1_form
from tests.organisation.factories import UserFactory

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def users() -> dict[str, User]:
    return load_organisation()


@pytest.fixture
def form(users: dict[str, User]) -> HalfYearForm:
    return h1_form(users)


@pytest.fixture
def submitted(form: HalfYearForm, users: dict[str, User]) -> HalfYearForm:
    complete_every_row(form, users["spesialist"])
    return form_submit(form=form, actor=users["spesialist"])


@pytest.fixture
def signed(submitted: HalfYearForm, users: dict[str, User]) -> HalfYearForm:
    return form_sign(form=submitted, actor=users["teamleder"])


def refused(message: str):  # type: ignore[no-untyped-def]
    return pytest.raises(HalfYearError, match=message)


def test_the_draft_is_made_once_with_a_row_per_participant(form, users) -> None:  # type: ignore[no-untyped-def]
    again = form_create_for_office(office=users["spesialist"].office, half_year=H1_2026)
    assert again.pk == form.pk
    assert form.status == FormStatus.DRAFT
    assert form.rows.count() == 2
    assert list(form.rows.values_list("number", flat=True)) == [1, 2]
    assert HalfYearEvent.objects.filter(form=form, kind=EventKind.CREATED).count() == 1


def test_a_form_for_a_half_year_not_yet_over_is_refused(users) -> None:  # type: ignore[no-untyped-def]
    moment = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment), refused("Halvåret er ikke over"):
        form_create_for_office(office=users["spesialist"].office, half_year=H1_2026)


def test_the_form_shows_what_is_missing_until_the_specialist_answers(form, users) -> None:  # type: ignore[no-untyped-def]
    aap_row = form.rows.get(benefit="aap")
    assert aap_row.missing_in_form == 4  # initiative, practice before, AAP month, follow-up
    with refused("mangler fortsatt svar"):
        form_submit(form=form, actor=users["spesialist"])
    complete_every_row(form, users["spesialist"])
    assert list(form.rows.values_list("missing_in_form", flat=True)) == [0, 0]


def test_a_row_is_completed_only_by_those_who_work_with_its_case(form, users) -> None:  # type: ignore[no-untyped-def]
    row = form.rows.first()
    answers = {"initiative": "participant", "practice_before": "no", "follow_up_content": ["other"]}
    for persona in ("kollega", "annen", "fylke"):
        with refused("Bare de som jobber med denne saken"):
            row_complete(row=row, actor=users[persona], **answers)
    row_complete(row=row, actor=users["teamleder"], **answers)
    assert HalfYearRow.objects.get(pk=row.pk).initiative == "participant"


def test_the_aap_month_is_required_of_aap_participants_only(form, users) -> None:  # type: ignore[no-untyped-def]
    aap_row = form.rows.get(benefit="aap")
    with refused("arbeidsavklaringspengene"):
        row_complete(
            row=aap_row,
            actor=users["spesialist"],
            initiative="participant",
            practice_before="yes",
            follow_up_content=["job_search"],
        )
    other = form.rows.exclude(pk=aap_row.pk).get()
    row_complete(
        row=other,
        actor=users["spesialist"],
        initiative="participant",
        practice_before="yes",
        aap_granted_month=datetime.date(2025, 1, 1),
        follow_up_content=["job_search"],
    )
    assert HalfYearRow.objects.get(pk=other.pk).aap_granted_month is None


def test_whoever_submits_is_the_preparer(submitted, users) -> None:  # type: ignore[no-untyped-def]
    assert submitted.status == FormStatus.SUBMITTED
    assert submitted.preparer == users["spesialist"]
    assert submitted.submitted_at is not None


def test_a_submitted_form_takes_no_answers(submitted, users) -> None:  # type: ignore[no-untyped-def]
    with refused("venter på signatur"):
        complete_every_row(submitted, users["spesialist"])


def test_the_preparer_cannot_sign(submitted, users) -> None:  # type: ignore[no-untyped-def]
    with refused("Du har utarbeidet denne rapporten"):
        form_sign(form=submitted, actor=users["spesialist"])
    assert HalfYearForm.objects.get(pk=submitted.pk).status == FormStatus.SUBMITTED


def test_a_team_lead_who_prepared_the_form_cannot_sign_it_but_another_can(form, users) -> None:  # type: ignore[no-untyped-def]
    complete_every_row(form, users["spesialist"])
    form_submit(form=form, actor=users["teamleder"])
    with refused("Du har utarbeidet denne rapporten"):
        form_sign(form=form, actor=users["teamleder"])
    second = UserFactory(
        username="teamleder2", role=Role.TEAM_LEAD, office=users["teamleder"].office
    )
    signed = form_sign(form=form, actor=second)
    assert (signed.preparer, signed.signer) == (users["teamleder"], second)


def test_only_a_team_lead_of_the_office_signs(submitted, users) -> None:  # type: ignore[no-untyped-def]
    sagene = Office.objects.get(name="NAV Sagene")
    other_lead = UserFactory(username="leder.sagene", role=Role.TEAM_LEAD, office=sagene)
    with refused("ikke tilgang"):
        form_sign(form=submitted, actor=other_lead)
    for persona in ("kollega", "kontorleder"):
        with refused("Bare en teamleder ved kontoret"):
            form_sign(form=submitted, actor=users[persona])
    assert HalfYearForm.objects.get(pk=submitted.pk).status == FormStatus.SUBMITTED


def test_a_team_lead_sends_it_back_with_a_reason_and_the_next_submitter_prepares(
    submitted, users
) -> None:  # type: ignore[no-untyped-def]
    with refused("Bare en teamleder"):
        form_return(form=submitted, actor=users["spesialist"], reason="Feil")
    with refused("Oppgi hvorfor"):
        form_return(form=submitted, actor=users["teamleder"], reason="  ")
    back = form_return(form=submitted, actor=users["teamleder"], reason="Rad 2 er feil")
    assert (back.status, back.preparer) == (FormStatus.DRAFT, None)
    assert back.events.get(kind=EventKind.RETURNED).reason == "Rad 2 er feil"
    again = form_submit(form=back, actor=users["kollega"])
    assert again.preparer == users["kollega"]
    form_sign(form=again, actor=users["teamleder"])


def test_signing_freezes_the_data_its_hash_and_the_pdf(signed, users) -> None:  # type: ignore[no-untyped-def]
    snapshot = signed.snapshot
    assert signed.status == FormStatus.SIGNED
    assert signed.signer == users["teamleder"]
    assert snapshot.data_sha256 == sha256(snapshot.data.encode())
    assert snapshot.pdf_sha256 == sha256(bytes(snapshot.pdf))
    data = snapshot_verify(snapshot)
    assert data["prepared_by"] == "Sara Nilsen"
    assert data["signed_by"] == "Per Hansen"
    assert len(data["rows"]) == 2
    text = text_of(bytes(snapshot.pdf))
    for fact in ("Halvårsrapport", "1. halvår 2026", "NAV Østensjø", "Sara Nilsen", "Per Hansen"):
        assert fact in text, fact


def test_regenerating_gives_the_same_hash_and_the_same_text(signed) -> None:  # type: ignore[no-untyped-def]
    snapshot = HalfYearForm.objects.get(pk=signed.pk).snapshot
    rebuilt = canonical(form_data(HalfYearForm.objects.get(pk=signed.pk)))
    assert sha256(rebuilt) == snapshot.data_sha256
    assert rebuilt.decode() == snapshot.data
    stored_text = text_of(bytes(snapshot.pdf))
    assert text_of(render_form_pdf(json.loads(snapshot.data))) == stored_text
    assert text_of(render_form_pdf(form_data(signed))) == stored_text
    assert snapshot.data_sha256 in stored_text.replace("\n", "")


def test_a_changed_byte_in_the_stored_data_is_caught(signed) -> None:  # type: ignore[no-untyped-def]
    snapshot = signed.snapshot
    snapshot.data = snapshot.data.replace("Sara Nilsen", "Sara Nilsem")
    with refused("stemmer ikke med sjekksummen"):
        snapshot_verify(snapshot)


def test_a_signed_form_refuses_every_change_in_the_services(signed, users) -> None:  # type: ignore[no-untyped-def]
    spesialist, teamleder = users["spesialist"], users["teamleder"]
    row = signed.rows.first()
    with refused("signert"):
        row_complete(row=row, actor=spesialist, initiative="other", practice_before="no")
    with refused("signert"):
        form_refresh(form=signed, actor=spesialist)
    with refused("signert"):
        form_submit(form=signed, actor=spesialist)
    with refused("signert"):
        form_return(form=signed, actor=teamleder, reason="Angre")
    with refused("allerede signert"):
        form_sign(form=signed, actor=teamleder)
    assert form_create_for_office(office=spesialist.office, half_year=H1_2026).pk == signed.pk


def _sql(statement: str, *params: object) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _refused_by_the_database(action) -> None:  # type: ignore[no-untyped-def]
    refused_here = pytest.raises(DatabaseError, match="signed half-yearly form cannot be changed")
    with refused_here, transaction.atomic():
        action()


def test_a_signed_form_refuses_every_change_in_the_database(signed) -> None:  # type: ignore[no-untyped-def]
    row = signed.rows.first()
    _refused_by_the_database(lambda: HalfYearForm.objects.filter(pk=signed.pk).update(figures={}))
    _refused_by_the_database(
        lambda: _sql("DELETE FROM halfyear_halfyearform WHERE id = %s", signed.pk)
    )
    _refused_by_the_database(lambda: HalfYearRow.objects.filter(pk=row.pk).update(contacts=99))
    _refused_by_the_database(lambda: HalfYearRow.objects.filter(pk=row.pk).delete())
    _refused_by_the_database(
        lambda: HalfYearRow.objects.create(
            form=signed,
            number=99,
            case=row.case,
            programme=row.programme,
            in_period=True,
            gender="male",
            age_band="unknown",
            birth_country_group="unknown",
            education="unknown",
            benefit="none",
            ansvarsgruppe=False,
            individuell_plan=False,
            started_month=datetime.date(2026, 1, 1),
        )
    )
    snapshot = signed.snapshot
    _refused_by_the_database(
        lambda: type(snapshot).objects.filter(pk=snapshot.pk).update(data="{}")
    )
    _refused_by_the_database(lambda: type(snapshot).objects.filter(pk=snapshot.pk).delete())


def test_the_database_refuses_a_signer_who_prepared_the_form(submitted, users) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        HalfYearForm.objects.filter(pk=submitted.pk).update(signer=users["spesialist"])


def test_a_draft_is_read_from_the_cases_again_keeping_the_answers(form, users) -> None:  # type: ignore[no-untyped-def]
    from tests.halfyear.helpers import start_case

    complete_every_row(form, users["spesialist"])
    start_case(users["kollega"], on=datetime.date(2026, 3, 2), first_name="Ny", last_name="Rad")
    refreshed = form_refresh(form=form, actor=users["kollega"])
    numbers = list(refreshed.rows.values_list("number", "missing_in_form"))
    assert numbers == [(1, 0), (2, 0), (3, 3)]
    assert refreshed.figures["entered"] == 2


def test_the_half_year_just_ended_on_the_first_of_july_and_of_january() -> None:
    assert HalfYear.just_ended(datetime.date(2026, 7, 1)) == HalfYear(2026, 1)
    assert HalfYear.just_ended(datetime.date(2027, 1, 1)) == HalfYear(2026, 2)
    assert HalfYear.just_ended(datetime.date(2026, 6, 30)) == HalfYear(2025, 2)
    assert HalfYear(2026, 2).end == datetime.date(2026, 12, 31)
