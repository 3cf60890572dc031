"""Registering a participant: a known number leads to the person, or to a transfer request that
reveals nothing; nothing is saved on bad input; every change is kept."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from apps.cases.models import Case
from apps.participants.models import Participant, ParticipantChange, TransferRequest
from apps.participants.services import participant_update
from tests.participants.factories import next_synthetic_fnr

pytestmark = pytest.mark.django_db


def form(world, fnr: str, **overrides: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "fnr": fnr,
        "first_name": "Ola",
        "last_name": "Ny",
        "birth_date": "1985-03-02",
        "gender": "male",
        "programme": world.case.programme_id,
        "referral_date": "2026-11-01",
    }
    data.update(overrides)
    return data


def test_registering_a_new_person_creates_the_participant_and_the_case(world, client_as) -> None:  # type: ignore[no-untyped-def]
    fnr = next_synthetic_fnr(datetime.date(1985, 3, 2))
    response = client_as("spesialist").post("/deltakere/ny/", form(world, fnr))
    assert response.status_code == 302
    case = Case.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert case.participant.full_name == "Ola Ny"
    assert case.owner == world.user("spesialist")
    assert fnr not in response["Location"]


def test_an_invalid_number_is_refused_in_norwegian_and_nothing_is_saved(world, client_as) -> None:  # type: ignore[no-untyped-def]
    before = (Participant.objects.count(), Case.objects.count())
    bad = world.fnr[:10] + str((int(world.fnr[10]) + 1) % 10)
    response = client_as("spesialist").post("/deltakere/ny/", form(world, bad))
    assert response.status_code == 400
    body = response.content.decode()
    assert "ikke et gyldig fødselsnummer" in body
    assert (Participant.objects.count(), Case.objects.count()) == before


def test_a_birth_date_that_does_not_match_the_number_is_refused(world, client_as) -> None:  # type: ignore[no-untyped-def]
    fnr = next_synthetic_fnr(datetime.date(1985, 3, 2))
    response = client_as("spesialist").post(
        "/deltakere/ny/", form(world, fnr, birth_date="1985-03-03")
    )
    assert response.status_code == 400
    assert "stemmer ikke med fødselsnummeret" in response.content.decode()


def test_a_number_already_in_my_team_leads_to_that_participant(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("kollega").post(
        "/deltakere/ny/", form(world, world.fnr, birth_date="1990-05-17")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/deltakere/{world.case.participant_id}/"
    assert Participant.objects.filter(first_name="Ola").count() == 0


def test_a_number_held_at_another_office_says_only_that_the_person_is_known(
    world, client_as
) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_as("annen")
    response = client.post("/deltakere/ny/", form(world, world.fnr, birth_date="1990-05-17"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "allerede registrert" in body
    for secret in (
        "Kari",
        "Nordmann",
        "Østensjø",
        world.user("spesialist").last_name,
        str(world.case.pk),
    ):
        assert secret not in body, secret
    follow = client.post("/deltakere/overforing/", {"message": "Flyttet hit"})
    assert follow.status_code == 302
    request = TransferRequest.objects.get()
    assert (request.participant, request.requesting_office) == (
        world.case.participant,
        world.user("annen").office,
    )


def test_every_change_to_a_participant_is_kept_with_who_when_old_and_new(world) -> None:  # type: ignore[no-untyped-def]
    participant = world.case.participant
    changed = participant_update(
        participant=participant,
        actor=world.user("spesialist"),
        phone="99887766",
        education="upper_secondary",
        first_name="Kari",
    )
    assert changed == ["phone", "education"]
    rows = {
        c.field: (c.old_value, c.new_value, c.actor)
        for c in ParticipantChange.objects.filter(participant=participant)
    }
    assert rows["phone"] == ("", "99887766", world.user("spesialist"))
    assert rows["education"] == ("unknown", "upper_secondary", world.user("spesialist"))
    assert "first_name" not in rows


def test_the_search_is_post_only_and_the_number_never_reaches_a_url(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    response = client.get("/deltakere/sok/", {"fnr": world.fnr})
    assert response.status_code == 200
    assert "/deltakere/" + str(world.case.participant_id) not in response.content.decode()
    found = client.post("/deltakere/sok/", {"fnr": world.fnr})
    assert found["Location"] == f"/deltakere/{world.case.participant_id}/"
