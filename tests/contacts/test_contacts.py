"""The contact log: one short form, htmx without a reload, corrections that keep the old text."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.contacts.models import Contact, ContactRevision
from apps.contacts.services import ContactError, contact_correct, contact_log

pytestmark = pytest.mark.django_db


def data(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "contact-occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "contact-channel": "meeting",
        "contact-place": "outdoors",
        "contact-with_whom": ["participant"],
        "contact-initiative": "specialist",
        "contact-duration_minutes": "40",
        "contact-activity": "individual",
        "contact-note": "Kaffe og CV",
    }
    values.update(overrides)
    return values


def test_logging_with_htmx_returns_a_fresh_form_and_the_new_timeline_entry(
    world, client_as
) -> None:  # type: ignore[no-untyped-def]
    response = client_as("spesialist").post(
        f"/kontakter/sak/{world.case.pk}/",
        data(),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="contact-form-region",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#timeline"' in body
    assert "Kaffe og CV" in body
    assert "<html" not in body
    contact = Contact.objects.get(note="Kaffe og CV")
    assert (contact.author, contact.stage, contact.with_participant) == (
        world.user("spesialist"),
        1,
        True,
    )


def test_a_bad_contact_keeps_what_was_typed_and_says_what_is_wrong(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("spesialist").post(
        f"/kontakter/sak/{world.case.pk}/",
        data(**{"contact-duration_minutes": "0"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Kaffe og CV" in response.content.decode()
    assert not Contact.objects.filter(note="Kaffe og CV").exists()


def test_a_contact_on_a_case_must_say_with_whom(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContactError):
        contact_log(
            actor=world.user("spesialist"),
            case=world.case,
            occurred_at=timezone.now(),
            channel="phone",
            place="none",
            with_whom=[],
            initiative="specialist",
            duration_minutes=5,
            activity="individual",
        )


def test_work_without_a_case_counts_for_the_authors_office(world) -> None:  # type: ignore[no-untyped-def]
    contact = contact_log(
        actor=world.user("kollega"),
        case=None,
        occurred_at=timezone.now(),
        channel="meeting",
        place="nav_office",
        with_whom=[],
        initiative="specialist",
        duration_minutes=90,
        activity="team",
    )
    assert (contact.case, contact.office, contact.stage) == (None, world.home_office, None)


def test_someone_at_another_office_cannot_log_on_the_case(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContactError):
        contact_log(
            actor=world.user("annen"),
            case=world.case,
            occurred_at=timezone.now(),
            channel="phone",
            place="none",
            with_whom=["participant"],
            initiative="specialist",
            duration_minutes=5,
            activity="individual",
        )


def test_the_author_corrects_a_contact_and_the_earlier_text_is_kept(world) -> None:  # type: ignore[no-untyped-def]
    contact = contact_correct(
        contact=world.contact, actor=world.user("spesialist"), note="Første samtale, med mor"
    )
    assert contact.note == "Første samtale, med mor"
    assert contact.edited_at is not None
    revision = ContactRevision.objects.get(contact=contact)
    assert revision.previous == {"note": "Første samtale"}
    with pytest.raises(ContactError):
        contact_correct(contact=world.contact, actor=world.user("kollega"), note="Endret av andre")


def test_a_contact_cannot_be_logged_in_the_future(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ContactError):
        contact_log(
            actor=world.user("spesialist"),
            case=world.case,
            occurred_at=timezone.now() + datetime.timedelta(hours=2),
            channel="phone",
            place="none",
            with_whom=["participant"],
            initiative="specialist",
            duration_minutes=5,
            activity="individual",
        )
