"""The workplace mentor (fadder): lifecycle, changes of mentor, meetings and what they may know."""

from __future__ import annotations

import datetime

import pytest

from apps.mentors.models import MentorAssignment, MentorStatus
from apps.mentors.services import (
    MentorError,
    mentor_activate,
    mentor_end,
    mentor_meeting_record,
    mentor_propose,
)
from apps.participants.services import consent_record

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 10, 15)


def test_proposed_active_ended_and_no_way_back(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    mentor = world.mentor
    assert mentor.status == MentorStatus.PROPOSED
    mentor_activate(assignment=mentor, actor=spesialist, on=ON)
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.ACTIVE
    with pytest.raises(MentorError):
        mentor_activate(assignment=mentor, actor=spesialist, on=ON)
    mentor_end(assignment=mentor, actor=spesialist, on=ON, reason="completed", note="")
    mentor.refresh_from_db()
    assert (mentor.status, mentor.end_on, mentor.end_reason) == ("ended", ON, "completed")
    with pytest.raises(MentorError):
        mentor_end(assignment=mentor, actor=spesialist, on=ON, reason="left", note="")


def test_a_change_of_mentor_keeps_the_chain_and_the_reason(world, client_as) -> None:  # type: ignore[no-untyped-def]
    mentor = world.mentor
    client = client_as("spesialist")
    response = client.post(
        f"/faddere/{mentor.pk}/avslutt/",
        {"end-on": "2026-11-01", "end-reason": "replaced", "end-note": ""},
    )
    assert response.status_code == 400
    assert "Oppgi navnet på den nye fadderen" in response.content.decode()
    response = client.post(
        f"/faddere/{mentor.pk}/avslutt/",
        {
            "end-on": "2026-11-01",
            "end-reason": "sick_leave",
            "end-note": "Per er langtidssykmeldt",
            "end-new_name": "Kari Fadder",
            "end-new_role": "Skiftleder",
        },
    )
    successor = MentorAssignment.objects.get(name="Kari Fadder")
    assert response.status_code == 302
    assert response["Location"] == f"/faddere/{successor.pk}/"
    assert successor.replaces == mentor
    assert successor.start_on == datetime.date(2026, 11, 1)
    page = client.get(f"/faddere/{successor.pk}/").content.decode()
    assert "Per Fadder" in page
    assert "Per er langtidssykmeldt" in page
    mentor.refresh_from_db()
    assert (mentor.status, mentor.end_reason) == ("ended", "sick_leave")


def test_the_subsidy_runs_at_most_three_months(world, client_as) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MentorError, match="høyst tre måneder"):
        mentor_propose(
            placement=world.placement,
            actor=world.user("spesialist"),
            name="Ola",
            start_on=ON,
            subsidy_months=4,
        )
    response = client_as("spesialist").post(
        f"/arbeid/{world.placement.pk}/fadder/",
        {
            "mentor-name": "Ola",
            "mentor-start_on": "2026-10-15",
            "mentor-training_plan": "standard",
            "mentor-subsidy_months": "6",
        },
    )
    assert response.status_code == 400
    assert "høyst tre måneder" in response.content.decode()
    assert not MentorAssignment.objects.filter(name="Ola").exists()


def test_meetings_and_gatherings_are_recorded(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    mentor = world.mentor
    mentor_meeting_record(
        assignment=mentor, actor=spesialist, kind="status", held_on=ON, note="Går bra"
    )
    mentor_meeting_record(
        assignment=mentor, actor=spesialist, kind="gathering", held_on=ON, note=""
    )
    assert sorted(mentor.meetings.values_list("kind", flat=True)) == ["gathering", "status"]


def test_the_mentor_page_says_what_the_mentor_may_be_told(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("spesialist")
    url = f"/faddere/{world.mentor.pk}/"
    page = client.get(url).content.decode()
    assert "ikke noe utover selve arbeidsforholdet" in page
    consent_record(
        participant=world.case.participant,
        actor=world.user("spesialist"),
        recipient="mentor",
        topics=["challenges"],
        given_on=datetime.date(2026, 10, 1),
    )
    page = client.get(url).content.decode()
    assert "ikke noe utover selve arbeidsforholdet" not in page
    assert "Utfordringer og behov for tilrettelegging" in page
