"""Single sign-on against a fake OpenID Connect provider on loopback: roles from groups, office
and team from the administrator's mapping, nobody without a role group."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client

from apps.organisation.models import GroupMapping, Role, User
from tests.security.fake_oidc import FakeProvider, fake_provider

pytestmark = pytest.mark.django_db


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def sign_in(client: Client, provider: FakeProvider, **claims: object) -> str:
    """Walk the authorization-code flow; return where Jobbspor sends the browser in the end."""
    provider.person = {
        "preferred_username": "A123456",
        "given_name": "Randi",
        "family_name": "Sso",
        "email": "randi.sso@nav.invalid",
        **claims,
    }
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    assert start["Location"].startswith(provider.base + "/authorize?")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(start["Location"])
    except urllib.error.HTTPError as answer:
        back = answer.headers["Location"]
    callback = urlsplit(back)
    done = client.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 302
    return str(done["Location"])


@pytest.fixture
def provider(settings, world) -> Iterator[FakeProvider]:  # type: ignore[no-untyped-def]
    with fake_provider(settings.OIDC_RP_CLIENT_ID) as fake:
        for name, value in fake.endpoints().items():
            setattr(settings, name, value)
        GroupMapping.objects.create(group_id="grp-ostensjo-arbeid", team=world.home_team)
        GroupMapping.objects.create(group_id="grp-sagene", office=world.user("annen").office)
        yield fake


def test_a_specialist_signs_in_with_role_office_and_team_from_the_provider(provider, world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    landing = sign_in(
        client, provider, groups=["grp-jobbspesialist", "grp-ostensjo-arbeid", "grp-something-else"]
    )
    assert landing == "/"
    user = User.objects.get(username="A123456")
    assert (user.role, user.office, list(user.teams.all())) == (
        Role.SPECIALIST,
        world.home_office,
        [world.home_team],
    )
    assert not user.has_usable_password()
    assert client.get("/saker/").status_code == 200


def test_a_change_of_groups_at_the_provider_takes_effect_at_the_next_login(provider, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(Client(), provider, groups=["grp-jobbspesialist", "grp-ostensjo-arbeid"])
    sign_in(Client(), provider, groups=["grp-teamleder", "grp-ostensjo-arbeid"])
    user = User.objects.get(username="A123456")
    assert user.role == Role.TEAM_LEAD
    assert User.objects.filter(username="A123456").count() == 1


def test_someone_in_no_role_group_does_not_get_in(provider) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    landing = sign_in(client, provider, groups=["grp-ostensjo-arbeid"])
    assert landing == "/login/?sso=failed"
    assert not User.objects.filter(username="A123456").exists()
    assert "ga ingen tilgang" in client.get(landing).content.decode()


def test_an_office_role_without_a_mapped_office_does_not_get_in(provider) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(Client(), provider, groups=["grp-jobbspesialist"]) == "/login/?sso=failed"


def test_a_directorate_member_needs_no_office(provider) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, provider, groups=["grp-direktorat"])
    assert User.objects.get(username="A123456").role == Role.DIRECTORATE
    assert client.get("/oversikt/nasjonalt/").status_code == 200


def test_the_login_page_offers_both_ways_in(world) -> None:  # type: ignore[no-untyped-def]
    page = Client().get("/login/").content.decode()
    assert "Logg inn med NAV-konto" in page
    assert 'name="password"' in page
