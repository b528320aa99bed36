"""The revision pages, the stored PDF, and the verification pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from issuing.models import Revision
from issuing.services import publish_plan
from meetings.models import Item
from tests.issuing.conftest import tampered

pytestmark = pytest.mark.django_db

DETAIL = "/bac-giang/ke-hoach/2024/01/ban/1/"


def test_url_names_are_the_contract():
    kwargs = {"office": "bac-giang", "year": 2024, "month": 1, "number": 2}
    assert reverse("public:revision_detail", kwargs=kwargs) == "/bac-giang/ke-hoach/2024/01/ban/2/"
    assert reverse("public:revision_pdf", kwargs=kwargs) == "/bac-giang/ke-hoach/2024/01/ban/2/pdf/"
    assert reverse("public:revision_verify", kwargs=kwargs) == "/bac-giang/ke-hoach/2024/01/ban/2/xac-thuc/"
    assert reverse("public:verify") == "/xac-thuc/"


def test_anonymous_user_sees_the_revision_page(client, published_sample):
    response = client.get(DETAIL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bản 1" in content and published_sample.sha256 in content
    assert (
        "/bac-giang/ke-hoach/2024/01/ban/1/pdf/" in content and "/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/" in content
    )


def test_draft_month_has_no_revision_pages(client, sample_plan):
    for url in (DETAIL, DETAIL + "pdf/", DETAIL + "xac-thuc/"):
        assert client.get(url).status_code == 404


def test_working_copy_of_an_amendment_has_no_revision_pages(admin_client, client, amendment):
    for url in (
        "/bac-giang/ke-hoach/2024/01/ban/2/",
        "/bac-giang/ke-hoach/2024/01/ban/2/pdf/",
        "/bac-giang/ke-hoach/2024/01/ban/2/xac-thuc/",
    ):
        assert client.get(url).status_code == 404
        assert admin_client.get(url).status_code == 404


def test_revision_pdf_is_the_stored_bytes_with_immutable_caching(client, published_sample):
    response = client.get(DETAIL + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue() == bytes(published_sample.pdf)
    assert response["ETag"] == f'"{published_sample.sha256}"'
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control and "max-age=31536000" in cache_control
    assert 'filename="chuong-trinh-cong-tac-2024-01-ban-1.pdf"' in response["Content-Disposition"]


def test_revision_pdf_answers_304_to_its_etag(client, published_sample):
    response = client.get(DETAIL + "pdf/", HTTP_IF_NONE_MATCH=f'"{published_sample.sha256}"')
    assert response.status_code == 304
    assert response.content == b""


def test_revision_pages_refuse_post(client, published_sample):
    assert client.post(DETAIL).status_code == 405
    assert client.post(DETAIL + "pdf/").status_code == 405


def test_revision_1_is_served_unchanged_after_an_amendment(client, published_sample, amendment):
    before = client.get(DETAIL + "pdf/").getvalue()
    Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).first().delete()
    publish_plan(amendment)
    after = client.get(DETAIL + "pdf/")
    assert after.getvalue() == before == bytes(published_sample.pdf)
    assert after["ETag"] == f'"{published_sample.sha256}"'
    second = client.get("/bac-giang/ke-hoach/2024/01/ban/2/pdf/")
    second_content = second.getvalue()
    assert second.status_code == 200 and second_content != before
    # the month's PDF link serves the latest revision
    assert client.get("/bac-giang/ke-hoach/2024/01/pdf/").getvalue() == second_content


def test_amendment_page_lists_its_changelog(client, published_sample, amendment):
    removed = Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).first()
    removed.delete()
    publish_plan(amendment)
    content = client.get("/bac-giang/ke-hoach/2024/01/ban/2/").content.decode()
    assert "Điều chỉnh lần 1" in content
    assert "Rút khỏi chương trình" in content and removed.title in content
    assert 'href="/bac-giang/ke-hoach/2024/01/ban/1/"' in content


@pytest.mark.parametrize("removed", [1, 3])
def test_revision_page_runs_a_fixed_number_of_queries(
    client, published_sample, amendment, removed, django_assert_num_queries
):
    for item in Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN)[:removed]:
        item.delete()
    publish_plan(amendment)
    with django_assert_num_queries(4):  # the office, the revision, its changes, the month's revisions
        response = client.get("/bac-giang/ke-hoach/2024/01/ban/2/")
    assert response.status_code == 200
    assert response.content.decode().count('data-kind="removed"') == removed


def test_revision_verify_page_reports_an_intact_signature_of_ours(client, published_sample):
    response = client.get(DETAIL + "xac-thuc/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Chữ ký số hợp lệ" in content
    assert "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM" in content
    assert f'href="{DETAIL}"' in content


def _upload(client, content, name="van-ban.pdf"):
    return client.post("/xac-thuc/", {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_verify_page_shows_the_upload_form(client, db):
    response = client.get("/xac-thuc/")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_uploading_an_issued_pdf_reports_valid_and_links_its_revision(client, published_sample):
    response = _upload(client, bytes(published_sample.pdf))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Chữ ký số hợp lệ" in content
    assert f'<a href="{DETAIL}">' in content
    assert response.context["report"].ok


def test_uploading_a_tampered_pdf_reports_it_is_not_intact(client, published_sample):
    response = _upload(client, tampered(bytes(published_sample.pdf)))
    assert response.status_code == 200
    report = response.context["report"]
    assert not report.ok and report.revision is None
    content = response.content.decode()
    assert "Nội dung đã bị thay đổi sau khi ký" in content  # the first and only thing said about it
    assert "không trùng với bản nào đã ban hành" in content


def test_uploading_a_non_pdf_is_refused_with_a_clear_message(client, db):
    response = _upload(client, b"\x89PNG\r\n\x1a\n not a pdf", name="anh.png")
    assert response.status_code == 400
    assert "không phải là tệp PDF" in response.content.decode()
    assert response.context["report"] is None


def test_uploading_nothing_asks_for_a_file(client, db):
    response = client.post("/xac-thuc/", {})
    assert response.status_code == 400
    assert "Hãy chọn một tệp PDF." in response.content.decode()


def test_uploading_an_empty_file_is_refused(client, db):
    response = _upload(client, b"")
    assert response.status_code == 400
    assert "Tệp rỗng" in response.content.decode()


def test_uploading_a_file_over_the_limit_is_refused(client, published_sample, settings):
    settings.VERIFY_MAX_UPLOAD_BYTES = 1000
    response = _upload(client, b"%PDF-1.7\n" + b"0" * 2000)
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_a_request_body_far_over_the_limit_is_refused_before_reading_it(client, db, settings):
    settings.VERIFY_MAX_UPLOAD_BYTES = 1000
    response = _upload(client, b"%PDF-1.7\n" + b"0" * 200_000)
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert response.context["refusal"]


def test_uploading_an_unsigned_pdf_says_it_has_no_signature(client, db):
    from weasyprint import HTML

    response = _upload(client, HTML(string="<p>Văn bản</p>").write_pdf())
    assert response.status_code == 200
    assert "không có chữ ký số" in response.content.decode()


def test_revisions_are_listed_per_month_in_order(published_sample):
    assert list(Revision.objects.for_month(2024, 1)) == [published_sample]
