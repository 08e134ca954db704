"""Real-browser fixtures: Playwright driving Debian's chromium, and axe-core.

Browser tests are marked `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)`,
and use pytest-django's `live_server` (which serves static files through the staticfiles handler):

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_login_page(page, live_server, axe):
        page.goto(f"{live_server.url}/compte/connexion/")
        axe(page)

Chromium comes from Debian (`/usr/bin/chromium`, or `PREAU_CHROMIUM`); Playwright never downloads
a browser here. A missing chromium fails the test run, unless `PREAU_BROWSER_OPTIONAL=1`, in which
case browser tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_PATH = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
DEFAULT_TIMEOUT_MS = 10_000
PHONE_VIEWPORT = {"width": 360, "height": 740}


def chromium_path() -> str:
    return os.environ.get("PREAU_CHROMIUM", "/usr/bin/chromium")


def _require_chromium() -> str:
    path = chromium_path()
    if os.access(path, os.X_OK):
        return path
    reason = f"chromium introuvable à {path} : installez le paquet Debian « chromium »"
    if os.environ.get("PREAU_BROWSER_OPTIONAL") == "1":
        pytest.skip(f"{reason} (tests navigateur facultatifs : PREAU_BROWSER_OPTIONAL=1)")
    pytest.fail(
        f"{reason}, ou lancez avec PREAU_BROWSER_OPTIONAL=1 pour les ignorer", pytrace=False
    )


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite() -> None:
    """On SQLite, the live server answers one request at a time.

    Its threads all share the test's in-memory connection (Django passes it to them); two
    requests at once (a page and its thumbnails) could wedge on it and hang the run. A serial
    server answers `Connection: close`, so the browser's parallel requests simply queue.
    PostgreSQL keeps the threaded server: each thread has its own connection there."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

    LiveServerThread.server_class = SerialWSGIServer  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium per test session (per xdist worker)."""
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
    # themselves are still synchronous, so Django's async-safety guard must let them through.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _new_page(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page in a fresh context (no cookies shared between tests).

    The context bypasses the Content-Security-Policy so that axe can be injected; use
    `strict_page` to check that a page runs under the real policy.
    """
    with _new_page(browser, bypass_csp=True, viewport={"width": 1280, "height": 900}) as new:
        yield new


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A 360 × 740 touch phone page (the narrowest screen Préau supports)."""
    with _new_page(
        browser,
        bypass_csp=True,
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    ) as new:
        yield new


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Any]:
    """A page under the real CSP; `strict_page.csp_violations` lists what the browser refused."""
    with _new_page(browser, viewport={"width": 1280, "height": 900}) as new:
        violations: list[str] = []

        def record(message: Any) -> None:
            if "Content Security Policy" in message.text:
                violations.append(message.text)

        new.on("console", record)
        new.csp_violations = violations
        yield new


def format_violations(violations: list[dict[str, Any]]) -> str:
    """axe results as a readable French report: rule, impact, help link, offending nodes."""
    lines = [f"axe : {len(violations)} règle(s) non respectée(s)"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or '?'}) : {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation.get("nodes", [])[:10]:
            target = " ".join(json.dumps(t) for t in node.get("target", []))
            lines.append(f"    cible {target}")
            lines.append(f"      {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Injects axe-core if needed and returns its WCAG 2.1 A/AA violations for the page.

    A click that navigates returns once the new document is committed, before it is parsed:
    axe waits for that document's DOM rather than injecting into an empty one.
    """
    page.wait_for_load_state("domcontentloaded")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return list(result["violations"])


@pytest.fixture
def axe() -> Callable[[Any], None]:
    """`axe(page)` fails the test with a readable report if axe finds any WCAG A/AA violation."""
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core introuvable ({AXE_PATH}) : lancez « npm ci »", pytrace=False)

    def check(page: Any) -> None:
        violations = run_axe(page)
        if violations:
            pytest.fail(f"{page.url}\n{format_violations(violations)}", pytrace=False)

    return check


def login_through_form(page: Any, base_url: str, login: str, password: str) -> None:
    """Logs in through the real login form and waits until the browser has left it."""
    from django.urls import reverse

    login_url = f"{base_url}{reverse('accounts:login')}"
    page.goto(login_url)
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.startswith(login_url))
