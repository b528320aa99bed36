"""The Word working copy: the official layout in Word, its text from programme.document, its status in its
properties."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Pt

from access.permissions import EDITOR_GROUP
from exports.docx import render_plan_docx
from programme.document import build_document, plans_for_document
from tests.workspace.conftest import make_user


@pytest.fixture
def word(sample_plan, tmp_path):
    path = tmp_path / "programme.docx"
    call_command("export_plan", "2024", "1", "--format", "docx", "-o", str(path))
    return Document(str(path))


def body_texts(word):
    return [paragraph.text for paragraph in word.paragraphs]


def test_a4_with_the_decrees_margins(word):
    section = word.sections[0]
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm) for length in sizes] == [210, 297]
    assert [round(length.mm) for length in margins] == [20, 20, 30, 15]


def test_times_new_roman_14_pt(word):
    normal = word.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))


def test_the_header_and_the_footer_are_two_column_tables(word):
    header, footer = word.tables
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs][:2] == ["UBND TỈNH BẮC GIANG", "VĂN PHÒNG"]
    assert left.paragraphs[1].runs[0].bold
    national = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert [p.text for p in right.paragraphs][:2] == national
    assert right.paragraphs[-1].text == "Bắc Giang, ngày\xa0\xa0\xa0\xa0\xa0\xa0tháng\xa0\xa0\xa0\xa0\xa0\xa0năm 2023"
    assert right.paragraphs[-1].runs[0].italic
    recipients, signature = footer.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert recipients.paragraphs[1].text == "- Văn phòng Chính phủ;"
    assert recipients.paragraphs[-1].text == "- Lưu: VT, TH."
    texts = [p.text for p in signature.paragraphs if p.text]
    assert texts == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lê Tuấn Phú"]


def test_the_content_is_the_documents_lines_numbered_as_text(sample_plan, word):
    document = build_document(plans_for_document().get(pk=sample_plan.pk))
    texts = body_texts(word)
    start = texts.index(document.lines[0].full_text)
    assert texts[start : start + len(document.lines)] == [line.full_text for line in document.lines]
    assert texts[start + len(document.lines) - 1].endswith("xã hội./.")
    assert "w:numPr" not in word.element.xml  # no Word list numbering: the numbers are text


def test_a_draft_says_so_and_carries_the_title(word):
    texts = body_texts(word)
    assert texts[0] == "DỰ THẢO"
    assert texts[texts.index("CHƯƠNG TRÌNH") + 1] == "Công tác của UBND tỉnh tháng 01 năm 2024"


def test_the_properties_say_it_is_a_working_copy_and_the_signed_pdf_is_official(word):
    properties = word.core_properties
    assert properties.title == "Chương trình Công tác của UBND tỉnh tháng 01 năm 2024"
    assert properties.author == "VĂN PHÒNG UBND TỈNH BẮC GIANG"
    assert "không phải văn bản chính thức" in properties.comments
    assert "PDF có chữ ký số" in properties.comments
    assert properties.category.startswith("Bản làm việc")


def test_the_same_plan_gives_the_same_text(sample_plan):
    plan = plans_for_document().get(pk=sample_plan.pk)
    first, second = Document(io.BytesIO(render_plan_docx(plan))), Document(io.BytesIO(render_plan_docx(plan)))
    assert body_texts(first) == body_texts(second)


def test_office_staff_download_it_from_the_plan_page(client, sample_plan):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP))
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/")
    assert "Tải bản Word" in page.content.decode()
    response = client.get(f"/van-phong/bac-giang/ke-hoach/2024/01/word/?ban={sample_plan.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="cong-tac-thang-01-2024.docx"'
    assert response["Cache-Control"] == "private, no-store"
    signature = Document(io.BytesIO(response.content)).tables[1].rows[0].cells[1]
    assert signature.paragraphs[-1].text == "Lê Tuấn Phú"


def test_pages_are_numbered_from_page_2_by_a_field(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header.paragraphs[0]._p.xml
    assert section.first_page_header.paragraphs[0].text == ""
