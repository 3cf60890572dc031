"""The documentation page in a real browser (the system Chromium): Swagger UI starts, reads the
schema and shows the operations, and the Content Security Policy refuses nothing on the way."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_swagger_ui_shows_the_api_without_breaking_the_policy(
    world: Any, live_server: Any, browser: Browser
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.add_init_script(script=WATCH_CSP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto("/login/")
    page.get_by_label("Brukernavn").fill("spesialist")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    page.goto("/api/docs/")
    page.get_by_text("Jobbspor API").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/cases/{id}/transition/").wait_for()
    refused = page.evaluate("window.__refused")
    context.close()
    assert refused == [], f"the policy refused: {refused}"
    assert not [m for m in console if "Content Security Policy" in m], console
    assert outside == [], "the page reached outside our own origin"
