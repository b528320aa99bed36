"""A draft before numbering: "Số:      /CTr-VP" and "Bắc Giang, ngày    tháng    năm" are blank, as in every
Office's Word template. Blank number and date are read as absent, the place as the place, and the blank line
never becomes part of the title (it was glued to it, and the wrong title reached the draft and its PDF).
"""

import io

import pytest
from docx import Document

import programme.document
from exports.pdf import render_plan_pdf
from programme.document import plans_for_document
from programme.importing import import_programme, layout
from programme.importing.extract import extract_lines
from programme.services import load_plan
from tests.reference import reference_data

TITLE = "Công tác của UBND tỉnh tháng 01 năm 2024"
BLANK_DATE = "Bắc Giang, ngày      tháng      năm"
BLANK_NUMBER = "Số:      /CTr-VP"


def header_read(content, filename):
    """What the layout reads from the header: (header fields, title)."""
    read = layout.read_layout(layout.clean_lines(extract_lines(content, filename)))
    return read.header, read.title


def assert_blank_header_read(content, filename):
    header, title = header_read(content, filename)
    assert title == TITLE
    assert header.get("place") == "Bắc Giang"
    assert "number" not in header and "issue_date" not in header
    data = import_programme(content, filename).data
    assert data["title"] == TITLE
    assert "number" not in data and "issue_date" not in data
    return data


def word_template(document_lines):
    """A programme typed into the Office's Word template: header table, title block, content, closing."""
    word = Document()
    table = word.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "UBND TỈNH BẮC GIANG"
    for text in ("VĂN PHÒNG", BLANK_NUMBER):
        left.add_paragraph(text)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    for text in ("Độc lập - Tự do - Hạnh phúc", BLANK_DATE):
        right.add_paragraph(text)
    for text in ("CHƯƠNG TRÌNH", TITLE, *document_lines):
        word.add_paragraph(text)
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


def reference_document_lines():
    """The reference programme's content and closing as paragraphs (from its own Word export's text)."""
    from programme.document import build_document

    plan, _created = load_plan(reference_data())
    document = build_document(plans_for_document().get(pk=plan.pk))
    signer = document.signer
    return [
        *(line.full_text for line in document.lines),
        "Nơi nhận:",
        *document.recipients,
        signer["authority"],
        signer["position"],
        signer["name"],
    ]


@pytest.mark.django_db
def test_a_word_draft_with_the_blank_number_and_place_date_line():
    data = assert_blank_header_read(word_template(reference_document_lines()), "du-thao.docx")
    assert data["issuer"]["place"] == "Bắc Giang"
    assert data["priority_tasks"] == reference_data()["priority_tasks"]


@pytest.mark.django_db
def test_a_pdf_draft_with_the_blank_place_date_line(monkeypatch):
    """The draft rendered by the app itself, its place-date line as blank as the template's (no year either)."""
    plan, _created = load_plan(reference_data())
    monkeypatch.setattr(programme.document.Document, "place_date", property(lambda document: BLANK_DATE))
    content = render_plan_pdf(plans_for_document().get(pk=plan.pk))
    assert_blank_header_read(content, "du-thao.pdf")


HEAD = "UBND TỈNH BẮC GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nVĂN PHÒNG Độc lập - Tự do - Hạnh phúc\n"
BODY = (
    "A. NHIỆM VỤ TRỌNG TÂM\n1. Chỉ đạo sản xuất vụ Chiêm - Xuân.\n"
    "B. CÁC HỘI NGHỊ\nI. Các nội dung, đề án trình Chủ tịch UBND tỉnh\n"
    "1. Kế hoạch phòng chống ma túy (Công an tỉnh chuẩn bị)."
    "\nNơi nhận:\n- Lưu: VT, TH.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Tuấn Phú\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        f"{BLANK_NUMBER} {BLANK_DATE}\nCHƯƠNG TRÌNH\n{TITLE}\n",  # the two columns run together
        f"{BLANK_NUMBER}\nCHƯƠNG TRÌNH\n{BLANK_DATE}\n{TITLE}\n",  # the date line read after the document type
        f"{BLANK_NUMBER}\n{BLANK_DATE} CHƯƠNG TRÌNH\n{TITLE}\n",  # on the line of the document type
        f"{BLANK_NUMBER}\n{BLANK_DATE}\n{TITLE}\n",  # no document type line
        "Số: ......./CTr-VP\nBắc Giang, ngày ..... tháng ..... năm 20...\nCHƯƠNG TRÌNH\n" + TITLE + "\n",  # dotted
        "Số:    /CTr-VP\nBắc Giang, ngày    tháng    năm 2024\nCHƯƠNG TRÌNH\n" + TITLE + "\n",  # year typed
    ],
    ids=["columns run together", "after the type", "on the type's line", "no type line", "dotted", "year typed"],
)
def test_the_blank_place_date_line_is_never_part_of_the_title(header):
    assert_blank_header_read((HEAD + header + BODY).encode(), "du-thao.txt")
