"""A request with a method the address does not take (405) gets a Vietnamese page in the site's layout, not
Django's empty body, and keeps its Allow header."""

import pytest

from tests.public.conftest import page_text

pytestmark = pytest.mark.django_db


def assert_405_page(response, allowed, *, office=False):
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response["Content-Type"] == "text/html; charset=utf-8"
    text = page_text(response)
    assert "Lỗi 405" in text and "Thao tác không được hỗ trợ" in text
    assert "Tìm kiếm" in text and "Xác thực văn bản đã ký số" in text  # the layout: navigation and footer
    if office:  # an office's page: its menu and its feed
        assert "Chương trình tháng" in text and "Theo dõi qua RSS" in text
    assert '<html lang="vi"' in response.text


def test_a_post_to_a_read_only_public_page_gets_the_vietnamese_405_page(client):
    assert_405_page(client.post("/bac-giang/ke-hoach/2024/01/ban/1/"), "GET, HEAD", office=True)


def test_an_old_logout_link_followed_with_get_gets_the_vietnamese_405_page(client, editor, admin_client):
    client.force_login(editor)
    assert_405_page(client.get("/van-phong/dang-xuat/"), "POST, OPTIONS")
    assert_405_page(admin_client.get("/admin/logout/"), "POST, OPTIONS")


def test_opening_a_form_target_in_the_workspace_gets_the_vietnamese_405_page(client, editor, sample_plan):
    client.force_login(editor)
    response = client.get("/van-phong/bac-giang/ke-hoach/2024/01/gui-duyet/")
    assert_405_page(response, "POST")
    assert "Địa chỉ này chỉ nhận: POST." in page_text(response)


def test_the_405_page_follows_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/bac-giang/ke-hoach/2024/01/ban/1/")
    assert response.status_code == 405
    assert '<html lang="en"' in response.text and "Follow by RSS" in page_text(response)
