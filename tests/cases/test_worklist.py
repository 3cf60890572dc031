from __future__ import annotations

import pytest

from apps.cases.models import CaseStatus
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db


def test_mine_saker_lists_my_open_cases_only(world, client_as) -> None:  # type: ignore[no-untyped-def]
    mine_closed = open_case(
        world.user("spesialist"), status=CaseStatus.DISCHARGED, first_name="Avsluttet"
    )
    body = client_as("spesialist").get("/saker/").content.decode()
    assert f'href="/saker/{world.case.pk}/"' in body
    assert f'href="/saker/{world.colleague_case.pk}/"' not in body  # kollega's, same team
    assert f'href="/saker/{mine_closed.pk}/"' not in body


def test_the_worklist_filters_by_status_stage_and_programme(world, client_as) -> None:  # type: ignore[no-untyped-def]
    spesialist = world.user("spesialist")
    referred = open_case(spesialist, status=CaseStatus.REFERRED)
    in_stage_3 = open_case(spesialist, stage=3)
    ips = open_case(spesialist, programme="ips")
    client = client_as("spesialist")

    def listed(**params: str) -> set[int]:
        body = client.get("/saker/", params).content.decode()
        return {
            c.pk
            for c in (world.case, referred, in_stage_3, ips)
            if f'href="/saker/{c.pk}/"' in body
        }

    assert listed(status="referred") == {referred.pk}
    assert listed(stage="3") == {in_stage_3.pk}
    assert listed(programme=str(ips.programme_id)) == {ips.pk}


def test_an_htmx_filter_returns_only_the_results(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("spesialist").get(
        "/saker/", {"status": "active"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="worklist-results"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert f'href="/saker/{world.case.pk}/"' in body


def test_a_case_without_contact_past_the_limit_is_highlighted(world, client_as) -> None:  # type: ignore[no-untyped-def]
    stale = open_case(world.user("spesialist"), first_name="Glemt")
    body = client_as("spesialist").get("/saker/").content.decode()
    row = body[body.index(f'href="/saker/{stale.pk}/"') :]
    row = row[: row.index("</tr>")]
    assert "Ingen ennå" in row
    assert 'data-color="warning"' in row


def test_the_team_lead_opens_a_specialists_caseload_from_the_team_page(world, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("teamleder")
    team_page = client.get("/oversikt/team/").content.decode()
    link = f"/saker/?spesialist={world.user('spesialist').pk}"
    assert link in team_page
    body = client.get(link).content.decode()
    assert "Saker hos Sara Nilsen" in body
    assert f'href="/saker/{world.case.pk}/"' in body
    assert f'href="/saker/{world.colleague_case.pk}/"' not in body


def test_someone_at_another_office_sees_nothing_of_a_specialists_caseload(world, client_as) -> None:  # type: ignore[no-untyped-def]
    body = (
        client_as("annen").get(f"/saker/?spesialist={world.user('spesialist').pk}").content.decode()
    )
    assert f'href="/saker/{world.case.pk}/"' not in body
    assert "Kari Nordmann" not in body


def test_the_team_lead_sees_what_waits_for_a_decision(world, client_as) -> None:  # type: ignore[no-untyped-def]
    from apps.participants.services import transfer_request_create

    transfer_request_create(
        participant=world.case.participant, actor=world.user("annen"), message="Bor her nå"
    )
    body = client_as("teamleder").get("/oversikt/team/").content.decode()
    assert f"/saker/overforinger/{world.transfer.pk}/" in body
    assert "NAV Sagene ber om å overta saken til" in body
    assert "Bor her nå" in body
    assert "Bor her nå" not in client_as("spesialist").get("/saker/").content.decode()
