"""Playwright for Python driving Debian's Chromium, headless, against the live test server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Without these, Chromium keeps trying to reach Google's services, which this network refuses.
QUIET_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
    # the test itself (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=QUIET_FLAGS
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Every browser test is also a Content-Security-Policy test: a script, style or handler
    # the policy blocks is reported on the console, and fails the test.
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not refused, f"blocked by the Content-Security-Policy: {refused}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


DESKTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}  # an iPad Air in portrait


def screenshot_both(page, name: str) -> None:
    """`name`_desktop and `name`_tablet, leaving the page at desktop width."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}_desktop")
    page.set_viewport_size(TABLET)
    screenshot(page, f"{name}_tablet")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def icd10_codes(transactional_db):
    """The ICD-10-CM set, which its migration loads but a transactional test's flush empties:
    loaded again when an earlier browser test left the table empty."""
    from taut.icd10.load import load
    from taut.icd10.models import Icd10Code

    if not Icd10Code.objects.exists():
        load(Icd10Code)
