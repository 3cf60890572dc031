"""Who may call the API, and how: sessions for people, hashed expiring tokens for integrations."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from apps.api.models import ApiToken
from apps.api.services import token_create
from tests.api.conftest import V1
from tests.conftest import World

pytestmark = pytest.mark.django_db

TOKEN = f"{V1}auth/token/"


def _get_token(username: str = "spesialist", password: str = "demo", **extra: object):  # type: ignore[no-untyped-def]
    return APIClient().post(TOKEN, {"username": username, "password": password, **extra})


def test_a_local_account_gets_a_token_shown_once_and_stored_as_a_hash(world: World) -> None:
    response = _get_token(name="Rapportuttrekk", days=7)
    assert response.status_code == 201
    body = response.json()
    secret = body["token"]
    assert "no-store" in response["Cache-Control"]
    assert secret.startswith("jbs_")
    assert len(secret) > 40
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == world.user("spesialist")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.name == "Rapportuttrekk"
    assert abs(
        token.expires_at - (timezone.now() + datetime.timedelta(days=7))
    ) < datetime.timedelta(minutes=1)
    # The secret itself is nowhere in the database.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM api_apitoken WHERE key_hash = %s OR prefix = %s",
            [
                secret,
                secret,
            ],
        )
        assert cursor.fetchone()[0] == 0
    # ...and is never shown again.
    listed = APIClient()
    listed.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    tokens = listed.get(f"{V1}auth/tokens/").json()["results"]
    assert [t["id"] for t in tokens] == [token.pk]
    assert "token" not in tokens[0]
    assert secret not in str(tokens)


def test_a_token_reads_as_its_owner(world: World, bearer) -> None:  # type: ignore[no-untyped-def]
    response = bearer("spesialist").get(f"{V1}cases/{world.case.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert bearer("annen").get(f"{V1}cases/{world.case.pk}/").status_code == 404
    assert bearer("direktorat").get(f"{V1}cases/{world.case.pk}/").status_code == 403


def test_without_credentials_the_answer_is_401_with_the_bearer_challenge(world: World) -> None:
    response = APIClient().get(f"{V1}cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer jbs_feil", "Bearer", "Bearer a b", "Bearer " + "x" * 200, "Bearer æøå"],
)
def test_an_unknown_or_malformed_token_is_401(world: World, header: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(f"{V1}cases/").status_code == 401


def test_an_expired_token_is_refused(world: World) -> None:
    token, secret = token_create(user=world.user("spesialist"), days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"{V1}cases/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert client.get(f"{V1}cases/").status_code == 401


def test_a_revoked_token_is_refused_and_kept_in_the_list(world: World) -> None:
    token, secret = token_create(user=world.user("spesialist"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.delete(f"{V1}auth/tokens/{token.pk}/").status_code == 204
    assert client.get(f"{V1}cases/").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    session = APIClient()
    session.force_login(world.user("spesialist"))
    listed = session.get(f"{V1}auth/tokens/").json()["results"]
    assert listed[0]["id"] == token.pk
    assert listed[0]["revoked_at"] is not None


def test_nobody_revokes_another_persons_token(world: World, api) -> None:  # type: ignore[no-untyped-def]
    token, _secret = token_create(user=world.user("spesialist"))
    assert api("teamleder").delete(f"{V1}auth/tokens/{token.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_deactivated_users_token_stops_working(world: World) -> None:
    _token, secret = token_create(user=world.user("kollega"))
    world.user("kollega").is_active = False
    world.user("kollega").save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"{V1}cases/").status_code == 401


def test_an_account_that_signs_in_through_the_identity_provider_gets_no_token(
    world: World,
) -> None:
    user = world.user("kollega")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    response = _get_token("kollega", "demo")
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_wrong_password_gets_no_token_and_ten_pause_the_account(world: World) -> None:
    for _ in range(9):
        assert _get_token("kollega", "feil").status_code == 400
    tenth = _get_token("kollega", "feil")
    assert tenth.status_code == 429
    assert tenth["Content-Type"] == "application/json"
    locked = _get_token("kollega", "demo")
    assert locked.status_code == 429, "the right password does not help during the pause"
    assert "detail" in locked.json()
    assert _get_token("spesialist", "demo").status_code == 201, "another account is not paused"
    assert not ApiToken.objects.filter(user=world.user("kollega")).exists()


def test_a_token_lives_at_most_ninety_days(world: World) -> None:
    assert _get_token(days=91).status_code == 400
    assert _get_token(days=0).status_code == 400


def test_the_session_needs_the_csrf_token_for_writes(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.user("spesialist"))
    response = client.post(
        f"{V1}cases/{world.case.pk}/stage/", {"stage": 2, "on": str(timezone.localdate())}
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_an_operator_issues_and_revokes_tokens_for_a_service_account(world: World) -> None:
    out = StringIO()
    call_command(
        "api_token", "direktorat", "--name", "Statistikkbanken", "--days", "30", stdout=out
    )
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("jbs_")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"{V1}reports/maaltall/").status_code == 200
    call_command("api_token", "direktorat", "--revoke-all", stdout=StringIO())
    assert client.get(f"{V1}reports/maaltall/").status_code == 401


def test_options_describes_nothing_beyond_the_schema(world: World, api) -> None:  # type: ignore[no-untyped-def]
    assert api("spesialist").options(f"{V1}cases/").status_code == 405
