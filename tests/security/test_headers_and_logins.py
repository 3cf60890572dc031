"""Cookies, caching, the Content Security Policy and the pause after failed logins."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_with_personal_data_are_never_stored(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("spesialist").get(f"/saker/{world.case.pk}/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_page_has_a_content_security_policy_without_inline_script(world, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("spesialist").get(f"/saker/{world.case.pk}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    body = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", body, flags=re.S)
    assert scripts
    assert all("src=" in attrs and not content.strip() for attrs, content in scripts)
    assert not re.search(r"\son[a-z]+=", body), "inline event handlers need unsafe-inline"


def test_the_session_cookie_is_http_only_and_same_site(world, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/login/", {"username": "spesialist", "password": "demo"})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_ten_failed_logins_pause_the_account_with_a_clear_message(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(9):
        assert (
            client.post("/login/", {"username": "kollega", "password": "feil"}).status_code == 200
        )
    tenth = client.post("/login/", {"username": "kollega", "password": "feil"})
    assert tenth.status_code == 429, "the tenth failure starts the pause"
    locked = client.post("/login/", {"username": "kollega", "password": "demo"})
    assert locked.status_code == 429
    assert "Vent 15 minutter" in locked.content.decode()
    other = Client().post("/login/", {"username": "spesialist", "password": "demo"})
    assert other.status_code == 302, "another account is not paused"
