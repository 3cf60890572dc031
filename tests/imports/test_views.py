"""The import pages: upload, the dry run's table of problems, the button, the progress."""

from __future__ import annotations

import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.cases.models import Case
from apps.imports import demo
from apps.imports.models import ImportJob, ImportStatus
from apps.organisation.models import User
from tests.imports.helpers import break_check_digit


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, kind: str, data: bytes, name: str = "fil.csv") -> ImportJob:
    response = client.post(
        reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def test_a_file_with_bad_rows_shows_every_one_in_a_table_and_no_import_button(
    users: dict[str, User], rng: random.Random
) -> None:
    client = client_for(users["spesialist"])
    rows = demo.participant_rows(20, rng)
    rows[4]["fødselsnummer"] = break_check_digit(rows[4]["fødselsnummer"])
    rows[9]["henvisningsdato"] = "i går"
    job = upload(client, "participants", demo.as_csv(rows))

    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()

    assert 'data-testid="import-errors"' in page
    assert '<th scope="row" class="aksel-table__header-cell aksel-body-short">6</th>' in page
    assert '<th scope="row" class="aksel-table__header-cell aksel-body-short">11</th>' in page
    assert "Dette er ikke et gyldig fødselsnummer" in page
    assert rows[4]["fødselsnummer"] not in page
    assert 'data-testid="import-button"' not in page
    response = client.post(reverse("imports:start", args=[job.pk]))
    assert response.status_code == 302
    assert Case.objects.count() == 0


def test_a_good_file_shows_the_import_button_and_imports_when_pressed(
    users: dict[str, User], rng: random.Random
) -> None:
    client = client_for(users["spesialist"])
    job = upload(client, "participants", demo.as_xlsx(demo.participant_rows(12, rng)), "d.xlsx")

    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'data-testid="import-button"' in page
    assert Case.objects.count() == 0

    response = client.post(reverse("imports:start", args=[job.pk]), follow=True)
    assert response.status_code == 200
    assert Case.objects.filter(owner=users["spesialist"]).count() == 12
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTED
    assert 'data-testid="import-button"' not in response.content.decode()


def test_a_running_job_polls_in_the_background_with_a_progress_bar(
    users: dict[str, User], rng: random.Random
) -> None:
    from apps.imports.services import import_job_create

    job = import_job_create(
        actor=users["spesialist"],
        kind="participants",
        name="stor.csv",
        data=demo.as_csv(demo.participant_rows(600, rng)),
    )
    client = client_for(users["spesialist"])
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "X-Jobbspor-Background" in page
    assert 'max="600"' in page
    fragment = client.get(
        reverse("imports:job", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="import-job"')
    assert "<html" not in fragment


def test_someone_elses_job_is_not_found(users: dict[str, User], rng: random.Random) -> None:
    job = upload(
        client_for(users["spesialist"]), "employers", demo.as_csv(demo.employer_rows(2, rng))
    )
    for persona in ("kollega", "teamleder", "annen"):
        client = client_for(users[persona])
        assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
        assert client.post(reverse("imports:start", args=[job.pk])).status_code == 404


def test_an_unreadable_file_is_refused_on_the_form(users: dict[str, User]) -> None:
    client = client_for(users["teamleder"])
    response = client.post(
        reverse("imports:upload"),
        {"kind": "employers", "file": SimpleUploadedFile("a.xlsx", b"this is no workbook")},
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_the_empty_file_has_the_documented_header(users: dict[str, User]) -> None:
    response = client_for(users["spesialist"]).get(reverse("imports:template", args=["employers"]))
    assert response.content.decode("utf-8-sig").splitlines()[0] == (
        "organisasjonsnummer;navn;sektor;størrelse;bransje;adresse;postnummer;poststed"
    )
