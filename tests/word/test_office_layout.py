"""Each office's own heading and signature block in the Word copy: the three usual signature forms (TL., TM.,
KT.; Nghị định 30/2020, Điều 13) and a commune's People's Committee, whose heading has no parent body line. The
Word file read back by python-docx, then by the importer, which must give the same signer and issuing body."""

import io

import pytest
from docx import Document

from exports.docx import render_plan_docx
from programme.document import BLANK
from programme.importing import import_programme
from tests.offices import HEADINGS, SIGNATURE_BLOCKS, office_for_block, office_with_heading, plan_signed_as

pytestmark = pytest.mark.django_db


def cells(content, table):
    """The paragraphs of the left and right cells of the file's header (0) or footer (1) table."""
    left, right = Document(io.BytesIO(content)).tables[table].rows[0].cells
    return left.paragraphs, right.paragraphs


@pytest.mark.parametrize("block", SIGNATURE_BLOCKS, ids=[block["form"] for block in SIGNATURE_BLOCKS])
def test_each_signature_form_is_written_and_read_back(block):
    office = office_for_block(block)
    content = render_plan_docx(plan_signed_as(office, block))

    _recipients, signature = cells(content, 1)
    written = [paragraph.text for paragraph in signature]
    assert [text for text in written if text] == [block["authority"], block["position"], block["name"]]
    assert written.index(block["name"]) - written.index(block["position"]) > 3  # room for the signature
    assert all(paragraph.runs[0].bold for paragraph in signature if paragraph.text)

    result = import_programme(content, "programme.docx", office=office)
    assert result.data["signer"] == {key: block[key] for key in ("authority", "position", "name")}
    assert result.problems == []


@pytest.mark.parametrize("heading", HEADINGS, ids=[heading["issued_by"] for heading in HEADINGS])
def test_each_heading_is_written_in_the_left_column_and_read_back(heading):
    office = office_with_heading(heading)
    content = render_plan_docx(plan_signed_as(office))

    left, right = cells(content, 0)
    lines = [(paragraph.text, "bold" if paragraph.runs[0].bold else "regular") for paragraph in left[:-2]]
    assert lines == [tuple(line) for line in heading["lines"]]
    assert [paragraph.text for paragraph in left[-2:]] == ["――――", f"Số: {BLANK}/{office.document_symbol}"]
    assert len(right) == len(left)  # the place and date face the number, line for line
    assert right[-1].text.startswith(f"{office.place}, ngày")

    result = import_programme(content, "programme.docx", office=office)
    expected = {"parent_body": heading["parent_body"], "name": heading["name"], "place": office.place}
    assert result.data["issuer"] == expected
    assert result.problems == []
