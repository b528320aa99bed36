"""The rendered sample follows the official layout (Nghị định 30/2020/NĐ-CP, Phụ lục I).

poppler (pdftotext, pdffonts) and pdfplumber read the PDF independently of WeasyPrint.
"""

import io
import re
import subprocess

import pytest
from django.utils import timezone
from fontTools.ttLib import TTFont

from tests.pdf.conftest import A4, MARGINS, MM, pdftotext
from tests.reference import assert_paragraphs_in_order, normalise

# points: pdfplumber measures a glyph by its advance width, which justified lines may exceed
# by a fraction of a point at the right edge; 1 pt is 0.35 mm.
TOLERANCE = 1.0

# The session fixtures render inside rolled-back transactions: the test database must exist.
pytestmark = pytest.mark.django_db


def style_of(chars):
    """("bold", "italic") flags of a run of characters, from their font names."""
    names = {char["fontname"].split("+", 1)[-1] for char in chars if char["text"].strip()}
    assert len(names) == 1, f"mixed fonts: {names}"
    name = names.pop()
    return {"bold": "Bold" in name, "italic": "Italic" in name, "font": name}


def sizes_of(chars):
    return {round(char["size"], 1) for char in chars if char["text"].strip()}


def find(page, text):
    """The characters of the first occurrence of ``text`` on ``page``."""
    matches = page.search(text, regex=False, return_chars=True)
    assert matches, f"{text!r} not on page {page.page_number}"
    return matches[0]["chars"]


def test_every_reference_paragraph_is_in_the_text_in_order(draft_pdf):
    assert_paragraphs_in_order(pdftotext(draft_pdf.path, body_only=True))


def test_published_pdf_also_has_every_reference_paragraph_in_order(published_pdf):
    assert_paragraphs_in_order(pdftotext(published_pdf.path, body_only=True))


def test_text_keeps_every_vietnamese_letter_and_is_not_hyphenated(published_pdf):
    text = normalise(pdftotext(published_pdf.path, body_only=True))
    assert "Tết Nguyên đán Giáp Thìn 2024" in text
    assert "Bộ Chỉ huy Quân sự tỉnh chuẩn bị" in text
    assert "\u00ad" not in text  # no soft hyphens inserted by the renderer


def test_every_page_is_a4_portrait(published_pdf):
    with published_pdf.open() as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert page.width == pytest.approx(A4[0], abs=0.5)
            assert page.height == pytest.approx(A4[1], abs=0.5)


def test_every_font_is_embedded_liberation_serif(published_pdf):
    listing = subprocess.run(["pdffonts", str(published_pdf.path)], check=True, capture_output=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) == 4  # regular, bold, italic, bold italic
    for row in rows:
        name, *_rest = row.split()
        columns = row[len(name) :].split()
        assert "Liberation-Serif" in name, row
        # type, encoding vary in width; the emb/sub/uni flags are the three yes/no columns
        flags = [column for column in columns if column in {"yes", "no"}]
        assert flags[0] == "yes", f"not embedded: {row}"


def test_embedded_font_programs_are_liberation_serif_2(published_pdf):
    """The font files inside the PDF are Liberation Serif 2.x (1.x lacks Vietnamese letters)."""
    with published_pdf.open() as pdf:
        font_files = _embedded_font_files(pdf)
    assert len(font_files) == 4
    for data in font_files:
        names = TTFont(io.BytesIO(data))["name"]
        assert names.getDebugName(1) == "Liberation Serif"
        assert names.getDebugName(5).startswith("Version 2.")


