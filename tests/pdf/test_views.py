"""GET /ke-hoach/<yyyy>/<mm>/pdf/ (public:plan_pdf)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from access.roles import CLERK_GROUP, EDITOR_GROUP
from issuing.services import publish_plan
from programme.services import start_amendment
from public import cache as public_cache
from tests.conftest import make_user
from tests.factories import load_and_publish, plan_data
from tests.pdf.conftest import pdftotext

pytestmark = pytest.mark.django_db

URL = "/bac-giang/ke-hoach/2024/01/pdf/"


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP))
    return client


@pytest.fixture
def published_plan(sample_plan):
    return publish_plan(sample_plan)


def test_url_name_is_public_plan_pdf():
    assert reverse("public:plan_pdf", kwargs={"office": "bac-giang", "year": 2024, "month": 1}) == URL


def test_anonymous_user_gets_404_for_a_draft_month(client, sample_plan):
    assert client.get(URL).status_code == 404


def test_logged_in_non_staff_user_gets_404_for_a_draft_month(client, sample_plan):
    client.force_login(get_user_model().objects.create_user("nguoidan", password="x"))
    assert client.get(URL).status_code == 404


def test_staff_status_without_a_role_gets_404_for_a_draft_month(client, sample_plan):
    client.force_login(get_user_model().objects.create_user("nhanvien", password="x", is_staff=True))
    assert client.get(URL).status_code == 404


def test_staff_status_without_a_role_gets_the_published_pdf_like_anyone(client, published_plan):
    client.force_login(get_user_model().objects.create_user("nhanvien", password="x", is_staff=True))
    response = client.get(URL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_clerk_role_gets_the_draft_render(client, sample_plan):
    client.force_login(make_user("vanthu", CLERK_GROUP))
    assert client.get(URL).status_code == 200


def test_month_without_a_plan_is_404(client, db):
    assert client.get("/bac-giang/ke-hoach/2030/05/pdf/").status_code == 404


def test_anonymous_user_gets_the_published_pdf_inline_with_a_safe_filename(client, published_plan):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'inline; filename="cong-tac-thang-01-2024.pdf"'


def test_published_pdf_is_cacheable_and_revalidated(client, published_plan):
    response = client.get(URL)
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]  # an amendment replaces it: caches ask again (ETag, 304)
    assert response.has_header("Last-Modified") and response.has_header("ETag")


def test_published_pdf_is_not_a_draft(client, published_plan, tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(client.get(URL).getvalue())
    assert "DỰ THẢO" not in pdftotext(path)


def test_staff_user_gets_the_draft_render_uncached(staff_client, sample_plan, tmp_path):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    path = tmp_path / "d.pdf"
    path.write_bytes(response.content)
    assert "DỰ THẢO" in pdftotext(path)


def test_everyone_gets_the_published_plan_not_the_amendment_being_drafted(staff_client, published_plan, tmp_path):
    amendment = start_amendment(published_plan)
    amendment.title = "Bản điều chỉnh chưa ban hành"
    amendment.save()
    response = staff_client.get(URL)
    assert response.status_code == 200
    path = tmp_path / "p.pdf"
    path.write_bytes(response.getvalue())
    text = pdftotext(path)
    assert "Bản điều chỉnh chưa ban hành" not in text
    assert "Công tác của UBND tỉnh tháng 01 năm 2024" in text


def test_missing_fonts_give_a_503_page_with_a_vietnamese_message(staff_client, sample_plan, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)  # a draft is rendered on request (an issued plan is stored)
    response = staff_client.get(URL)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Không tạo được tệp PDF" in content
    assert "fonts-liberation2" in content
    assert "Traceback" not in content


def test_a_rendering_failure_gives_a_500_page_with_the_message(staff_client, sample_plan, monkeypatch):
    from exports import pdf

    def broken(document):
        raise ValueError("bố cục hỏng")

    monkeypatch.setattr(pdf, "_signature_box", broken)
    response = staff_client.get(URL)  # a draft is rendered on request (an issued plan is stored)
    assert response.status_code == 500
    content = response.content.decode()
    assert "Không tạo được tệp PDF" in content
    assert "bố cục hỏng" in content
    assert sample_plan.get_absolute_url() in content


@pytest.mark.parametrize("month", [1, 3])
def test_pdf_view_runs_a_fixed_number_of_queries(client, django_assert_num_queries, month):
    data = plan_data(2024, month)
    if month == 3:  # a bigger plan: twice the items
        data["chairman_items"] = data["chairman_items"] * 2
    plan, _created = load_and_publish(data)
    with django_assert_num_queries(3):  # the office, the latest revision, its bytes (written once to a file)
        response = client.get(f"/bac-giang/ke-hoach/2024/{month:02d}/pdf/")
    assert response.status_code == 200
    public_cache.clear_local()
    cache.clear()
    with django_assert_num_queries(2):  # the file is there: the office and the latest revision only
        response = client.get(f"/bac-giang/ke-hoach/2024/{month:02d}/pdf/")
    assert response.status_code == 200
    with django_assert_num_queries(0):  # kept: answered before the view runs
        again = client.get(f"/bac-giang/ke-hoach/2024/{month:02d}/pdf/")
    assert again.getvalue() == response.getvalue()
