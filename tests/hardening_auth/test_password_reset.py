"""Password reset by e-mail: the link (on SITE_URL) in a Vietnamese e-mail, Django's password validators
with their Vietnamese messages, and the new password logs in."""

import re

import pytest
from django.core import mail

from access.roles import EDITOR_GROUP
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

RESET = "/van-phong/quen-mat-khau/"


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://congtac.example.gov.vn"


@pytest.fixture
def editor_account(db):
    return make_user("chuyenvien", EDITOR_GROUP)  # e-mail chuyenvien@example.org


def test_the_login_page_links_to_the_password_reset(client, db):
    assert f'href="{RESET}"' in client.get("/van-phong/dang-nhap/").text


def test_the_whole_reset_flow(client, editor_account):
    page = client.get(RESET)
    assert "Lấy lại mật khẩu" in page.text
    response = client.post(RESET, {"email": "chuyenvien@example.org"})
    assert response.status_code == 302 and response["Location"] == RESET + "da-gui/"
    assert "Hãy kiểm tra hộp thư" in client.get(response["Location"]).text

    (message,) = mail.outbox
    assert message.to == ["chuyenvien@example.org"]
    assert message.subject == "Đặt lại mật khẩu tài khoản Văn phòng"
    assert "Chào chuyenvien," in message.body
    link = re.search(r"https://congtac\.example\.gov\.vn(/van-phong/quen-mat-khau/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert "Đặt mật khẩu mới" in form_page.text
    set_password_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_password_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "Mật khẩu này quá phổ biến." in weak.text
    assert "Mật khẩu này hoàn toàn là số." in weak.text

    done = client.post(set_password_url, {"new_password1": "Lich-cong-tac-2025", "new_password2": "Lich-cong-tac-2025"})
    assert done.status_code == 302 and done["Location"] == RESET + "xong/"
    assert "Đã đặt mật khẩu mới" in client.get(done["Location"]).text

    login = client.post("/van-phong/dang-nhap/", {"username": "chuyenvien", "password": "Lich-cong-tac-2025"})
    assert login.status_code == 302
    client.logout()
    assert "không còn dùng được" in client.get(link, follow=True).text  # a link serves once


def test_an_unknown_address_sends_nothing_and_says_the_same(client, editor_account):
    response = client.post(RESET, {"email": "khongco@example.org"})
    assert response.status_code == 302 and response["Location"] == RESET + "da-gui/"
    assert mail.outbox == []
