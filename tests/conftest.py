"""Fixtures every test shares: the personas of STYLE.md, in the demo organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from apps.cases.models import Case
from apps.organisation.demo import load_organisation
from apps.organisation.models import County, Office, Team, User
from apps.programmes.models import Programme
from tests.cases.factories import CaseFactory
from tests.organisation.factories import OfficeFactory, TeamFactory, UserFactory

PERSONAS = (
    "anonym",
    "spesialist",
    "kollega",
    "annen",
    "teamleder",
    "kontorleder",
    "fylke",
    "direktorat",
    "admin",
)


@dataclass
class World:
    """The demo organisation with one case of each kind the access rules tell apart."""

    users: dict[str, User]
    case: Case  # spesialist's own case, in the home team
    colleague_case: Case  # kollega's case in the same team
    other_office_case: Case  # annen's case at NAV Sagene
    # Reference data nothing depends on, for the admin pages to edit and delete.
    spare: dict[str, Any]

    def user(self, persona: str) -> User:
        return self.users[persona]

    @property
    def home_office(self) -> Office:
        return self.users["spesialist"].office  # type: ignore[return-value]

    @property
    def home_team(self) -> Team:
        return self.users["spesialist"].teams.get()


@pytest.fixture
def world(db: None) -> World:
    users = load_organisation()
    return World(
        users=users,
        case=CaseFactory(owner=users["spesialist"]),
        colleague_case=CaseFactory(owner=users["kollega"]),
        other_office_case=CaseFactory(owner=users["annen"]),
        spare=_spare_reference_data(),
    )


def _spare_reference_data() -> dict[str, Any]:
    county = County.objects.get(number="56")  # Finnmark: no demo office
    office = OfficeFactory(name="NAV Reserve", county=county)
    return {
        "county": County.objects.get(number="18"),  # Nordland: no demo office either
        "office": OfficeFactory(name="NAV Tomt kontor", county=county),
        "team": TeamFactory(name="Tomt team", office=office),
        "user": UserFactory(username="reserve", role="directorate", office=None),
        "programme": Programme.objects.create(
            code="reserve", name="Reserveprogram", run_by="nav_office"
        ),
    }


@pytest.fixture
def client_as(world: World):  # type: ignore[no-untyped-def]
    """client_as("spesialist") gives a test client signed in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        if persona != "anonym":
            client.force_login(world.user(persona))
        return client

    return make
