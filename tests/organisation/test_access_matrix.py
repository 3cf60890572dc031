"""Walks every URL pattern with every persona and checks it against tests/access_matrix.py."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from apps.health.services import heartbeat_record
from tests.access_matrix import LOGIN, MATRIX, Expectation, Redirect, Route
from tests.conftest import PERSONAS, World

UNDECLARED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# PUT, PATCH, DELETE and OPTIONS are refused for pages before anyone is looked at
# (PageMethodsMiddleware), so three personas stand for all of them there.
BEFORE_AUTH = {"PUT", "PATCH", "DELETE", "OPTIONS"}
BODY_METHODS = ("POST", "PUT", "PATCH")
# 401: the REST API's answer to a request without a session or a token (pages redirect instead).
REFUSALS = {401, 403, 404, 405}


def url_patterns() -> Iterator[tuple[str, str | None, str]]:
    """(key, name, route) for every pattern; the key is the name, or the route if unnamed."""

    def walk(
        patterns: list[Any], prefix: str, namespace: str | None
    ) -> Iterator[tuple[str, str | None, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(x for x in (namespace, pattern.namespace) if x) or None
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                route = prefix + str(pattern.pattern)
                yield (name or route), name, route

    yield from walk(get_resolver().url_patterns, "", None)


def build_url(name: str | None, route: str, kwargs: dict[str, Any]) -> str:
    if name:
        return reverse(name, kwargs=kwargs)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def outcome(response: Any) -> Expectation:
    """Describes a response in the matrix's own terms."""
    if response.status_code in (301, 302, 303):
        location = urlsplit(response["Location"])
        if location.netloc and location.netloc != "testserver":
            return Redirect(f"external:{location.netloc}")
        if location.path == reverse("login") and "next=" in location.query:
            return LOGIN
        match = resolve(location.path)
        return Redirect(match.view_name)
    return int(response.status_code)


def request(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    if url.startswith("/api/") and method in BODY_METHODS:
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    if method == "POST":
        return client.post(url, data)
    if method == "GET":
        return client.get(url)
    return client.generic(method, url)


@pytest.fixture
def matrix_world(world: World) -> World:
    heartbeat_record()
    return world


def test_every_url_pattern_has_an_entry_and_every_entry_a_pattern() -> None:
    keys = {key for key, _, _ in url_patterns()}
    assert sorted(keys - set(MATRIX)) == [], "URL patterns with no access-matrix entry"
    bases = {key.split("#", 1)[0] for key in MATRIX}
    assert sorted(bases - keys) == [], "Matrix entries for patterns that do not exist"


def test_every_entry_lets_some_persona_succeed() -> None:
    for key, route in MATRIX.items():
        for method, by_persona in route.methods().items():
            successes = [
                p
                for p, e in by_persona.items()
                if (isinstance(e, int) and 200 <= e < 300) or isinstance(e, Redirect)
            ]
            assert successes, f"{method} {key}: no persona reaches it"


PATTERNS = sorted(
    (matrix_key, name, route)
    for key, name, route in url_patterns()
    for matrix_key in MATRIX
    if matrix_key.split("#", 1)[0] == key
)


@pytest.mark.parametrize(("key", "name", "route"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_access_matrix(matrix_world: World, key: str, name: str | None, route: str) -> None:
    spec: Route = MATRIX[key]
    url = build_url(name, route, spec.kwargs(matrix_world))
    failures = []
    for method in UNDECLARED_METHODS:
        declared = spec.methods().get(method)
        for persona in PERSONAS:
            if (
                method in BEFORE_AUTH
                and declared is None
                and persona not in ("anonym", "spesialist", "admin")
            ):
                continue
            with transaction.atomic():
                client = Client()
                if persona != "anonym":
                    client.force_login(matrix_world.user(persona))
                data = (
                    spec.data(matrix_world, client) if declared and method in BODY_METHODS else {}
                )
                response = request(client, method, url, data)
                got = outcome(response)
                if declared is not None:
                    if got != declared[persona]:
                        failures.append(
                            f"{method} {url} as {persona}: expected {declared[persona]}, got {got}"
                        )
                    if method == "GET":
                        head = outcome(client.head(url))
                        if head != got:
                            failures.append(f"HEAD {url} as {persona}: {head}, but GET gives {got}")
                elif not (got == LOGIN or got in REFUSALS):
                    failures.append(
                        f"{method} {url} as {persona}: answered {got}, but the matrix does not "
                        f"declare {method} for this pattern"
                    )
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
