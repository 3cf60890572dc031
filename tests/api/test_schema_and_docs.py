"""The OpenAPI schema and the documentation page, under the Content Security Policy."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.conftest import V1

pytestmark = pytest.mark.django_db

SCHEMA_JSON = "application/vnd.oai.openapi+json"


def _schema(api):  # type: ignore[no-untyped-def]
    response = api("spesialist").get("/api/schema/", HTTP_ACCEPT=SCHEMA_JSON)
    assert response.status_code == 200
    return response.json()


def test_the_schema_describes_every_operation_with_its_refusals(world, api) -> None:  # type: ignore[no-untyped-def]
    schema = _schema(api)
    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 50
    for path, method, operation in operations:
        assert path.startswith("/api/v1/")
        codes = set(operation["responses"])
        assert {"400", "401", "403", "404"} <= codes, (method, path)
        if method in ("post", "patch", "delete"):
            assert "409" in codes, (method, path)
    assert set(schema["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}


def test_the_schema_marks_the_number_formats_and_never_puts_a_number_in_a_url(world, api) -> None:  # type: ignore[no-untyped-def]
    schema = _schema(api)
    register = schema["components"]["schemas"]["ParticipantRegisterRequest"]["properties"]["fnr"]
    assert register["format"] == "fnr"
    assert register["writeOnly"]
    employer = schema["components"]["schemas"]["EmployerCreateRequest"]["properties"]["orgnr"]
    assert employer["format"] == "orgnr"
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                assert "fnr" not in parameter["name"], path


def test_the_schema_and_docs_are_for_signed_in_users(world, api) -> None:  # type: ignore[no-untyped-def]
    assert api("anonym").get("/api/schema/").status_code == 401
    assert api("anonym").get("/api/docs/").status_code == 401
    assert api("direktorat").get("/api/schema/").status_code == 200


def test_the_docs_page_runs_under_the_content_security_policy(world, api, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("spesialist"))
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "style-src 'self'" in policy
    body = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", body, flags=re.S)
    assert len(scripts) == 3
    assert all("src=" in attrs and not content.strip() for attrs, content in scripts)
    assert "<style" not in body
    assert "style=" not in body
    assert not re.search(r"https?://", body), "everything comes from our own origin"
    # Every file the page loads is served from here.
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        loaded = client.get(url)
        assert loaded.status_code == 200, url
        if "script=" in url:
            assert loaded["Content-Type"].startswith("application/javascript")
            assert "/api/schema/" in loaded.content.decode()
            assert "no-store" in loaded["Cache-Control"]


def test_the_api_has_no_format_suffixes_and_no_browsable_pages(world, api) -> None:  # type: ignore[no-untyped-def]
    def routes(patterns, prefix=""):  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    api_routes = [r for r in routes(get_resolver().url_patterns) if r.startswith("api/")]
    assert api_routes
    assert not [r for r in api_routes if "format" in r]
    page = api("spesialist").get(f"{V1}cases/", HTTP_ACCEPT="text/html")
    assert page.status_code == 406


def test_the_schema_is_valid_openapi_and_generates_without_a_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    # --fail-on-warn: an unresolved type or an enum name collision is a failure here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")
