"""Playwright with the system Chromium, against live_server, with axe-core on every page.

Every page a browser test loads (and every htmx swap) is checked by a pinned axe-core injected
before the page's own scripts; a serious or critical WCAG violation anywhere fails the test at
teardown. A failing test leaves a screenshot in test-results/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"

AXE_RUNNER = """
(() => {
  let chain = Promise.resolve();
  const run = () => {
    chain = chain.then(() => axe.run(document, {resultTypes: ["violations"]})).then((result) => {
      const bad = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
      return window.__axeReport(location.pathname, bad);
    }).catch((error) => window.__axeReport(location.pathname, [{id: "axe-error", impact: "critical",
                                                                 help: String(error), nodes: []}]));
  };
  window.addEventListener("load", run);
  document.addEventListener("htmx:afterSettle", run);
})();
"""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
    # thread with an event loop unless told that this is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AxeLog:
    def __init__(self) -> None:
        self.pages: list[str] = []
        self.violations: list[tuple[str, dict[str, Any]]] = []

    def report(self, path: str, violations: list[dict[str, Any]]) -> None:
        self.pages.append(path)
        self.violations.extend((path, v) for v in violations)


@pytest.fixture
def axe_log() -> AxeLog:
    return AxeLog()


def _new_page(browser: Browser, live_server: Any, axe_log: AxeLog, **context_options: Any) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", **context_options)
    context.add_init_script(path=str(AXE))
    context.add_init_script(script=AXE_RUNNER)
    context.expose_function("__axeReport", axe_log.report)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(
    browser: Browser, live_server: Any, axe_log: AxeLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    page = _new_page(browser, live_server, axe_log, viewport={"width": 1280, "height": 900})
    yield from _finish(page, axe_log, request)


@pytest.fixture
def phone(
    browser: Browser, live_server: Any, axe_log: AxeLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A 360-pixel-wide phone with touch."""
    page = _new_page(
        browser,
        live_server,
        axe_log,
        viewport={"width": 360, "height": 740},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    yield from _finish(page, axe_log, request)


def _finish(page: Page, axe_log: AxeLog, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    page.wait_for_timeout(200)  # let the last axe run report
    page.context.close()
    if failed is not None and failed.passed:
        assert axe_log.pages, "axe-core ran on no page"
        problems = [
            f"{path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
            for path, v in axe_log.violations
        ]
        assert not problems, "Accessibility violations:\n" + "\n".join(problems)


def login(page: Page, username: str, password: str = "demo") -> None:
    page.goto("/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
