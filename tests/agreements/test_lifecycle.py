"""The intention agreement: versions, approvals, the lock, extensions and the end."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.agreements.models import AgreementStatus, AgreementVersion
from apps.agreements.services import (
    AgreementError,
    agreement_end,
    agreement_new_version,
    approval_record,
    approval_withdraw,
    version_update,
)
from apps.cases.models import CaseEvent
from apps.followups.models import Checkpoint
from apps.placements.services import placement_evaluate
from tests.agreements.factories import agreement, placement
from tests.conftest import PDF

pytestmark = pytest.mark.django_db


def signed() -> SimpleUploadedFile:
    return SimpleUploadedFile("signert.pdf", PDF, content_type="application/pdf")


def approve_all(version: AgreementVersion, actor) -> None:  # type: ignore[no-untyped-def]
    for party in ("nav", "employer", "participant"):
        approval_record(version=version, actor=actor, party=party, signed_document=signed())


@pytest.fixture
def draft(world):  # type: ignore[no-untyped-def]
    return world.draft_agreement


def test_the_first_approval_locks_the_content_until_it_is_withdrawn(world, draft) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    version = draft.versions.get()
    version_update(version=version, actor=spesialist, work_percent=60)
    nav = approval_record(version=version, actor=spesialist, party="nav")
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AWAITING
    with pytest.raises(AgreementError, match="låst"):
        version_update(version=version, actor=spesialist, work_percent=80)
    approval_withdraw(approval=nav, actor=spesialist)
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    assert version_update(version=version, actor=spesialist, work_percent=80).work_percent == 80


def test_the_edit_page_refuses_a_locked_version_in_norwegian(world, client_as) -> None:  # type: ignore[no-untyped-def]
    approval = world.pending_approval
    version = approval.version
    response = client_as("spesialist").post(
        f"/intensjonsavtaler/{version.agreement_id}/versjon/{version.pk}/endre/",
        {
            "start_on": "2026-10-01",
            "end_on": "2026-12-31",
            "work_percent": "90",
            "tasks": "Alt mulig",
            "follow_up": "Ukentlig",
            "hiring_conditions": "Ingen",
        },
    )
    assert response.status_code == 409
    assert "Innholdet er låst fordi noen har godkjent det" in response.content.decode()
    version.refresh_from_db()
    assert version.work_percent == 50


def test_the_employers_approval_needs_the_signed_document(world, draft, client_as) -> None:  # type: ignore[no-untyped-def]
    version = draft.versions.get()
    client = client_as("spesialist")
    url = f"/intensjonsavtaler/{draft.pk}/versjon/{version.pk}/godkjenn/"
    response = client.post(url, {"approval-party": "employer"})
    assert response.status_code == 400
    assert "Last opp den signerte avtalen" in response.content.decode()
    not_a_document = SimpleUploadedFile(
        "x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        url, {"approval-party": "employer", "approval-signed_document": not_a_document}
    )
    assert response.status_code == 409
    assert "PDF eller et bilde" in response.content.decode()
    assert not version.approvals.exists()
    response = client.post(
        url, {"approval-party": "employer", "approval-signed_document": signed()}
    )
    assert response.status_code == 302
    approval = version.approvals.get()
    assert approval.recorded_by == world.user("spesialist")
    assert approval.approved_at is not None
    assert approval.signed_document.name


def test_three_approvals_put_the_version_in_force_with_its_expiry_checkpoint(world, draft) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    version = draft.versions.get()
    approval_record(version=version, actor=spesialist, party="nav")
    approval_record(version=version, actor=spesialist, party="employer", signed_document=signed())
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AWAITING
    with pytest.raises(AgreementError):
        approval_record(version=version, actor=spesialist, party="nav")
    approval_record(
        version=version, actor=spesialist, party="participant", signed_document=signed()
    )
    draft.refresh_from_db()
    version.refresh_from_db()
    assert draft.status == AgreementStatus.ACTIVE
    assert version.in_force
    checkpoint = Checkpoint.objects.get(
        case=world.case, kind="agreement_expiry", anchor_id=draft.pk
    )
    assert checkpoint.due_on == version.end_on
    kinds = list(
        CaseEvent.objects.filter(case=world.case, data__agreement=draft.pk).values_list(
            "kind", flat=True
        )
    )
    assert kinds.count("agreement_approved") == 3
    assert "agreement_active" in kinds


def test_an_extension_without_an_evaluation_is_refused_and_with_one_makes_a_version(world) -> None:  # type: ignore[no-untyped-def]
    kollega = world.user("kollega")
    p = placement(world.colleague_case, kollega)
    a = agreement(world.colleague_case, kollega, placement=p)
    approve_all(a.versions.get(), kollega)
    with pytest.raises(AgreementError, match="evaluering"):
        agreement_new_version(
            agreement=a, actor=kollega, is_extension=True, end_on=datetime.date(2027, 3, 31)
        )
    assert a.versions.count() == 1
    placement_evaluate(
        placement=p, actor=kollega, held_on=datetime.date(2026, 11, 20), summary="Bra"
    )
    v2 = agreement_new_version(
        agreement=a, actor=kollega, is_extension=True, end_on=datetime.date(2027, 3, 31)
    )
    assert (v2.number, v2.is_extension, v2.in_force) == (2, True, False)
    assert v2.tasks == a.versions.get(number=1).tasks, "unchanged content carries over"
    with pytest.raises(AgreementError, match="venter allerede"):
        agreement_new_version(agreement=a, actor=kollega, is_extension=False, work_percent=70)
    approve_all(v2, kollega)
    current = a.versions.get(in_force=True)
    assert current.number == 2
    assert current.end_on == datetime.date(2027, 3, 31)
    a.refresh_from_db()
    assert a.status == AgreementStatus.ACTIVE


def test_an_extension_must_end_later(world) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    with pytest.raises(AgreementError, match="etter den nåværende"):
        agreement_new_version(
            agreement=world.agreement,
            actor=spesialist,
            is_extension=True,
            end_on=datetime.date(2026, 12, 1),
        )


def test_an_agreement_ends_with_an_outcome_and_early_needs_a_reason(world, client_as) -> None:  # type: ignore[no-untyped-def]
    a = world.agreement
    spesialist = world.user("spesialist")
    with pytest.raises(AgreementError, match="hvorfor"):
        agreement_end(
            agreement=a, actor=spesialist, outcome="ended_early", on=datetime.date(2026, 11, 20)
        )
    response = client_as("spesialist").post(
        f"/intensjonsavtaler/{a.pk}/avslutt/",
        {"end-outcome": "hired_permanent", "end-on": "2026-11-20"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.outcome, a.ended_on) == (
        "ended",
        "hired_permanent",
        datetime.date(2026, 11, 20),
    )
    with pytest.raises(AgreementError):
        agreement_end(
            agreement=a, actor=spesialist, outcome="no_offer", on=datetime.date(2026, 11, 21)
        )
    with pytest.raises(AgreementError, match="Bare en gjeldende avtale"):
        agreement_new_version(agreement=a, actor=spesialist, is_extension=False)


def test_kollega_reads_the_agreement_but_cannot_change_it(world, client_as) -> None:  # type: ignore[no-untyped-def]
    a = world.agreement
    client = client_as("kollega")
    page = client.get(f"/intensjonsavtaler/{a.pk}/").content.decode()
    assert "Plukk og pakk på lageret" in page
    assert f"/intensjonsavtaler/{a.pk}/avslutt/" not in page
    assert (
        client.post(
            f"/intensjonsavtaler/{a.pk}/avslutt/",
            {"end-outcome": "no_offer", "end-on": "2026-11-20"},
        ).status_code
        == 404
    )
    a.refresh_from_db()
    assert a.status == AgreementStatus.ACTIVE


def test_the_agreement_events_reach_the_case_timeline(world, client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("spesialist").get(f"/saker/{world.case.pk}/").content.decode()
    for label in (
        "Intensjonsavtale opprettet",
        "Intensjonsavtale godkjent",
        "Intensjonsavtale gjelder",
        "Arbeidsforhold startet",
        "Fadder foreslått",
    ):
        assert label in page, label
