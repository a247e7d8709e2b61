"""Fixtures for the real-browser tests: one Chromium per session, one fresh context per test.

Playwright cannot download its own browser here, so the system Chromium is launched. When it cannot
be started the browser tests are skipped with the reason, except in CI (``CI=true``), where a missing
browser must not pass silently and the tests fail instead.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; without this Django's async-safety
# check would refuse every ORM call made by the tests (seeding the pages, for one).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("HUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 15_000

# Chromium reports a refused resource with a `securitypolicyviolation` event; this init script runs in
# every document before the page's own scripts (it is injected by DevTools, not by the page, so the
# page's CSP does not apply to it) and hands each event to the test through a Playwright binding.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__hubCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    document: event.documentURI,
  });
}, true);
"""


def browser_unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is required for the browser tests in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped, Chromium is not available: {reason}")


@pytest.fixture(scope="session")
def chromium():
    """A headless system Chromium driven by Playwright, shared by the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        browser_unavailable(f"Playwright for Python is not installed ({exc})")
    if not Path(CHROMIUM).exists():
        browser_unavailable(f"{CHROMIUM} does not exist (set HUB_CHROMIUM to another binary)")

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
    except Exception as exc:  # Playwright raises its own Error, or OSError for a broken binary.
        playwright.stop()
        browser_unavailable(f"{CHROMIUM} could not be started: {exc}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_page(chromium):
    """Open a page in a new browser context: ``new_page(locale="ar", java_script_enabled=False)``.

    The locale sets the browser's Accept-Language, which is what Django uses to choose a language
    for a visitor without a language cookie. Every context is closed at the end of the test.
    """
    contexts = []

    def open_page(*, locale: str = "en", **context_options):
        context = chromium.new_context(locale=locale, **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh English-speaking browser context."""
    return new_page()


@pytest.fixture
def live_site(live_server, transactional_db) -> str:
    """The base URL of a live server whose database holds the public pages.

    The live server's database is flushed after every test, so the pages are seeded for each test.
    """
    from hub.pages.reference import pages_load

    pages_load()
    return live_server.url


class CspRecorder:
    """Collects the Content-Security-Policy violations of the pages it watches."""

    def __init__(self):
        self.violations: list[dict] = []

    def watch(self, page):
        """Record every violation in ``page``, in this and every later document it loads."""
        page.expose_binding(
            "__hubCspViolation", lambda _source, report: self.violations.append(report)
        )
        page.add_init_script(_CSP_LISTENER)
        # Chromium also logs each refusal to the console ("Refused to ... Content Security Policy").
        page.on("console", self._console)
        return page

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append({"console": message.type, "text": message.text})


@pytest.fixture
def csp():
    """A ``CspRecorder``: ``csp.watch(page)``, then ``assert not csp.violations``."""
    return CspRecorder()
