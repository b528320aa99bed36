"""Login throttling (django-axes): repeated wrong passwords lock the account from that address, on the
workspace's login page and the admin's, until an administrator unlocks it."""

import pytest
from django.core.management import call_command

from access.roles import APPROVER_GROUP
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WORKSPACE_LOGIN = "/van-phong/dang-nhap/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def approver_account(db):
    return make_user("lanhdao", APPROVER_GROUP, is_staff=True)


def log_in(client, url, password):
    return client.post(url, {"username": "lanhdao", "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", [WORKSPACE_LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(client, approver_account, url):
    statuses = [log_in(client, url, f"sai-{attempt}").status_code for attempt in range(30)]
    assert statuses.count(429) >= 25  # locked after the limit: every later attempt gets the lockout page

    response = log_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert "tạm khóa" in response.text
    assert "quản trị viên" in response.text

    call_command("axes_reset_username", "lanhdao", verbosity=0)
    response = log_in(client, url, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_lockout_page_is_in_the_workspace_layout_and_vietnamese(client, approver_account, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, WORKSPACE_LOGIN, "sai")
    assert response.status_code == 429
    assert '<html lang="vi"' in response.text
    assert "Văn phòng · Chương trình công tác" in response.text
    assert f"Đã nhập sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần liên tiếp" in response.text


def test_a_few_wrong_passwords_then_the_right_one_log_in_and_start_the_count_again(client, approver_account, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, WORKSPACE_LOGIN, "sai").status_code == 200
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, WORKSPACE_LOGIN, "sai").status_code == 200
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD).status_code == 302


def test_the_lock_is_per_account_and_address(client, approver_account, settings):
    make_user("chuyenvien")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, WORKSPACE_LOGIN, "sai")
    other_account = client.post(WORKSPACE_LOGIN, {"username": "chuyenvien", "password": PASSWORD})
    assert other_account.status_code == 302
    client.logout()
    other_address = client.post(WORKSPACE_LOGIN, {"username": "lanhdao", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert other_address.status_code == 302


def test_an_administrator_unlocks_from_the_admin(client, approver_account, settings):
    from axes.models import AccessAttempt

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, WORKSPACE_LOGIN, "sai")
    attempt = AccessAttempt.objects.get(username="lanhdao")
    admin_user = make_user("quantri", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert log_in(client, WORKSPACE_LOGIN, PASSWORD).status_code == 302
