"""Protected addresses (code 6 and 7) and shielded participants (NAV employees)."""

from __future__ import annotations

import pytest

from apps.cases.selectors import cases_visible_to
from apps.participants.selectors import participants_visible_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("spesialist", True), ("kollega", False), ("teamleder", False), ("kontorleder", False)],
)
def test_a_protected_address_is_shown_to_the_case_owners_only(
    world, client_as, persona: str, sees: bool
) -> None:  # type: ignore[no-untyped-def]
    body = (
        client_as(persona)
        .get(f"/deltakere/{world.protected_case.participant_id}/")
        .content.decode()
    )
    assert ("Hemmelig vei 6" in body) is sees
    assert ("0601" in body) is sees
    if not sees:
        assert "Skjult (beskyttet adresse)" in body


def test_a_protected_address_stays_out_of_the_page_source_entirely(world, client_as) -> None:  # type: ignore[no-untyped-def]
    body = client_as("teamleder").get(f"/saker/{world.protected_case.pk}/").content.decode()
    assert "Hemmelig vei" not in body


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("spesialist", True), ("teamleder", True), ("kollega", False), ("kontorleder", False)],
)
def test_a_shielded_participant_is_visible_only_to_staff_with_the_right(
    world, persona: str, sees: bool
) -> None:  # type: ignore[no-untyped-def]
    user = world.user(persona)
    assert cases_visible_to(user).filter(pk=world.skjermet_case.pk).exists() is sees
    assert (
        participants_visible_to(user).filter(pk=world.skjermet_case.participant_id).exists() is sees
    )
    assert user.has_perm("cases.view_case", world.skjermet_case) is sees


def test_a_shielded_participant_is_left_out_of_lists_without_the_right(world, client_as) -> None:  # type: ignore[no-untyped-def]
    body = (
        client_as("kollega")
        .get(f"/saker/?spesialist={world.user('spesialist').pk}")
        .content.decode()
    )
    assert "Skjermet Ansatt" not in body
    assert "Skjermet Ansatt" in client_as("spesialist").get("/saker/").content.decode()
