from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from apps.organisation.demo import PERSONAS, load_organisation
from apps.organisation.models import Role, User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_every_persona_with_the_demo_password() -> None:
    load_organisation()
    roles = dict(
        User.objects.filter(username__in=[p.username for p in PERSONAS]).values_list(
            "username", "role"
        )
    )
    assert roles == {
        "spesialist": Role.SPECIALIST,
        "kollega": Role.SPECIALIST,
        "annen": Role.SPECIALIST,
        "teamleder": Role.TEAM_LEAD,
        "kontorleder": Role.OFFICE_HEAD,
        "fylke": Role.COUNTY_COORDINATOR,
        "direktorat": Role.DIRECTORATE,
        "admin": Role.ADMINISTRATOR,
    }
    assert all(user.check_password("demo") for user in User.objects.all())


def test_spesialist_kollega_and_teamleder_share_a_team_and_annen_works_elsewhere() -> None:
    users = load_organisation()
    assert users["spesialist"].team_ids == users["kollega"].team_ids == users["teamleder"].team_ids
    assert users["annen"].office != users["spesialist"].office
    assert (
        users["annen"].office.county == users["spesialist"].office.county == users["fylke"].county
    )  # type: ignore[union-attr]
    assert users["kontorleder"].office == users["spesialist"].office


def test_loading_the_demo_organisation_twice_changes_nothing() -> None:
    load_organisation()
    before = list(User.objects.order_by("pk").values_list("pk", "username", "password"))
    load_organisation()
    assert list(User.objects.order_by("pk").values_list("pk", "username", "password")) == before


def test_demo_data_refuses_to_run_where_demo_data_is_not_allowed(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JOBBSPOR_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="refused"):
        call_command("demo_data")
    assert not User.objects.exists()
