"""Browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server."""

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright
from wagtail.models import Site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
TIMEOUT_MS = 15_000
OUTSIDE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
# Every frame of every page reports what the Content-Security-Policy blocked; Chromium's own
# console line covers tabs with JavaScript off, where no listener runs.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
        + ` in ${event.documentURI}`);
});
"""
CSP_MESSAGE = re.compile(r"CSP violation|Content Security Policy|Permissions.Policy")

# pytest-django's session-wide live server binds "localhost" unless told otherwise; tests serve
# on loopback only. It reads this variable when it starts (an explicit --liveserver still wins).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture knows, in its teardown,
    # whether the test failed and a screenshot is worth taking.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for all the browser tests; never a browser Playwright downloads."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    # Read before Playwright starts: see below.
    serialized = {
        conn.alias: conn._test_serialized_contents
        for conn in connections.all()
        if hasattr(conn, "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API leaves its asyncio loop marked as running in the test thread
        # between calls, so Django takes the test code for async code: it refuses ORM calls
        # (SynchronousOnlyOperation) and hands out a second set of connections. The tests are
        # plain synchronous code that only shares the thread with the loop, so allow it, for
        # as long as the browser is up and no longer.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # That second set lacks the copy of the migrated data that pytest-django's
            # serialized rollback restores after each test's flush: give it the same copy.
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            expect.set_options(timeout=TIMEOUT_MS)
            try:
                yield browser
            finally:
                browser.close()


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback, transactional_db):
    """The default Site answering at the live server's address.

    The live server runs in another thread with its own connection, so tests use real
    transactions; the serialized rollback puts the migrations' rows (home page, site,
    collections, groups) back after each test's flush.
    """
    host, port = live_server.thread.host, live_server.thread.port
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = host, port
    site.save()
    return site


@contextmanager
def refusing_csp_violations(context):
    """Fail the test if any page of the context breaks its CSP (cms/security.py)."""
    violations = []
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")
            if CSP_MESSAGE.search(message.text)
            else None
        ),
    )
    yield violations
    assert violations == [], "\n".join(violations)


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="es-MX", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    # Only the live server is reachable: the admin's Gravatar and any other outside address
    # fail at once instead of leaving the machine or waiting on a network that is not there.
    context.route(OUTSIDE, lambda route: route.abort())
    try:
        with refusing_csp_violations(context):
            yield context
    finally:
        context.close()


@pytest.fixture
def page(context, request):
    """A browser tab; when the test fails, its last state is saved as a full-page screenshot."""
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def log_in(page):
    """Sign in to the Spanish admin as a user, starting from a fresh session each time."""

    def log_in(username, password):
        page.context.clear_cookies()
        page.goto("/admin/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page).not_to_have_url(re.compile(r"/admin/login/"))

    return log_in
