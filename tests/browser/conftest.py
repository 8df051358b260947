"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures: `browser` (one Chromium per run), `new_page(viewport)` (a fresh context per call,
"desktop" or "phone" sized, already on the live server), and `screenshot(page, name)`,
which saves under var/screenshots/<run>/ and prints that directory at the end of the run.
Without /usr/bin/chromium the tests skip loudly, except under CI=true, where they fail.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.browser.support import VIEWPORTS

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MARQUEE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but the live server: a page that calls out to another host fails visibly.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SCREENSHOT_ROOT = Path(__file__).resolve().parents[2] / "var" / "screenshots"
_screenshot_dirs: list[Path] = []


def pytest_configure(config) -> None:
    # .ci/run runs them in one of its two rounds only: they bring their own database.
    ran_elsewhere = os.environ.get("MARQUEE_BROWSER_TESTS_RAN") == "1"
    if os.environ.get("CI") == "true" and "not browser" in (config.option.markexpr or ""):
        if not ran_elsewhere:
            raise pytest.UsageError('CI=true runs the browser tests: drop -m "not browser".')


def _unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: browser tests must run)", pytrace=False)
    print(f"\n*** BROWSER TESTS SKIPPED: {message} ***")  # meant to be seen in the output
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: `pip install -e '.[dev]'`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """new_page("phone") opens a fresh browser context (no cookies) sized as asked."""
    contexts = []

    def open_page(viewport: str = "desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def demo_server(browser, tmp_path_factory):
    """gunicorn over the demo content, loaded once per run into its own SQLite file.

    A separate process, so pytest-django never empties its database between tests; the reader
    flows share it (see tests/browser/support.py for what it holds).
    """
    from tests.browser.support import start_demo_server

    server = start_demo_server(tmp_path_factory.mktemp("demo-server"))
    yield server
    server.stop()


@pytest.fixture
def demo_page(browser, demo_server):
    """demo_page("phone") opens a fresh context (no cookies) on the demo server, sized as asked."""
    contexts = []

    def open_page(viewport: str = "desktop", **options):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], base_url=demo_server.base_url, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    run = datetime.now().strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
    path = SCREENSHOT_ROOT / run
    path.mkdir(parents=True, exist_ok=True)
    _screenshot_dirs.append(path)
    return path


@pytest.fixture
def screenshot(screenshot_dir, request):
    """screenshot(page, "what-it-shows"): a full-page PNG, numbered in the test's order."""
    counter = itertools.count(1)
    test_name = re.sub(r"[^\w-]+", "-", request.node.name)

    def take(page, name: str) -> Path:
        path = screenshot_dir / f"{test_name}-{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pytest_terminal_summary(terminalreporter) -> None:
    from tests.browser.support import AXE_RESULTS, NU_RESULTS

    if NU_RESULTS:
        terminalreporter.write_line(
            f"Nu Html Checker, {len(NU_RESULTS)} documents checked, errors/warnings: "
            + ", ".join(
                f"{page} {errors}/{warnings}" for page, (errors, warnings) in NU_RESULTS.items()
            )
        )
    if AXE_RESULTS:
        terminalreporter.write_line(
            "axe-core (WCAG 2.1 A/AA), rules passed with no violation: "
            + ", ".join(f"{page} {count}" for page, count in AXE_RESULTS.items())
        )
    for path in _screenshot_dirs:
        terminalreporter.write_line(f"Browser test screenshots: {path}")
