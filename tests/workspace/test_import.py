"""The "new month" page takes a programme file: review beside the source, map unknown agencies, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.models import Agency, MonthlyPlan
from issuing.services import publish_plan
from meetings.models import Item
from programme.document import plans_for_document
from programme.interchange import plan_to_data
from programme.services import load_plan
from tests.importing.conftest import database_snapshot
from tests.reference import REFERENCE_TXT, reference_data

UPLOAD = "/van-phong/bac-giang/ke-hoach/nhap/"
REVIEW = "/van-phong/bac-giang/ke-hoach/nhap/xem-lai/"


@pytest.fixture
def directory(db):
    for entry in reference_data()["agencies"]:
        Agency.objects.create(**entry)


def upload(client, text=None, name="programme.txt"):
    content = REFERENCE_TXT.read_bytes() if text is None else text.encode("utf-8")
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, content_type="text/plain")})


def with_unknown_agency():
    text = REFERENCE_TXT.read_text(encoding="utf-8")
    return text.replace("địa bàn tỉnh năm 2024 (Sở Tư pháp chuẩn bị)", "địa bàn tỉnh năm 2024 (Ban Dân tộc chuẩn bị)")


def test_the_new_month_page_offers_the_upload(client, editor):
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ke-hoach/moi/").text
    assert 'action="/van-phong/bac-giang/ke-hoach/nhap/"' in page
    assert 'enctype="multipart/form-data"' in page


def test_editor_reviews_the_plan_beside_the_source_then_creates_the_draft(client, editor, directory):
    client.force_login(editor)
    response = upload(client)
    assert response.status_code == 302 and response["Location"] == REVIEW
    assert not MonthlyPlan.objects.exists()  # nothing is written before confirming

    page = client.get(REVIEW).text
    assert "Đọc được: <strong>Công tác của UBND tỉnh tháng 01 năm 2024</strong>" in page
    assert "Không có vấn đề nào" in page
    assert "Văn bản gốc" in page and "dòng 1" in page  # the source with its places
    assert "Kế hoạch công tác phòng, chống ma túy năm 2024" in page

    response = client.post(REVIEW, {})
    assert response.status_code == 302 and response["Location"] == "/van-phong/bac-giang/ke-hoach/2024/01/"
    plan = plans_for_document().get(year=2024, month=1)
    assert plan.status == MonthlyPlan.Status.DRAFT
    assert plan_to_data(plan) == reference_data()
    assert client.get(REVIEW)["Location"] == "/van-phong/bac-giang/ke-hoach/moi/"  # the pending import is gone


def test_problems_are_highlighted_in_the_source(client, editor, directory):
    client.force_login(editor)
    upload(client, with_unknown_agency())
    page = client.get(REVIEW).text
    assert "cơ quan “Ban Dân tộc” không có trong danh mục" in page
    assert page.count("data-problem") == 1
    assert '<a href="#nguon-' in page  # each problem links to its line of the source
    assert '<span class="badge text-bg-warning">Ban Dân tộc</span>' in page


def test_an_unknown_agency_is_mapped_to_an_existing_one(client, editor, directory):
    client.force_login(editor)
    upload(client, with_unknown_agency())
    home_affairs = Agency.objects.get(name="Sở Nội vụ")
    client.post(REVIEW, {"agency_0": str(home_affairs.pk)})
    item = Item.objects.get(title__startswith="Kế hoạch thực hiện công tác PBGDPL")
    assert [agency.name for agency in item.ordered_agencies] == ["Sở Nội vụ"]
    assert not Agency.objects.filter(name="Ban Dân tộc").exists()


def test_an_unknown_agency_is_created_when_chosen_so(client, editor, directory):
    client.force_login(editor)
    upload(client, with_unknown_agency())
    client.post(REVIEW, {"agency_0": "__moi__"})
    item = Item.objects.get(title__startswith="Kế hoạch thực hiện công tác PBGDPL")
    assert [agency.name for agency in item.ordered_agencies] == ["Ban Dân tộc"]


def test_a_file_that_is_not_a_programme_is_refused_in_vietnamese(client, editor, directory):
    client.force_login(editor)
    before = database_snapshot()
    response = upload(client, "Kính gửi các sở, ngành.\n", name="cong-van.txt")
    assert response.status_code == 200
    assert "Không nhập được tệp" in response.text
    assert "Tệp cong-van.txt không phải là chương trình công tác" in response.text
    assert database_snapshot() == before
    assert "plan_import" not in client.session


def test_a_file_of_another_format_is_refused_by_the_form(client, editor):
    client.force_login(editor)
    response = upload(client, "x", name="programme.odt")
    assert "Chỉ nhận tệp .docx, .pdf hoặc .txt." in response.text


def test_a_published_month_cannot_be_overwritten_from_a_file(client, approver, directory):
    load_plan(reference_data())
    publish_plan(MonthlyPlan.objects.get(year=2024, month=1))
    client.force_login(approver)
    upload(client)
    page = client.get(REVIEW).text
    assert "đã ban hành: không thể nhập đè" in page
    before = database_snapshot()
    response = client.post(REVIEW, {})
    assert response.status_code == 200
    assert "đã ban hành, không thể ghi đè" in response.text
    assert database_snapshot() == before


def test_the_review_of_an_issued_month_shows_only_the_refusal(client, approver, directory):
    """Not the refusal beside "Không có vấn đề nào" and an active "Xác nhận, tạo dự thảo": one clear state."""
    load_plan(reference_data())
    publish_plan(MonthlyPlan.objects.get(year=2024, month=1))
    client.force_login(approver)
    upload(client, with_unknown_agency())
    page = client.get(REVIEW).text
    assert "đã ban hành: không thể nhập đè" in page
    assert "Không có vấn đề nào" not in page
    assert "vấn đề cần xem" not in page
    assert "Xác nhận, tạo dự thảo" not in page
    assert '<select name="agency_' not in page
    assert '<form method="post">' not in page  # the confirmation form (the logout form stays)
    before = database_snapshot()
    response = client.post(REVIEW, {"agency_0": "__moi__"})
    assert response.status_code == 200
    assert "Xác nhận, tạo dự thảo" not in response.text
    assert database_snapshot() == before
    assert not Agency.objects.filter(name="Ban Dân tộc").exists()


def test_an_existing_draft_is_replaced_only_after_a_warning(client, editor, directory):
    data = reference_data()
    data["chairman_items"] = data["chairman_items"][:2]
    load_plan(data)
    client.force_login(editor)
    upload(client)
    assert "Tháng này đã có dự thảo" in client.get(REVIEW).text
    client.post(REVIEW, {})
    assert MonthlyPlan.objects.get(year=2024, month=1).items.filter(part=Item.Part.CHAIRMAN).count() == 12


def test_a_department_user_cannot_import(client, department_user):
    client.force_login(department_user)
    before = database_snapshot()
    assert upload(client).status_code == 403
    assert client.get(REVIEW).status_code == 403
    assert database_snapshot() == before


@pytest.mark.parametrize("unknown", [1, 3])
def test_the_review_page_makes_a_fixed_number_of_queries(client, editor, directory, django_assert_num_queries, unknown):
    text = REFERENCE_TXT.read_text(encoding="utf-8")
    for index, agency in enumerate(["Sở Ngoại vụ", "Thanh tra tỉnh", "Sở Tư pháp"][:unknown]):
        text = text.replace(f"({agency} chuẩn bị)", f"(Ban số {index} chuẩn bị)")
    client.force_login(editor)
    upload(client, text)
    with django_assert_num_queries(6):  # session, user, user and group permissions, the agencies, the month
        page = client.get(REVIEW).text
    assert page.count('<select name="agency_') == unknown


def upload_bytes(client, content, name):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")})


def broken_word_file():
    import io
    import zipfile

    from docx import Document

    plain, broken = io.BytesIO(), io.BytesIO()
    Document().save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(broken, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    return broken.getvalue()


def pdf_beyond_pypdf_limit():
    """A page whose content stream inflates past pypdf's 75 MB limit (LimitReachedError was a 500)."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = DecodedStreamObject()
    content.set_data(b" " * (80 * 1024 * 1024))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode(level=9))
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.docx", broken_word_file, "Tệp Word bị hỏng, không đọc được."),
        ("huge.pdf", pdf_beyond_pypdf_limit, "Trang 1 của tệp PDF có nội dung quá lớn"),
        ("program.pdf", lambda: b"MZ\x90\x00" + bytes(4000), "Tệp program.pdf không phải là tệp PDF"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message_not_a_500(
    client, editor, directory, settings, name, content, message
):
    settings.IMPORT_MAX_PAGE_CONTENT_BYTES = 200 * 1024 * 1024  # let pypdf's own limit be reached
    client.force_login(editor)
    before = database_snapshot()
    response = upload_bytes(client, content(), name)
    assert response.status_code == 200
    assert "Không nhập được tệp" in response.text
    assert message in response.text
    assert "Stream has ended" not in response.text
    assert database_snapshot() == before
    assert "plan_import" not in client.session
