"""Each office's own heading and signature block in the PDF (Nghị định 30/2020, Điều 13 and Phụ lục I): the three
usual signature forms (TL., TM., KT.) and a commune's People's Committee, whose heading has no parent body line.
Read back by pdftotext and pdfplumber, then by the importer, which must give the same signer and issuing body."""

import pytest

from exports.pdf import render_plan_pdf
from programme.importing import import_programme
from tests.offices import HEADINGS, SIGNATURE_BLOCKS, office_for_block, office_with_heading, plan_signed_as
from tests.pdf.conftest import MM, pdftotext
from tests.pdf.test_layout import find, sizes_of, style_of
from tests.reference import normalise

pytestmark = pytest.mark.django_db

#: The header's left column: the left margin and the column's width (exports/plan_pdf.css).
LEFT_COLUMN_RIGHT = (30 + 62) * MM


def rendered(plan, tmp_path):
    path = tmp_path / "programme.pdf"
    path.write_bytes(render_plan_pdf(plan))
    return path


@pytest.mark.parametrize("block", SIGNATURE_BLOCKS, ids=[block["form"] for block in SIGNATURE_BLOCKS])
def test_each_signature_form_is_printed_and_read_back(block, tmp_path):
    import pdfplumber

    office = office_for_block(block)
    path = rendered(plan_signed_as(office, block), tmp_path)

    closing = normalise(pdftotext(path).split("Nơi nhận:")[-1])
    assert block["authority"] in closing and block["position"] in closing and block["name"] in closing
    with pdfplumber.open(path) as pdf:
        last = pdf.pages[-1]
        authority, position, name = (find(last, block[key]) for key in ("authority", "position", "name"))
    for chars in (authority, position, name):
        assert style_of(chars)["bold"] and sizes_of(chars) <= {13.0, 14.0}
    centre = (authority[0]["x0"] + authority[-1]["x1"]) / 2
    assert (position[0]["x0"] + position[-1]["x1"]) / 2 == pytest.approx(centre, abs=2)  # one centred block
    assert authority[0]["top"] < position[0]["top"] < name[0]["top"] - 30 * MM  # the signature's room between
    assert authority[-1]["x1"] - authority[0]["x0"] < 82 * MM  # on one line of the column

    result = import_programme(path.read_bytes(), "programme.pdf", office=office)
    assert result.data["signer"] == {key: block[key] for key in ("authority", "position", "name")}
    assert result.problems == []


@pytest.mark.parametrize("heading", HEADINGS, ids=[heading["issued_by"] for heading in HEADINGS])
def test_each_heading_is_printed_in_the_left_column_and_read_back(heading, tmp_path):
    import pdfplumber

    office = office_with_heading(heading)
    path = rendered(plan_signed_as(office), tmp_path)

    header = pdftotext(path, first=1, last=1).split("CHƯƠNG TRÌNH")[0]
    assert [line for line in header.splitlines() if line.strip() in dict(heading["lines"])] == [
        text for text, _style in heading["lines"]
    ]
    if not heading["parent_body"]:
        assert "UBND TỈNH BẮC GIANG" not in header  # no parent body line above a commune's People's Committee
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        number = find(page, "Số:")
        nation = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        column = page.crop((0, 0, LEFT_COLUMN_RIGHT, number[0]["top"] - 1))
        lines = column.extract_text_lines()
        rules = [shape for shape in column.rects + column.lines if shape["top"] > lines[-1]["bottom"]]
    assert [(line["text"], "bold" if style_of(line["chars"])["bold"] else "regular") for line in lines] == [
        tuple(line) for line in heading["lines"]
    ]
    assert lines[0]["top"] == pytest.approx(nation[0]["top"], abs=3)  # the first line faces the national title
    assert len(rules) == 1 and rules[0]["x1"] - rules[0]["x0"] < LEFT_COLUMN_RIGHT / 2  # the short rule under it

    result = import_programme(path.read_bytes(), "programme.pdf", office=office)
    expected = {"parent_body": heading["parent_body"], "name": heading["name"], "place": office.place}
    assert result.data["issuer"] == expected
    assert result.problems == []
