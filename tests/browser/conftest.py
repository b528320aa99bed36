"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's guard against
database calls from async code is lifted for the browser tests (this folder's conftest).
"""

import datetime
import os
import shutil
from pathlib import Path

import axe_playwright_python
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


@pytest.fixture
def issued(sample_plan, monkeypatch):
    """The reference programme issued, seen on 2 January 2024 (so its session is upcoming)."""
    from issuing.services import publish_plan

    real_localdate = datetime.date

    def localdate(value=None, timezone=None):
        from django.utils.timezone import localtime

        return real_localdate(2024, 1, 2) if value is None else localtime(value, timezone).date()

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return publish_plan(sample_plan)


# axe-core as the axe-playwright-python package ships it: a file on disk, no CDN, no network.
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_violations(page):
    """axe-core's violations on the page as loaded: [(rule, impact, [selectors])], empty when none."""
    # Evaluated through the DevTools protocol, not as a <script> tag: the site's Content-Security-Policy
    # (no inline script) would rightly block an injected tag.
    page.evaluate(AXE_SCRIPT.read_text() + "\n;undefined")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
