"""Employers, employer contacts, placements, agreements, mentors and checkpoints through the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.agreements.models import AgreementStatus
from apps.audit.models import AccessAction, AccessLogEntry
from apps.cases.models import CaseStatus
from apps.contacts.models import Contact
from apps.employers.models import Employer
from apps.followups.models import Checkpoint, CheckpointKind, CheckpointStatus
from apps.mentors.models import MentorStatus
from apps.placements.models import Placement
from tests.api.conftest import V1, results
from tests.cases.factories import open_case
from tests.conftest import PDF

pytestmark = pytest.mark.django_db


def today() -> str:
    return str(timezone.localdate())


# --- Employers ----------------------------------------------------------------------------------


def test_an_employer_is_registered_once_with_a_valid_number(world, api) -> None:  # type: ignore[no-untyped-def]
    client = api("annen")
    made = client.post(f"{V1}employers/", {"orgnr": "910 000 012", "name": "Kafé Solsiden AS"})
    assert made.status_code == 201, made.content
    assert made.json()["orgnr"] == "910000012"
    again = client.post(f"{V1}employers/", {"orgnr": "910000012", "name": "Annet navn"})
    assert again.status_code == 409
    assert again.json()["employer"] == made.json()["id"]
    wrong = client.post(f"{V1}employers/", {"orgnr": "910000013", "name": "Feil"})
    assert wrong.status_code == 400
    assert "orgnr" in wrong.json()


def test_employers_are_searched_by_name_or_number(world, api) -> None:  # type: ignore[no-untyped-def]
    by_name = results(api("spesialist").get(f"{V1}employers/?q=lager"))
    assert [e["id"] for e in by_name] == [world.employer.pk]
    by_number = results(api("spesialist").get(f"{V1}employers/?q={world.employer.orgnr[:4]}"))
    assert [e["id"] for e in by_number] == [world.employer.pk]
    assert api("direktorat").get(f"{V1}employers/").status_code == 403


def test_an_employer_contact_shows_who_called_last_but_hides_notes_about_unreadable_cases(
    world, api
) -> None:  # type: ignore[no-untyped-def]
    # kollega calls the firm about kollega's own case; spesialist reads kollega's (team) case.
    response = api("kollega").post(
        f"{V1}employer-contacts/",
        {
            "employer": world.employer.pk,
            "case": world.colleague_case.pk,
            "occurred_at": (timezone.localtime() - datetime.timedelta(hours=2)).isoformat(),
            "channel": "phone",
            "duration_minutes": 10,
            "note": "Om praksisplass for Jonas' deltaker",
        },
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.activity == "employer"
    assert contact.with_employer
    employer = api("spesialist").get(f"{V1}employers/{world.employer.pk}/").json()
    assert employer["last_contact_by"] == "Jonas Berg"
    assert results(api("spesialist").get(f"{V1}employer-contacts/"))[0]["note"].startswith("Om")
    # Another office sees none of the office's employer contacts.
    assert results(api("annen").get(f"{V1}employer-contacts/")) == []
    # The office head has no right to shielded persons: a contact about spesialist's shielded
    # case shows that it happened, by whom and when; not which case, nor what was said.
    shielded = open_case(world.user("spesialist"), skjermet=True)
    api("spesialist").post(
        f"{V1}employer-contacts/",
        {
            "employer": world.employer.pk,
            "case": shielded.pk,
            "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).isoformat(),
            "channel": "phone",
            "duration_minutes": 5,
            "note": "Skjermet sak",
        },
    )
    seen_by_kontorleder = results(api("kontorleder").get(f"{V1}employer-contacts/"))
    hidden = next(c for c in seen_by_kontorleder if c["case"] is None and c["note"] is None)
    assert hidden["author_name"] == "Sara Nilsen"
    assert "Skjermet sak" not in str(seen_by_kontorleder)


# --- Placements ---------------------------------------------------------------------------------


def test_a_placement_is_started_evaluated_and_extended(world, api) -> None:  # type: ignore[no-untyped-def]
    client = api("spesialist")
    made = client.post(
        f"{V1}placements/",
        {
            "case": world.case.pk,
            "employer": world.employer.pk,
            "kind": "practice",
            "start_on": today(),
            "end_on": str(timezone.localdate() + datetime.timedelta(days=90)),
        },
    )
    assert made.status_code == 201, made.content
    url = f"{V1}placements/{made.json()['id']}/"
    refused = client.post(f"{url}extend/", {"new_end": "2028-01-31"})
    assert refused.status_code == 409
    assert "evaluering" in refused.json()["detail"]
    assert client.post(f"{url}evaluate/", {"held_on": today(), "summary": "Bra"}).status_code == 200
    extended = client.post(f"{url}extend/", {"new_end": "2028-01-31"})
    assert extended.status_code == 200
    assert extended.json()["extensions"] == 1
    assert (
        Checkpoint.objects.filter(
            anchor_type="placement",
            anchor_id=made.json()["id"],
            kind=CheckpointKind.PLACEMENT_EXPIRY,
        ).count()
        == 2
    )


def test_a_placement_cannot_be_started_on_a_case_the_caller_may_not_change(world, api) -> None:  # type: ignore[no-untyped-def]
    data = {
        "case": world.case.pk,
        "employer": world.employer.pk,
        "kind": "paid",
        "start_on": today(),
    }
    response = api("kollega").post(f"{V1}placements/", data)
    assert response.status_code == 400
    assert "case" in response.json()
    assert not Placement.objects.filter(kind="paid").exists()


def test_subsidies_move_from_applied_to_granted_to_paid_only(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}placements/{world.placement.pk}/subsidy-advance/"
    client = api("spesialist")
    paid = client.post(url, {"subsidy": world.subsidy.pk, "to": "paid", "on": today()})
    assert paid.status_code == 409
    granted = client.post(url, {"subsidy": world.subsidy.pk, "to": "granted", "on": today()})
    assert granted.json()["subsidies"][0]["status"] == "granted"
    assert client.post(url, {"subsidy": 10**9, "to": "paid", "on": today()}).status_code == 400


# --- Agreements ---------------------------------------------------------------------------------


def test_an_agreement_comes_into_force_when_all_three_parties_have_approved(world, api) -> None:  # type: ignore[no-untyped-def]
    client = api("spesialist")
    agreement = world.draft_agreement
    version = agreement.versions.get().pk
    url = f"{V1}agreements/{agreement.pk}/"
    nav = client.post(f"{url}approve/", {"version": version, "party": "nav"})
    assert nav.status_code == 200
    assert nav.json()["status"] == AgreementStatus.AWAITING
    locked = client.patch(f"{url}versions/{version}/", {"work_percent": 80})
    assert locked.status_code == 409
    without_document = client.post(f"{url}approve/", {"version": version, "party": "employer"})
    assert without_document.status_code == 400
    assert "signed_document" in without_document.json()
    for party in ("employer", "participant"):
        signed = SimpleUploadedFile("signert.pdf", PDF, content_type="application/pdf")
        response = client.post(
            f"{url}approve/",
            {"version": version, "party": party, "signed_document": signed},
            format="multipart",
        )
        assert response.status_code == 200, response.content
    body = client.get(url).json()
    assert body["status"] == AgreementStatus.ACTIVE
    assert body["versions"][0]["in_force"]
    assert all(a["has_signed_document"] for a in body["versions"][0]["approvals"][1:])


def test_an_agreement_in_force_changes_by_a_new_version_and_ends_with_an_outcome(
    world, api
) -> None:  # type: ignore[no-untyped-def]
    client = api("teamleder")
    url = f"{V1}agreements/{world.agreement.pk}/"
    new = client.post(f"{url}new-version/", {"work_percent": 80})
    assert new.status_code == 200
    assert [v["number"] for v in new.json()["versions"]] == [1, 2]
    early = client.post(f"{url}end/", {"outcome": "ended_early", "on": today()})
    assert early.status_code == 409
    ended = client.post(f"{url}end/", {"outcome": "hired_permanent", "on": today()})
    assert ended.json()["status"] == AgreementStatus.ENDED
    assert api("annen").get(url).status_code == 404


def test_a_version_of_another_agreement_is_not_found(world, api) -> None:  # type: ignore[no-untyped-def]
    other = world.agreement.versions.get().pk
    url = f"{V1}agreements/{world.draft_agreement.pk}/versions/{other}/"
    assert api("spesialist").patch(url, {"work_percent": 80}).status_code == 404


# --- Mentors ------------------------------------------------------------------------------------


def test_a_mentor_is_proposed_started_met_and_replaced(world, api) -> None:  # type: ignore[no-untyped-def]
    client = api("spesialist")
    url = f"{V1}mentors/{world.mentor.pk}/"
    assert client.post(f"{url}activate/", {"on": today()}).json()["status"] == MentorStatus.ACTIVE
    met = client.post(f"{url}meetings/", {"kind": "status", "held_on": today(), "note": "Fint"})
    assert len(met.json()["meetings"]) == 1
    missing = client.post(f"{url}end/", {"on": today(), "reason": "replaced"})
    assert missing.status_code == 400
    assert "new_name" in missing.json()
    successor = client.post(
        f"{url}end/", {"on": today(), "reason": "replaced", "new_name": "Kari Fadder"}
    )
    assert successor.status_code == 200
    assert successor.json()["replaces"] == world.mentor.pk
    assert successor.json()["name"] == "Kari Fadder"
    assert client.post(f"{url}activate/", {"on": today()}).status_code == 409


def test_a_mentor_subsidy_runs_three_months_at_most(world, api) -> None:  # type: ignore[no-untyped-def]
    response = api("spesialist").post(
        f"{V1}mentors/",
        {"placement": world.placement.pk, "name": "Ny", "start_on": today(), "subsidy_months": 4},
    )
    assert response.status_code == 400
    assert "subsidy_months" in response.json()


# --- Checkpoints --------------------------------------------------------------------------------


def test_a_checkpoint_is_completed_once(world, api) -> None:  # type: ignore[no-untyped-def]
    url = f"{V1}checkpoints/{world.checkpoint.pk}/complete/"
    done = api("spesialist").post(url, {"on": today(), "note": "Rapport sendt"})
    assert done.status_code == 200
    assert done.json()["status"] == CheckpointStatus.DONE
    again = api("spesialist").post(url, {"on": today()})
    assert again.status_code == 409
    assert api("kollega").post(url, {"on": today()}).status_code == 404


def test_the_last_follow_up_after_discharge_records_the_status_and_closes_the_case(
    world, api
) -> None:  # type: ignore[no-untyped-def]
    case = open_case(world.user("spesialist"), status=CaseStatus.DISCHARGED)
    client = api("spesialist")
    open_ones = results(
        client.get(f"{V1}checkpoints/?case={case.pk}&kind=post_discharge&status=open")
    )
    assert len(open_ones) == 3
    first = f"{V1}checkpoints/{open_ones[0]['id']}/complete/"
    assert client.post(first, {"on": today()}).status_code == 400, "the status is needed"
    for checkpoint in open_ones:
        response = client.post(
            f"{V1}checkpoints/{checkpoint['id']}/complete/",
            {"on": today(), "status": {"job_seeker": True}},
        )
        assert response.status_code == 200, response.content
        assert response.json()["outcome"]["job_seeker"]
    assert client.get(f"{V1}cases/{case.pk}/").json()["status"] == CaseStatus.CLOSED


def test_checkpoint_lists_are_logged_per_case_shown(world, api) -> None:  # type: ignore[no-untyped-def]
    shown = results(api("teamleder").get(f"{V1}checkpoints/?mine=false&page_size=5"))
    assert len(shown) == 5
    rows = AccessLogEntry.objects.filter(
        actor_id=world.user("teamleder").pk, action=AccessAction.LIST
    )
    assert rows.count() == 5
    assert {r.case_id for r in rows} == {c["case"] for c in shown}


def test_employers_are_shared_but_an_unknown_one_is_404(world, api) -> None:  # type: ignore[no-untyped-def]
    assert api("annen").get(f"{V1}employers/{world.employer.pk}/").status_code == 200
    missing = Employer.objects.order_by("-pk").first().pk + 1  # type: ignore[union-attr]
    assert api("annen").get(f"{V1}employers/{missing}/").status_code == 404
