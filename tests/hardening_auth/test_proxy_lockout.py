"""Login throttling behind a reverse proxy: the lock falls on the client's address (from X-Forwarded-For), not
on the proxy's, so one guesser does not lock an account for everyone; a completed password reset lifts it."""

import re
import runpy
from pathlib import Path

import pytest
from django.core import mail

from access.roles import APPROVER_GROUP
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "ubnd_schedule" / "settings.py"
WORKSPACE_LOGIN = "/van-phong/dang-nhap/"
ADMIN_LOGIN = "/admin/login/"
RESET = "/van-phong/quen-mat-khau/"

PROXY = "127.0.0.1"  # nginx on the app server: every request reaches gunicorn from here
GUESSER = "113.160.1.7"
COLLEAGUE = "14.161.2.9"
INTRANET = "10.20.0.15"


def configured_with(monkeypatch, settings, **environment):
    """Apply what ubnd_schedule/settings.py makes of ``environment`` for django-axes and django-ipware."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(SETTINGS_FILE))
    for name, value in configured.items():
        if name.startswith(("AXES_", "IPWARE_")):
            setattr(settings, name, value)


@pytest.fixture
def behind_one_proxy(monkeypatch, settings):
    configured_with(monkeypatch, settings, AXES_IPWARE_PROXY_COUNT="1")


@pytest.fixture
def without_proxy(monkeypatch, settings):
    monkeypatch.delenv("AXES_IPWARE_PROXY_COUNT", raising=False)
    configured_with(monkeypatch, settings)


@pytest.fixture
def approver_account(db):
    return make_user("lanhdao", APPROVER_GROUP, is_staff=True)


def log_in(client, url, password, forwarded_for=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    response = client.post(url, {"username": "lanhdao", "password": password}, **headers)
    client.logout()
    return response


def lock_out(client, url, forwarded_for, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, url, f"sai-{attempt}", forwarded_for)


@pytest.mark.parametrize("url", [WORKSPACE_LOGIN, ADMIN_LOGIN])
def test_behind_one_proxy_the_guessing_address_is_locked_and_another_address_still_logs_in(
    client, approver_account, behind_one_proxy, settings, url
):
    lock_out(client, url, GUESSER, settings)
    assert log_in(client, url, PASSWORD, GUESSER).status_code == 429
    assert log_in(client, url, PASSWORD, COLLEAGUE).status_code == 302
    assert log_in(client, url, PASSWORD, INTRANET).status_code == 302
    assert log_in(client, url, PASSWORD, GUESSER).status_code == 429


def test_behind_one_proxy_an_address_the_guesser_writes_into_x_forwarded_for_is_ignored(
    client, approver_account, behind_one_proxy, settings
):
    """nginx appends the address it saw to whatever the client sent: only that last entry is believed."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, WORKSPACE_LOGIN, f"sai-{attempt}", f"1.2.3.{attempt}, {GUESSER}")
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, GUESSER).status_code == 429
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, f"{COLLEAGUE}, {GUESSER}").status_code == 429
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, COLLEAGUE).status_code == 302


def test_without_a_proxy_x_forwarded_for_is_not_believed(client, approver_account, without_proxy, settings):
    """Served directly, a client could otherwise pick a fresh address for each guess."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, WORKSPACE_LOGIN, f"sai-{attempt}", f"1.2.3.{attempt}")
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, COLLEAGUE).status_code == 429


def test_a_completed_password_reset_lifts_the_lock(client, approver_account, behind_one_proxy, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lock_out(client, WORKSPACE_LOGIN, COLLEAGUE, settings)
    lock_out(client, ADMIN_LOGIN, INTRANET, settings)
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, COLLEAGUE).status_code == 429

    client.post(RESET, {"email": "lanhdao@example.org"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    link = re.search(r"https?://[^/\s]+(/van-phong/quen-mat-khau/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "Lich-cong-tac-2025"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302

    assert log_in(client, WORKSPACE_LOGIN, new_password, COLLEAGUE).status_code == 302
    assert log_in(client, ADMIN_LOGIN, new_password, INTRANET).status_code == 302


def test_an_unfinished_password_reset_leaves_the_lock(client, approver_account, behind_one_proxy, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lock_out(client, WORKSPACE_LOGIN, COLLEAGUE, settings)
    client.post(RESET, {"email": "lanhdao@example.org"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert len(mail.outbox) == 1
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD, COLLEAGUE).status_code == 429
