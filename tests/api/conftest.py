"""Clients for the API tests: by session (people) and by token (integrations)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from apps.api.services import token_create
from tests.conftest import World

V1 = "/api/v1/"


@pytest.fixture
def api(world: World) -> Callable[[str], APIClient]:
    """api("spesialist"): a client signed in with a session as that persona (JSON by default)."""

    def make(persona: str) -> APIClient:
        client = APIClient()
        if persona != "anonym":
            client.force_login(world.user(persona))
        return client

    return make


@pytest.fixture
def bearer(world: World) -> Callable[[str], APIClient]:
    """bearer("spesialist"): a client with a fresh token for that persona and no session."""

    def make(persona: str) -> APIClient:
        _token, secret = token_create(user=world.user(persona), name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return list(response.json()["results"])
