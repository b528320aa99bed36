"""Errors and faults: Vietnamese error pages in the site's layout; an unreachable database is a 503."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.db.utils import InterfaceError
from django.test import RequestFactory
from django.views import defaults

from tests.public.conftest import page_text
from ubnd_schedule import faults


@contextmanager
def unreachable_database():
    """The database server refusing connections: every query fails as psycopg's would."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        patch.setattr(connection, "cursor", refuse)
        yield


@pytest.fixture
def database_down(db):
    with unreachable_database():
        yield


def test_public_page_answers_503_in_vietnamese_with_retry_after_while_the_database_is_down(client, published_sample):
    with unreachable_database():
        response = client.get("/")
        archive = client.get("/bac-giang/ke-hoach/")
    for answer in (response, archive):
        assert answer.status_code == 503
        assert answer["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
        assert "no-store" in answer["Cache-Control"]
        text = page_text(answer)
        assert "Hệ thống tạm thời không phục vụ được" in text
        assert "Vui lòng thử lại sau 30 giây" in text
        # The site's layout: navigation and footer (no office's menu: the office is not known without the database).
        assert "Tìm kiếm" in text and "Xác thực văn bản đã ký số" in text
    # Back by itself once the database answers again: same client, same process.
    assert client.get("/").status_code == 200


def test_workspace_page_answers_503_while_the_database_is_down(client, editor):
    client.force_login(editor)
    with unreachable_database():
        response = client.get("/van-phong/")
    assert response.status_code == 503
    assert response["Retry-After"]


@pytest.mark.parametrize("error", [InterfaceError("connection already closed"), OperationalError("server closed")])
def test_a_database_fault_outside_a_view_is_still_a_503(rf, error):
    # handler500 runs inside Django's except block: the fault is in sys.exc_info().
    request = rf.get("/")
    try:
        raise error
    except Exception:
        response = faults.server_error(request)
    assert response.status_code == 503
    assert "thử lại" in response.content.decode()


def test_500_page_is_vietnamese_in_the_layout_and_needs_no_database(rf, database_down):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = faults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã xảy ra lỗi trên máy chủ" in html
    assert 'class="site-footer' in html


def test_404_page_is_vietnamese_in_the_layout(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    text = page_text(response)
    assert "Không tìm thấy trang" in text
    assert "Trang chủ" in text and "Tìm kiếm" in text  # the navigation
    assert "Not Found" not in text


def test_403_and_400_pages_are_vietnamese(db):
    request = RequestFactory().get("/")
    forbidden = defaults.permission_denied(request, PermissionDenied())
    assert forbidden.status_code == 403
    assert "Không có quyền truy cập" in forbidden.content.decode()
    bad = defaults.bad_request(request, Exception())
    assert bad.status_code == 400
    assert "Yêu cầu không hợp lệ" in bad.content.decode()


def test_csrf_failure_page_is_vietnamese(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_a_500_page_that_cannot_be_drawn_falls_back_to_plain_vietnamese_text(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(faults, "render_to_string", broken)
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = faults.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Lỗi máy chủ (500)" in response.content.decode()


def test_a_write_the_model_refuses_on_an_issued_plan_is_a_vietnamese_409_not_a_500(published_sample, settings):
    """A path that reaches the model layer with a plan signed or issued meanwhile: nothing saved, a 409 saying why."""
    from agenda.content import PlanLockedError

    item = published_sample.items.first()
    item.title = "Nội dung chèn vào chương trình đã ban hành"
    with pytest.raises(PlanLockedError) as refused:
        item.save()
    assert "ubnd_schedule.faults.ConflictMiddleware" in settings.MIDDLEWARE
    request = RequestFactory().post("/van-phong/")
    middleware = faults.ConflictMiddleware(lambda request: None)
    response = middleware.process_exception(request, refused.value)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Chương trình đã khóa" in body and "Thay đổi vừa gửi chưa được lưu" in body
    assert str(refused.value) in body
    assert middleware.process_exception(request, ValueError("other")) is None
    published_sample.refresh_from_db()
    assert not published_sample.items.filter(title=item.title).exists()
