"""Programmes typed in Word by staff: Word's own list numbering, and a page break inside an item."""

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from programme.document import build_document, plans_for_document
from programme.importing import import_programme
from tests.reference import reference_data


def new_list(word, number_format):
    """A fresh Word list (its own numbering instance, starting at 1) in ``number_format``."""
    numbering = word.part.numbering_part.element
    abstract_id = str(900 + len(numbering.findall(qn("w:abstractNum"))))
    text = "-" if number_format == "bullet" else "%1."
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="{number_format}"/><w:lvlText w:val="{text}"/>'
            "</w:lvl></w:abstractNum>"
        ),
    )
    number_id = str(900 + len(numbering.findall(qn("w:num"))))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{number_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    return number_id


def numbered(word, text, number_id):
    paragraph = word.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{number_id}"/></w:numPr>')
    )
    return paragraph


def typed_in_word(plan):
    """The plan as staff type it in Word: parts, groups and items numbered by Word, not by hand."""
    document = build_document(plan)
    word = Document()
    for text in ("UBND TỈNH BẮC GIANG", "VĂN PHÒNG", "CHƯƠNG TRÌNH", document.title):
        word.add_paragraph(text)
    parts, groups, items = new_list(word, "upperLetter"), new_list(word, "upperRoman"), None
    for line in document.lines:
        text = f"{line.text}{line.suffix}{line.end}"
        if line.kind == "part":
            numbered(word, text, parts)
            items = new_list(word, "decimal")
        elif line.kind == "group":
            numbered(word, text, groups)
            items = new_list(word, "decimal")
        else:
            numbered(word, text, items)
    word.add_paragraph("Nơi nhận:")
    recipients = new_list(word, "bullet")
    for recipient in document.recipients:
        numbered(word, recipient.removeprefix("- "), recipients)
    for text in plan.signer.values():
        word.add_paragraph(text)
    return word


def saved(word):
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


def test_word_list_numbering_is_read_as_the_numbers_word_shows(sample_plan):
    word = typed_in_word(plans_for_document().get(pk=sample_plan.pk))
    result = import_programme(saved(word), "chuong-trinh.docx")
    assert result.problems == []
    assert result.data == reference_data()


def test_a_page_break_typed_inside_an_item(sample_plan):
    word = typed_in_word(plans_for_document().get(pk=sample_plan.pk))
    item = next(p for p in word.paragraphs if p.text.startswith("Kế hoạch công tác phòng, chống ma túy"))
    run = item.runs[0]
    head, tail = run.text.split(" năm ")
    run.text = head + " năm"
    item.add_run().add_break(WD_BREAK.PAGE)
    item.add_run(tail)
    result = import_programme(saved(word), "chuong-trinh.docx")
    assert result.data == reference_data()