def _embedded_font_files(pdf):
    """The FontFile2 streams of every font descriptor, read with pdfminer (under pdfplumber)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import LIT

    files = []
    objids = {objid for xref in pdf.doc.xrefs for objid in xref.get_objids()}
    for objid in sorted(objids):
        obj = resolve1(pdf.doc.getobj(objid))
        if isinstance(obj, dict) and obj.get("Type") is LIT("FontDescriptor"):
            files.append(resolve1(obj["FontFile2"]).get_data())
    return files


def test_all_text_lies_inside_the_margins_but_the_page_number(published_pdf):
    width, height = A4
    with published_pdf.open() as pdf:
        for page in pdf.pages:
            inside = [char for char in page.chars if char["top"] >= MARGINS["top"] - TOLERANCE]
            above = [char for char in page.chars if char["top"] < MARGINS["top"] - TOLERANCE]
            assert "".join(char["text"] for char in above) == ("" if page.page_number == 1 else str(page.page_number))
            for char in inside:
                assert char["x0"] >= MARGINS["left"] - TOLERANCE, char
                assert char["x1"] <= width - MARGINS["right"] + TOLERANCE, char
                assert char["bottom"] <= height - MARGINS["bottom"] + TOLERANCE, char


def test_page_one_has_no_number_and_page_two_has_2_centred_in_the_top_margin(published_pdf):
    width, _height = A4
    with published_pdf.open() as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        assert [char for char in first.chars if char["bottom"] <= MARGINS["top"]] == []
        number = [char for char in second.chars if char["bottom"] <= MARGINS["top"]]
    assert "".join(char["text"] for char in number) == "2"
    centre = (number[0]["x0"] + number[-1]["x1"]) / 2
    content_centre = (MARGINS["left"] + width - MARGINS["right"]) / 2
    assert centre == pytest.approx(content_centre, abs=2)
    assert sizes_of(number) <= {13.0, 14.0}


@pytest.mark.parametrize(
    ("text", "sizes", "bold", "italic"),
    [
        ("UBND TỈNH BẮC GIANG", {12.0, 13.0}, False, False),
        ("VĂN PHÒNG", {12.0, 13.0}, True, False),
        ("Số: 15/CTr-VP", {13.0}, False, False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {12.0, 13.0}, True, False),
        ("Độc lập - Tự do - Hạnh phúc", {13.0, 14.0}, True, False),
        ("Bắc Giang, ngày 28 tháng 12 năm 2023", {13.0, 14.0}, False, True),
        ("CHƯƠNG TRÌNH", {13.0, 14.0}, True, False),
        ("Công tác của UBND tỉnh tháng 01 năm 2024", {13.0, 14.0}, True, False),
        ("A. NHIỆM VỤ TRỌNG TÂM", {13.0, 14.0}, True, False),
        ("1. Tập trung triển khai, cụ thể hóa Nghị quyết", {13.0, 14.0}, False, False),
    ],
)
def test_header_title_and_body_have_the_decrees_sizes_and_styles(published_pdf, text, sizes, bold, italic):
    with published_pdf.open() as pdf:
        chars = find(pdf.pages[0], text)
    style = style_of(chars)
    assert (style["bold"], style["italic"]) == (bold, italic), style
    assert len(sizes_of(chars)) == 1
    assert sizes_of(chars) <= sizes


@pytest.mark.parametrize(
    ("text", "sizes", "bold", "italic"),
    [
        ("Nơi nhận:", {12.0}, True, True),
        ("- Văn phòng Chính phủ;", {11.0}, False, False),
        ("- Lưu: VT, TH.", {11.0}, False, False),
        ("TL. CHỦ TỊCH", {13.0, 14.0}, True, False),
        ("CHÁNH VĂN PHÒNG", {13.0, 14.0}, True, False),
        ("Lê Tuấn Phú", {13.0, 14.0}, True, False),
    ],
)
def test_footer_has_the_decrees_sizes_and_styles(published_pdf, text, sizes, bold, italic):
    with published_pdf.open() as pdf:
        chars = find(pdf.pages[-1], text)
    style = style_of(chars)
    assert (style["bold"], style["italic"]) == (bold, italic), style
    assert len(sizes_of(chars)) == 1
    assert sizes_of(chars) <= sizes


def test_group_headings_are_bold(published_pdf):
    with published_pdf.open() as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
        headings = [
            "B. CÁC HỘI NGHỊ CHÍNH TRONG THÁNG",
            "I. Hội nghị UBND tỉnh thường kỳ: Ngày 19/01/2024 (thứ Sáu)",
            "II. Các nội dung, đề án trình Chủ tịch UBND tỉnh",
            "III. Hội nghị với các sở, ngành; UBND các huyện, thành phố",
        ]
        for heading in headings:
            assert heading in text
            page = next(page for page in pdf.pages if page.search(heading, regex=False))
            assert style_of(find(page, heading))["bold"], heading


def test_header_names_the_parent_body_the_office_and_the_number(published_pdf):
    header = normalise(pdftotext(published_pdf.path, first=1, last=1).split("CHƯƠNG TRÌNH")[0])
    for expected in [
        "UBND TỈNH BẮC GIANG",
        "VĂN PHÒNG",
        "Số: 15/CTr-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Giang, ngày 28 tháng 12 năm 2023",
    ]:
        assert expected in header


def test_header_is_two_columns_side_by_side(published_pdf):
    with published_pdf.open() as pdf:
        page = pdf.pages[0]
        parent = find(page, "UBND TỈNH BẮC GIANG")
        nation = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        number = find(page, "Số: 15/CTr-VP")
        place = find(page, "Bắc Giang, ngày 28 tháng 12 năm 2023")
    assert parent[-1]["x1"] < nation[0]["x0"]
    assert parent[0]["top"] == pytest.approx(nation[0]["top"], abs=3)
    assert number[-1]["x1"] < place[0]["x0"]


def test_motto_has_a_rule_as_long_as_the_text(published_pdf):
    with published_pdf.open() as pdf:
        page = pdf.pages[0]
        motto = find(page, "Độc lập - Tự do - Hạnh phúc")
        left, right, bottom = motto[0]["x0"], motto[-1]["x1"], max(char["bottom"] for char in motto)
        # WeasyPrint draws an inline border as a filled shape: its lower edge is the rule
        rules = [
            shape
            for shape in page.lines + page.rects + page.curves
            if 0 <= shape["bottom"] - bottom < 6 and shape["x1"] > left and shape["x0"] < right
        ]
    assert rules, "no rule under the motto"
    rule = rules[0]
    assert rule["x0"] == pytest.approx(left, abs=2)
    assert rule["x1"] == pytest.approx(right, abs=2)


def test_body_is_justified_with_a_first_line_indent(published_pdf):
    with published_pdf.open() as pdf:
        page = pdf.pages[0]
        first_line = find(page, "1. Tập trung triển khai")
        lines = page.extract_text_lines()
    indent = first_line[0]["x0"] - MARGINS["left"]
    assert 10 * MM - 1 <= indent <= 12.7 * MM + 1
    # justified: the full lines of the first paragraph end at the right margin
    start = next(index for index, line in enumerate(lines) if line["text"].startswith("1. Tập trung"))
    for line in lines[start : start + 3]:
        assert line["x1"] == pytest.approx(A4[0] - MARGINS["right"], abs=1), line["text"]


def test_footer_is_on_one_page_with_recipients_left_and_signature_right(published_pdf):
    with published_pdf.open() as pdf:
        last = pdf.pages[-1]
        label = find(last, "Nơi nhận:")
        final = find(last, "- Lưu: VT, TH.")
        authority = find(last, "TL. CHỦ TỊCH")
        name = find(last, "Lê Tuấn Phú")
    assert label[0]["x0"] == pytest.approx(MARGINS["left"], abs=1)
    assert authority[0]["x0"] > A4[0] / 2 - 10
    assert label[0]["top"] == pytest.approx(authority[0]["top"], abs=6)  # level with each other
    assert name[0]["top"] - authority[0]["top"] > 30 * MM  # room for the signature
    assert final[0]["top"] > label[0]["top"]


def test_draft_has_a_draft_mark_and_no_number(draft_pdf):
    first_page = normalise(pdftotext(draft_pdf.path, first=1, last=1))
    assert "DỰ THẢO" in first_page
    number_line = re.search(r"Số:(.*?)/CTr-VP", first_page)
    assert number_line is not None
    assert not re.search(r"\d", number_line.group(1))


def test_draft_mark_is_bold_and_boxed(draft_pdf):
    with draft_pdf.open() as pdf:
        page = pdf.pages[0]
        mark = find(page, "DỰ THẢO")
        boxes = [rect for rect in page.rects if rect["x0"] < mark[0]["x0"] and rect["x1"] > mark[-1]["x1"]]
        frame = [line for line in page.lines if line["top"] < mark[0]["top"]]
    assert style_of(mark)["bold"]
    assert boxes or frame


def test_published_plan_has_no_draft_mark(published_pdf):
    assert "DỰ THẢO" not in pdftotext(published_pdf.path)


def test_pdf_dates_are_the_plans_last_change_so_that_a_render_is_reproducible(published_pdf):
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(published_pdf.path)], check=True, capture_output=True, text=True
    ).stdout
    created = re.search(r"CreationDate:\s+(\S+)", info).group(1)
    modified = re.search(r"ModDate:\s+(\S+)", info).group(1)
    published = timezone.localtime(published_pdf.plan.updated_at)  # the signing render: not yet published
    assert created == modified == published.strftime("%Y-%m-%dT%H:%M:%S+07")


def test_pdf_declares_pdf_a_2b_with_an_srgb_output_intent(published_pdf):
    """PDF/A-2b is the archival level official-layout.md recommends for signed documents."""
    from pdfminer.pdftypes import resolve1

    with published_pdf.open() as pdf:
        catalog = pdf.doc.catalog
        xmp = resolve1(catalog["Metadata"]).get_data().decode("utf-8")
        intents = resolve1(catalog["OutputIntents"])
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert "Công tác của UBND tỉnh tháng 01 năm 2024" in xmp
    assert len(intents) == 1
    assert b"sRGB" in resolve1(intents[0])["OutputConditionIdentifier"]


def test_draft_pages_after_the_first_repeat_the_draft_mark_in_the_top_margin(draft_pdf):
    with draft_pdf.open() as pdf:
        margins = [
            "".join(char["text"] for char in page.chars if char["bottom"] <= MARGINS["top"]) for page in pdf.pages
        ]
    assert margins[0] == ""
    for number, margin in enumerate(margins[1:], 2):
        assert margin.replace(" ", "") in {f"{number}DỰTHẢO", f"DỰTHẢO{number}"}
