"""Participants, cases and contacts through the API: the pages' rules, the pages' access log."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.audit.models import AccessAction, AccessLogEntry
from apps.cases.models import Case, CaseStatus, OutcomeStatus
from apps.contacts.models import Contact, ContactRevision
from apps.participants.models import ParticipantChange
from tests.access_matrix import NEW_FNR
from tests.api.conftest import V1, results
from tests.cases.factories import open_case
from tests.conftest import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _log(world: World, persona: str, action: str) -> list[tuple[int, int | None]]:
    rows = AccessLogEntry.objects.filter(actor_id=world.user(persona).pk, action=action)
    return sorted((r.participant_id, r.case_id) for r in rows)


# --- Participants -------------------------------------------------------------------------------


def test_a_specialist_lists_the_teams_participants_and_not_another_offices(world, api) -> None:  # type: ignore[no-untyped-def]
    mine = {p["id"] for p in results(api("spesialist").get(f"{V1}participants/"))}
    assert world.case.participant_id in mine
    assert world.colleague_case.participant_id in mine
    assert world.other_office_case.participant_id not in mine
    theirs = {p["id"] for p in results(api("annen").get(f"{V1}participants/"))}
    assert theirs == {world.other_office_case.participant_id}


def test_another_office_gets_404_and_roles_without_persons_403(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/{world.case.participant_id}/"
    assert api("annen").get(url).status_code == 404
    for persona in ("fylke", "direktorat", "admin"):
        assert api(persona).get(url).status_code == 403


def test_the_number_is_masked_and_a_protected_address_shown_to_owners_only(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/{world.protected_case.participant_id}/"
    own = api("spesialist").get(url)
    assert own.json()["fnr_masked"].endswith("*****")
    assert own.json()["address"]["street_address"] == "Hemmelig vei 6"
    lead = api("teamleder").get(url)
    assert lead.status_code == 200
    assert lead.json()["address"] is None
    assert "Hemmelig" not in lead.content.decode()
    detail = api("spesialist").get(f"{V1}participants/{world.case.participant_id}/")
    assert world.fnr not in detail.content.decode()
    assert detail.json()["fnr_masked"] == world.fnr[:6] + " *****"


def test_a_shielded_participant_is_outside_the_scope_of_staff_without_the_right(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/{world.skjermet_case.participant_id}/"
    assert api("spesialist").get(url).status_code == 200
    assert api("kollega").get(url).status_code == 404
    assert api("kontorleder").get(url).status_code == 404
    listed = {p["id"] for p in results(api("kollega").get(f"{V1}participants/"))}
    assert world.skjermet_case.participant_id not in listed


def test_reading_participants_writes_the_access_log(world, api) -> None:  # type: ignore[no-untyped-def]
    listed = results(api("kollega").get(f"{V1}participants/"))
    assert _log(world, "kollega", AccessAction.LIST) == sorted((p["id"], None) for p in listed)
    api("kollega").get(f"{V1}participants/{world.case.participant_id}/")
    assert _log(world, "kollega", AccessAction.API) == [(world.case.participant_id, None)]
    entry = AccessLogEntry.objects.get(actor_id=world.user("kollega").pk, action=AccessAction.API)
    assert entry.path == f"{V1}participants/{world.case.participant_id}/"
    assert entry.actor_role == "specialist"


def test_a_failed_read_writes_nothing_to_the_log(world, api) -> None:  # type: ignore[no-untyped-def]
    api("annen").get(f"{V1}participants/{world.case.participant_id}/")
    assert not AccessLogEntry.objects.filter(actor_id=world.user("annen").pk).exists()


def test_a_specialist_registers_and_refers_a_participant(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("spesialist").post(
        f"{V1}participants/",
        {
            "fnr": NEW_FNR,
            "first_name": "Ola",
            "last_name": "Ny",
            "birth_date": "1985-03-02",
            "gender": "male",
            "programme": world.case.programme_id,
            "referral_date": str(TODAY()),
            "order_goal": "Jobb i butikk",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert NEW_FNR not in response.content.decode()
    assert body["fnr_masked"] == "028385 *****"
    case = Case.objects.get(pk=body["cases"][0])
    assert case.owner == world.user("spesialist")
    assert case.order_goal == "Jobb i butikk"
    assert case.status == CaseStatus.REFERRED


def test_registering_a_known_number_tells_only_what_the_caller_may_know(world, api) -> None:  # type: ignore[no-untyped-def]
    data = {
        "fnr": world.fnr,
        "first_name": "Kari",
        "last_name": "Nordmann",
        "birth_date": "1990-05-17",
        "gender": "female",
        "programme": world.case.programme_id,
        "referral_date": str(TODAY()),
    }
    own = api("kollega").post(f"{V1}participants/", data)
    assert own.status_code == 409
    assert own.json()["participant"] == world.case.participant_id
    elsewhere = api("annen").post(f"{V1}participants/", data)
    assert elsewhere.status_code == 409
    assert "participant" not in elsewhere.json()
    assert str(world.case.participant_id) not in elsewhere.content.decode()


def test_registering_is_for_job_specialists(world, api) -> None:  # type: ignore[no-untyped-def]
    assert api("teamleder").post(f"{V1}participants/", {}).status_code == 403


def test_an_invalid_number_is_refused_without_repeating_it(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("spesialist").post(f"{V1}participants/search/", {"fnr": "17059012345"})
    assert response.status_code == 400
    assert "17059012345" not in response.content.decode()
    assert "fnr" in response.json()


def test_searching_by_number_is_by_post_only_and_scoped(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/search/"
    assert api("spesialist").get(url).status_code == 405
    found = api("spesialist").post(url, {"fnr": world.fnr}).json()
    assert found["found"] == "visible"
    assert found["participant"]["id"] == world.case.participant_id
    assert api("annen").post(url, {"fnr": world.fnr}).json() == {
        "found": "elsewhere",
        "participant": None,
    }
    # A team lead cannot ask for a transfer, so is told no more than "not found".
    lead = api("teamleder").post(url, {"fnr": _annens_fnr(world)}).json()
    assert lead == {"found": "not_found", "participant": None}


def _annens_fnr(world: World) -> str:
    from apps.participants import crypto

    return crypto.decrypt(world.other_office_case.participant.fnr_ciphertext)


def test_changing_a_participant_keeps_the_history(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/{world.case.participant_id}/"
    response = api("spesialist").patch(url, {"phone": "99887766", "main_challenges": ["social"]})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "99887766"
    changed = set(
        ParticipantChange.objects.filter(participant_id=world.case.participant_id).values_list(
            "field", flat=True
        )
    )
    assert {"phone", "main_challenges"} <= changed
    assert api("kollega").patch(url, {"phone": "1"}).status_code == 404


def test_consents_are_recorded_and_withdrawn(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}participants/{world.case.participant_id}/consents/"
    made = api("spesialist").post(
        url, {"recipient": "mentor", "topics": ["programme"], "given_on": str(TODAY())}
    )
    assert made.status_code == 201
    withdraw = f"{url}{made.json()['id']}/withdraw/"
    assert api("spesialist").post(withdraw, {"on": str(TODAY())}).status_code == 200
    again = api("spesialist").post(withdraw, {"on": str(TODAY())})
    assert again.status_code == 409
    assert again.json()["detail"] == "Dette samtykket er allerede trukket."


# --- Cases --------------------------------------------------------------------------------------


def test_cases_are_listed_with_filters_and_logged(world, api) -> None:  # type: ignore[no-untyped-def]
    every = results(api("spesialist").get(f"{V1}cases/"))
    assert {c["id"] for c in every} >= {world.case.pk, world.colleague_case.pk}
    assert world.other_office_case.pk not in {c["id"] for c in every}
    mine = results(api("spesialist").get(f"{V1}cases/?mine=true"))
    assert world.colleague_case.pk not in {c["id"] for c in mine}
    assert _log(world, "spesialist", AccessAction.LIST)[: len(every)]
    active = results(api("spesialist").get(f"{V1}cases/?status=active&stage=1"))
    assert all(c["status"] == "active" and c["current_stage"] == 1 for c in active)
    assert api("spesialist").get(f"{V1}cases/?status=nonsense").status_code == 400


def test_the_case_says_which_transitions_the_caller_may_make(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}cases/{world.case.pk}/"
    assert api("spesialist").get(url).json()["transitions"] == ["discharge", "pause"] or (
        api("spesialist").get(url).json()["transitions"] == ["discharge"]
    )
    assert api("kollega").get(url).json()["transitions"] == []


def test_discharging_a_case_records_the_status_and_a_second_try_is_409(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}cases/{world.case.pk}/transition/"
    data = {
        "transition": "discharge",
        "on": str(TODAY()),
        "end_reason": "work",
        "status": {"in_work": True, "work_hours_per_week": "20"},
    }
    response = api("spesialist").post(url, data)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "discharged"
    assert OutcomeStatus.objects.get(case=world.case, at_discharge=True).in_work
    again = api("teamleder").post(url, data)
    assert again.status_code == 409
    assert again.json()["detail"] == "Saken er allerede skrevet ut."
    assert api("kollega").post(url, data).status_code == 404
    assert api("annen").post(url, data).status_code == 404


def test_a_transition_needs_what_its_form_needs(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}cases/{world.case.pk}/transition/"
    missing_status = api("spesialist").post(
        url, {"transition": "discharge", "on": str(TODAY()), "end_reason": "work"}
    )
    assert missing_status.status_code == 400
    assert "status" in missing_status.json()
    future = api("spesialist").post(
        url, {"transition": "pause", "on": str(TODAY() + datetime.timedelta(days=2))}
    )
    assert future.status_code == 400
    assert "on" in future.json()
    no_hours = api("spesialist").post(
        url,
        {
            "transition": "discharge",
            "on": str(TODAY()),
            "end_reason": "work",
            "status": {"in_work": True},
        },
    )
    assert no_hours.status_code == 400
    assert "work_hours_per_week" in no_hours.json()["status"]


def test_moving_the_stage_back_needs_a_reason(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}cases/{world.case.pk}/stage/"
    forward = api("spesialist").post(url, {"stage": 2, "on": str(TODAY())})
    assert forward.status_code == 200
    assert forward.json()["current_stage"] == 2
    back = api("spesialist").post(url, {"stage": 1, "on": str(TODAY())})
    assert back.status_code == 409
    assert "grunn" in back.json()["detail"]


def test_a_lead_refers_a_participant_to_a_specialist_of_the_office(world, api) -> None:  # type: ignore[no-untyped-def]
    from apps.programmes.models import Programme

    ips = Programme.objects.get(code="ips")
    response = api("teamleder").post(
        f"{V1}cases/",
        {
            "participant": world.case.participant_id,
            "programme": ips.pk,
            "referral_date": str(TODAY()),
            "owner": world.user("kollega").pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner"] == world.user("kollega").pk


def test_changing_the_order_is_for_those_who_change_the_case(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}cases/{world.case.pk}/"
    response = api("teamleder").patch(
        url, {"order_goal": "Fast jobb", "three_way_meeting_date": None}
    )
    assert response.status_code == 200
    assert response.json()["order_goal"] == "Fast jobb"
    assert api("kollega").patch(url, {"order_goal": "x"}).status_code == 404


def test_the_case_list_costs_the_same_few_queries_whatever_its_length(
    world, api, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = api("spesialist")
    client.get(f"{V1}cases/")  # the session and the user are read once
    with django_assert_max_num_queries(12):
        client.get(f"{V1}cases/")
    for _ in range(8):
        open_case(world.user("spesialist"))
    with django_assert_max_num_queries(12):
        assert len(results(client.get(f"{V1}cases/"))) >= 12


def test_the_participant_list_costs_the_same_few_queries_whatever_its_length(
    world, api, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = api("spesialist")
    client.get(f"{V1}participants/")
    with django_assert_max_num_queries(12):
        client.get(f"{V1}participants/")
    for _ in range(8):
        open_case(world.user("spesialist"))
    with django_assert_max_num_queries(12):
        assert len(results(client.get(f"{V1}participants/"))) >= 12


# --- Contacts -----------------------------------------------------------------------------------


def _contact(case: int | None, **extra: object) -> dict[str, object]:
    return {
        "case": case,
        "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).isoformat(),
        "channel": "phone",
        "place": "nav_office",
        "with_whom": ["participant"],
        "initiative": "specialist",
        "duration_minutes": 15,
        "activity": "individual",
        "note": "Ringte",
        **extra,
    }


def test_a_colleague_logs_a_contact_as_cover_and_the_stage_is_read_from_history(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("kollega").post(f"{V1}contacts/", _contact(world.case.pk))
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.author == world.user("kollega")
    assert contact.stage == 1
    assert contact.place == "none", "a phone call is not in person"
    assert api("annen").post(f"{V1}contacts/", _contact(world.case.pk)).status_code == 400


def test_team_work_is_logged_without_a_case(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("teamleder").post(
        f"{V1}contacts/",
        _contact(None, channel="meeting", activity="team", with_whom=[]),
    )
    assert response.status_code == 201, response.content
    assert response.json()["case"] is None


def test_only_the_author_corrects_a_contact_and_the_old_text_is_kept(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}contacts/{world.contact.pk}/"
    assert api("teamleder").patch(url, {"note": "Nei"}).status_code == 404
    response = api("spesialist").patch(url, {"note": "Første samtale, rettet"})
    assert response.status_code == 200
    assert response.json()["note"] == "Første samtale, rettet"
    assert ContactRevision.objects.get(contact=world.contact).previous == {"note": "Første samtale"}


def test_contacts_on_cases_another_office_holds_are_not_listed(world, api) -> None:  # type: ignore[no-untyped-def]
    listed = {c["id"] for c in results(api("annen").get(f"{V1}contacts/"))}
    assert world.contact.pk not in listed
    assert api("annen").get(f"{V1}contacts/{world.contact.pk}/").status_code == 404
    own = results(api("spesialist").get(f"{V1}contacts/?case={world.case.pk}"))
    assert [c["id"] for c in own] == [world.contact.pk]
    assert _log(world, "spesialist", AccessAction.LIST) == [
        (world.case.participant_id, world.case.pk)
    ]


def test_a_contact_in_the_future_is_refused(world, api) -> None:  # type: ignore[no-untyped-def]
    future = (timezone.localtime() + datetime.timedelta(days=1)).isoformat()
    response = api("spesialist").post(f"{V1}contacts/", _contact(world.case.pk, occurred_at=future))
    assert response.status_code == 409
    assert response.json()["detail"] == "En kontakt kan ikke logges fram i tid."


def test_dates_far_outside_the_domain_are_400_not_500(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("spesialist").post(
        f"{V1}contacts/", _contact(world.case.pk, occurred_at="0001-01-01T00:00:00+14:00")
    )
    assert response.status_code == 400
    stage = api("spesialist").post(
        f"{V1}cases/{world.case.pk}/stage/", {"stage": 2, "on": "9999-12-31"}
    )
    assert stage.status_code == 400


def test_the_number_reaches_no_log_line_through_the_api(world, api, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    caplog.set_level(logging.DEBUG)
    client = api("spesialist")
    client.post(f"{V1}participants/search/", {"fnr": world.fnr})
    client.post(f"{V1}participants/search/", {"fnr": world.fnr[:-1] + "0"})  # a bad check digit
    api("annen").post(
        f"{V1}participants/",
        {"fnr": world.fnr, "first_name": "K", "last_name": "N", "birth_date": "1990-05-17"},
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert world.fnr not in logged
    assert world.fnr[:-1] + "0" not in logged
