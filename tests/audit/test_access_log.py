"""Every read of a person is logged in the same request, and the log cannot be rewritten."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.models import AccessAction, AccessLogEntry
from apps.audit.services import access_log_purge

pytestmark = pytest.mark.django_db


def test_opening_a_case_writes_who_whose_when_role_and_page(world, client_as) -> None:  # type: ignore[no-untyped-def]
    before = timezone.now()
    client_as("kollega").get(f"/saker/{world.case.pk}/")
    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW_CASE)
    kollega = world.user("kollega")
    assert (entry.actor_id, entry.actor_role, entry.actor_name) == (
        kollega.pk,
        "specialist",
        "Jonas Berg",
    )
    assert (entry.participant_id, entry.case_id) == (world.case.participant_id, world.case.pk)
    assert entry.path == f"/saker/{world.case.pk}/"
    assert entry.at >= before


@pytest.mark.parametrize(
    ("persona", "url", "action"),
    [
        ("spesialist", "/deltakere/{participant}/", AccessAction.VIEW_PARTICIPANT),
        ("teamleder", "/saker/{case}/dokumenter/{document}/", AccessAction.VIEW_DOCUMENT),
        ("spesialist", "/deltakere/{participant}/endre/", AccessAction.EDIT),
        ("spesialist", "/saker/{case}/bestilling/", AccessAction.EDIT),
        ("spesialist", "/kontakter/{contact}/endre/", AccessAction.EDIT),
    ],
)
def test_every_page_that_shows_a_person_is_logged(
    world, client_as, persona: str, url: str, action: str
) -> None:  # type: ignore[no-untyped-def]
    path = url.format(
        participant=world.case.participant_id,
        case=world.case.pk,
        document=world.document.pk,
        contact=world.contact.pk,
    )
    assert client_as(persona).get(path).status_code == 200
    entry = AccessLogEntry.objects.get(action=action)
    assert (entry.participant_id, entry.actor_id, entry.path) == (
        world.case.participant_id,
        world.user(persona).pk,
        path,
    )


def test_a_refused_look_is_not_logged_as_a_read(world, client_as) -> None:  # type: ignore[no-untyped-def]
    assert client_as("annen").get(f"/saker/{world.case.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_worklist_logs_every_person_it_shows(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client_as("spesialist").get("/saker/")
    listed = set(
        AccessLogEntry.objects.filter(action=AccessAction.LIST).values_list(
            "participant_id", "case_id"
        )
    )
    shown = {
        (c.participant_id, c.pk) for c in (world.case, world.skjermet_case, world.protected_case)
    }
    assert listed == shown


def _one_entry(world) -> AccessLogEntry:  # type: ignore[no-untyped-def]
    return AccessLogEntry.objects.create(
        at=timezone.now(),
        actor_id=world.user("spesialist").pk,
        actor_username="spesialist",
        actor_name="Sara Nilsen",
        actor_role="specialist",
        participant_id=world.case.participant_id,
        action=AccessAction.VIEW_CASE,
        path="/x/",
    )


def test_updating_an_access_log_row_through_the_applications_connection_fails(world) -> None:  # type: ignore[no-untyped-def]
    entry = _one_entry(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(actor_name="Noen andre")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_accesslogentry SET path = '/' WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).actor_name == "Sara Nilsen"


def test_deleting_an_access_log_row_through_the_applications_connection_fails(world) -> None:  # type: ignore[no-untyped-def]
    entry = _one_entry(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_only_the_retention_job_removes_rows_and_only_old_ones(world) -> None:  # type: ignore[no-untyped-def]
    _one_entry(world)  # the old row
    newer = _one_entry(world)
    deleted = access_log_purge(participant_ids=[world.case.participant_id], before=newer.at)
    assert deleted == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [newer.pk]
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().delete()


def test_the_retention_unlock_does_not_outlive_its_transaction(world) -> None:  # type: ignore[no-untyped-def]
    from apps.audit.models import RetentionUnlock

    access_log_purge(participant_ids=[], before=timezone.now() - datetime.timedelta(days=1))
    assert not RetentionUnlock.objects.exists()


def test_showing_the_whole_number_is_an_explicit_logged_act(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("kollega")
    page = client.get(f"/deltakere/{world.case.participant_id}/").content.decode()
    assert world.fnr not in page
    assert f"{world.fnr[:6]} *****" in page
    response = client.post(
        f"/deltakere/{world.case.participant_id}/fodselsnummer/", HTTP_HX_REQUEST="true"
    )
    assert world.fnr in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get(action=AccessAction.REVEAL_FNR)
    assert (entry.actor_id, entry.participant_id) == (
        world.user("kollega").pk,
        world.case.participant_id,
    )


def test_an_access_request_is_answered_with_the_data_and_who_looked(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client_as("kollega").get(f"/saker/{world.case.pk}/")
    response = client_as("spesialist").get(f"/deltakere/{world.case.participant_id}/innsyn/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    export = response.json()
    assert export["person"]["fodselsnummer"] == world.fnr
    assert export["person"]["first_name"] == "Kari"
    assert [c["id"] for c in export["cases"]] == [world.case.pk]
    assert any(c["note"] == "Første samtale" for c in export["contacts"])
    assert export["consents"][0]["recipient"] == "employer"
    lookers = {(e["actor_name"], e["action"]) for e in export["access_log"]}
    assert ("Jonas Berg", "view_case") in lookers
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.EXPORT, actor_id=world.user("spesialist").pk
        ).count()
        == 1
    )
