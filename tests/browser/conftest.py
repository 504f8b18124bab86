"""Browser tests: Python playwright driving Debian's /usr/bin/chromium against pytest-django's
live_server (never `playwright install`).

Fixtures:
* `browser`: a headless Chromium (one per pytest worker, shared between tests).
* `new_context(**kwargs)`: a fresh browser context on live_server.url, closed after the test
  (e.g. `new_context(java_script_enabled=False)`).
* `page`: a page in a fresh context; actions and `expect` wait up to 10 s.
* `sign_in(page, user, password=PASSWORD)`: signs in through the allauth login form.

Every page opened through these fixtures is watched: an uncaught JavaScript error, or anything the
Content-Security-Policy blocks, fails the test. On failure a screenshot of each open page is saved
and its path shown. Every test in this directory is marked `browser`.
"""

import asyncio
import re
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.fixtures.services import SERVICES_REQUIRED

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
DEFAULT_TIMEOUT_MS = 10_000
expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # `expect(...)` waits as long as actions do
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item._cop_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def _playwright_browser():
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium, or run `make test`)"
        if SERVICES_REQUIRED:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        loop = asyncio.get_running_loop()
        asyncio._set_running_loop(None)  # see `browser`
        yield chromium, loop
        asyncio._set_running_loop(loop)
        chromium.close()


@pytest.fixture
def browser(_playwright_browser, monkeypatch):
    """Headless Chromium, shared by the tests of one pytest worker.

    playwright's sync API keeps its asyncio loop marked as running in this thread between calls,
    and Django refuses ORM calls "from an async context". So during a browser test
    DJANGO_ALLOW_ASYNC_UNSAFE is set (the test's ORM calls are plain synchronous code), and
    between browser tests the loop is unmarked, so the other tests in this process (and the
    subprocesses they start) see neither.
    """
    chromium, loop = _playwright_browser
    asyncio._set_running_loop(loop)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield chromium
    # While the loop is marked as running, Django keeps this thread's database connections apart
    # (per asyncio context), so the test's own ORM calls used connections of their own: close
    # them, or they would hold the test database open when pytest-django drops it.
    asyncio._set_running_loop(loop)
    for connection in connections.all(initialized_only=True):
        connection.close()
    asyncio._set_running_loop(None)


@pytest.fixture
def new_context(request, browser, live_server, tmp_path):
    contexts = []
    problems = []

    def watch(page):
        page.on(
            "pageerror", lambda error: problems.append(f"{page.url}: JavaScript error: {error}")
        )
        page.on(
            "console",
            lambda message: (
                problems.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )

    def make(**kwargs):
        context = browser.new_context(base_url=live_server.url, **kwargs)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make

    if getattr(request.node, "_cop_call_failed", False):
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                path = tmp_path / f"failure-{c}-{p}.png"
                try:
                    page.screenshot(path=path, full_page=True)
                    print(f"screenshot of {page.url}: {path}")
                except Exception as error:  # a broken page must not hide the real failure
                    print(f"no screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def sign_in():
    def _sign_in(page, user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label(re.compile(r"^Email")).fill(user.email)
        page.get_by_label(re.compile(r"^Password")).fill(password)
        page.locator("main form").get_by_role("button", name=re.compile("sign in", re.I)).click()
        page.wait_for_load_state()
        return page

    return _sign_in
