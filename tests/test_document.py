"""The rendering rules of the domain notes, on the document that the page and the PDF share."""

import datetime

import pytest

from agenda.models import Agency, MonthlyPlan
from programme.document import agency_suffix, build_document, document_number, plans_for_document
from programme.services import load_plan
from tests.factories import plan_data, two_session_plan
from tests.reference import assert_paragraphs_in_order, reference_paragraphs


def document_of(year, month):
    return build_document(plans_for_document().get(year=year, month=month))


def full_text(document):
    parts = [document.title, document.text, "Nơi nhận:", *document.recipients, *document.signer.values()]
    return "\n".join(parts)


def test_sample_document_holds_every_reference_paragraph_in_order(sample_plan):
    assert_paragraphs_in_order(full_text(document_of(2024, 1)), reference_paragraphs())


def test_one_agency_is_named_in_full_several_by_short_names_lead_first(db):  # an agency's office: the first
    kh = Agency(name="Sở Kế hoạch và Đầu tư", short_name="Sở KHĐT")
    nv = Agency(name="Sở Nội vụ", short_name="Sở Nội vụ")
    assert agency_suffix([kh]) == " (Sở Kế hoạch và Đầu tư chuẩn bị)"
    assert agency_suffix([nv, kh]) == " (Sở Nội vụ, Sở KHĐT chuẩn bị)"
    assert agency_suffix([]) == ""


def test_items_end_with_semicolons_and_the_last_of_each_list_with_a_full_stop(sample_plan):
    lines = document_of(2024, 1).lines
    session_items = [line for line in lines if line.kind == "item" and line.item.part == "session"]
    assert [line.end for line in session_items] == [";"] * 8 + ["."]
    chairman_items = [line for line in lines if line.kind == "item" and line.item.part == "chairman"]
    assert [line.end for line in chairman_items] == [";"] * 11 + ["."]


def test_the_content_closes_with_slash_dot_on_its_last_line_whatever_the_part(db):
    data = plan_data(2024, 5)
    data["conferences"] = []
    load_plan(data)
    lines = document_of(2024, 5).lines
    assert lines[-1].full_text.endswith("(Bộ Chỉ huy Quân sự tỉnh chuẩn bị)./.")
    assert sum(line.full_text.endswith("./.") for line in lines) == 1


def test_prose_priority_tasks_keep_their_punctuation_and_close_the_document_when_last(db):
    data = plan_data(2024, 6, regular_sessions=[], chairman_items=[], conferences=[])
    data["priority_tasks"] = ["Triển khai công tác tuyển quân năm 2024.", "Tăng cường kỷ luật..."]
    load_plan(data)
    document = document_of(2024, 6)
    assert [line.full_text for line in document.lines] == [
        "A. NHIỆM VỤ TRỌNG TÂM",
        "1. Triển khai công tác tuyển quân năm 2024.",
        "2. Tăng cường kỷ luật.../.",
    ]


def test_several_sessions_each_get_their_own_line_and_numbering(db):
    load_plan(two_session_plan())
    texts = [line.full_text for line in document_of(2024, 3).lines]
    start = texts.index("I. Hội nghị UBND tỉnh thường kỳ")
    assert texts[start + 1 : start + 7] == [
        "Phiên ngày 05/3/2024 (thứ Ba):",
        "1. Dự thảo Kế hoạch tổ chức Tuần văn hóa - du lịch năm 2024 (Sở Văn hóa, Thể thao và Du lịch chuẩn bị);",
        "2. Dự thảo Báo cáo tình hình kinh tế - xã hội quý I (Sở Kế hoạch và Đầu tư chuẩn bị).",
        "Phiên ngày 22/3/2024 (thứ Sáu), 08 giờ 00, tại Phòng họp số 1:",
        "1. Dự thảo Quyết định về lễ hội truyền thống (Sở VHTTDL, Sở Nội vụ, Công an tỉnh chuẩn bị).",
        "II. Các nội dung, đề án trình Chủ tịch UBND tỉnh",
    ]


def test_conferences_read_with_their_date_and_weekday(sample_plan):
    conferences = [line.full_text for line in document_of(2024, 1).lines if line.kind == "conference"]
    assert conferences[0] == "1. Ngày 15/01/2024 (thứ Hai): Tiếp công dân định kỳ."
    assert conferences[1].endswith("(Sở Nội vụ, Sở KHĐT chuẩn bị).")


def test_missing_groups_are_skipped_and_the_next_ones_renumbered(db):
    load_plan(plan_data(2024, 7, chairman_items=[]))
    groups = [line.full_text for line in document_of(2024, 7).lines if line.kind == "group"]
    assert groups == [
        "I. Hội nghị UBND tỉnh thường kỳ: Ngày 19/7/2024 (thứ Sáu)",
        "II. Hội nghị với các sở, ngành; UBND các huyện, thành phố",
    ]


def test_headings_come_from_the_plan(db):
    data = plan_data(2024, 8)
    data["headings"] = {"conferences": "Hội nghị với các sở, ngành; UBND các xã, phường"}
    load_plan(data)
    assert "III. Hội nghị với các sở, ngành; UBND các xã, phường" in document_of(2024, 8).text


def test_recipients_get_a_dash_and_a_semicolon_the_last_a_full_stop(sample_plan):
    recipients = document_of(2024, 1).recipients
    assert recipients[0] == "- Văn phòng Chính phủ;"
    assert recipients[-1] == "- Lưu: VT, TH."


@pytest.mark.parametrize(("number", "shown"), [("5", "05"), ("15", "15"), ("", ""), ("123", "123")])
def test_document_numbers_below_ten_take_a_leading_zero(number, shown):
    assert document_number(number) == shown


def test_header_shows_number_and_issue_date_once_signed(db):
    load_plan(two_session_plan())
    # The register's number and the signing date are the document's once the approver has signed (issue 18:
    # before that, the plan's number and date are a draft's, shown blank).
    MonthlyPlan.objects.filter(year=2024, month=3).update(status=MonthlyPlan.Status.SIGNED)
    document = document_of(2024, 3)
    assert document.number_line == "Số: 15/CTr-VP"
    assert document.place_date == "Bắc Giang, ngày 28 tháng 02 năm 2024"


def test_header_of_a_draft_leaves_number_and_date_blank(sample_plan):
    document = document_of(2024, 1)
    assert document.is_draft
    assert document.number_line.startswith("Số: ") and document.number_line.endswith("/CTr-VP")
    assert not any(ch.isdigit() for ch in document.number_line)
    assert document.place_date.startswith("Bắc Giang, ngày") and document.place_date.endswith("năm 2023")


def test_header_of_a_published_plan_without_issue_date_shows_the_publication_date(sample_plan):
    sample_plan.status = MonthlyPlan.Status.PUBLISHED
    sample_plan.published_at = datetime.datetime(2023, 12, 28, 3, 0, tzinfo=datetime.UTC)
    sample_plan.save()
    assert document_of(2024, 1).place_date == "Bắc Giang, ngày 28 tháng 12 năm 2023"


def test_building_the_document_runs_a_fixed_number_of_queries(sample_plan, django_assert_num_queries):
    load_plan(two_session_plan())
    for year, month in [(2024, 1), (2024, 3)]:
        with django_assert_num_queries(6):
            build_document(plans_for_document().get(year=year, month=month))
