"""The "new month" page takes a programme file: review beside the source, map unknown agencies, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agenda.document import plans_for_document
from agenda.interchange import plan_to_data
from agenda.models import Agency, MonthlyPlan
from agenda.services import load_plan
from issuing.services import publish_plan
from meetings.models import Item
from tests.importing.conftest import database_snapshot
from tests.reference import REFERENCE_TXT, reference_data

UPLOAD = "/van-phong/ke-hoach/nhap/"
REVIEW = "/van-phong/ke-hoach/nhap/xem-lai/"


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
    page = client.get("/van-phong/ke-hoach/moi/").text
    assert 'action="/van-phong/ke-hoach/nhap/"' in page
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
    assert response.status_code == 302 and response["Location"] == "/van-phong/ke-hoach/2024/01/"
    plan = plans_for_document().get(year=2024, month=1)
    assert plan.status == MonthlyPlan.Status.DRAFT
    assert plan_to_data(plan) == reference_data()
    assert client.get(REVIEW)["Location"] == "/van-phong/ke-hoach/moi/"  # the pending import is gone


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
