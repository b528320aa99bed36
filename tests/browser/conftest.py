"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's guard against
database calls from async code is lifted for the browser tests (this folder's conftest).
"""

import os
import shutil

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions seen by the page; a test asserts it stays empty."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: _record_failed_response(errors, response))
    return errors


def _record_failed_response(errors, response):
    if response.status >= 400:
        errors.append(f"{response.status} {response.url}")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
