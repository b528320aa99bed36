"""The programme as a Word file (.docx): the working copy staff send as "bản Word".

One entry point, :func:`render_plan_docx` (plan -> bytes), testable without HTTP. The text
comes from :func:`programme.document.build_document`, as for the PDF; this module only lays it
out in the decree's layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins top 20 /
bottom 20 / left 30 / right 15 mm, Times New Roman 14 pt, the header and the footer as
two-column tables without borders, the numbering written as text (no Word lists), page
numbers from page 2. python-docx is imported inside the function (it is only needed here).

The file says in its properties that it is a working copy and that the signed PDF is the
official document. Importing it back (``programme.importing``) gives the same plan.
"""

import io

from django.utils import timezone

from programme.document import build_document

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_COLUMNS_MM = (62, 103)
FOOTER_COLUMNS_MM = (82, 83)
WORKING_COPY_NOTE = (
    "Bản Word để làm việc, không phải văn bản chính thức: "
    "văn bản chính thức là tệp PDF có chữ ký số của cơ quan ban hành."
)


def docx_filename(plan):
    """``cong-tac-thang-01-2024.docx``."""
    return f"cong-tac-thang-{plan.month:02d}-{plan.year:04d}.docx"


def render_plan_docx(plan):
    """The Word file of ``plan`` (fetched with ``plans_for_document()``), as bytes."""
    from docx import Document

    document = build_document(plan)
    word = Document()
    _page_setup(word)
    _base_style(word)
    if document.is_draft:
        _paragraph(word, "DỰ THẢO", size=14, bold=True, align="right")
    _header_table(word, document)
    _title(word, document)
    for line in document.lines:
        _content_paragraph(word, line)
    _footer_table(word, document)
    _properties(word, document)
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()


def _page_setup(word):
    from docx.shared import Mm

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, value in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(value))
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no page number on page 1
    header = section.header.paragraphs[0]
    header.alignment = _alignment("center")
    _page_field(header.add_run())


def _page_field(run):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _base_style(word):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.15


def _alignment(name):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[name]


def _paragraph(container, text, *, size=14, bold=False, italic=False, underline=False, align="center"):
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = _alignment(align)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _table(word, widths_mm):
    from docx.shared import Mm

    table = word.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)  # cells start empty
    return table.rows[0].cells


def _header_table(word, document):
    """The parent body (when the office has one) and the issuing body, its rule and the number on the left;
    the national title, the motto and, facing the number, the place and date on the right."""
    heading = document.heading
    left, right = _table(word, HEADER_COLUMNS_MM)
    for line in heading:
        _paragraph(left, line.text, size=13, bold=line.issuing)
    _paragraph(left, "――――", size=13)
    _paragraph(left, document.number_line, size=13)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    for _blank in range(len(heading) - 1):  # the left column's rule and number face these and the date
        _paragraph(right, "", size=13)
    _paragraph(right, document.place_date, size=14, italic=True)


def _title(word, document):
    from docx.shared import Pt

    _paragraph(word, "", size=14)
    _paragraph(word, "CHƯƠNG TRÌNH", bold=True)
    _paragraph(word, document.title, bold=True)
    rule = _paragraph(word, "――――――――", bold=True)
    rule.paragraph_format.space_after = Pt(12)


def _content_paragraph(word, line):
    from docx.shared import Cm, Pt

    paragraph = _paragraph(
        word,
        line.full_text,
        bold=line.kind in ("part", "group"),
        italic=line.kind == "session",
        align="justify",
    )
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = line.kind in ("part", "group", "session")


def _footer_table(word, document):
    _paragraph(word, "", size=14)
    left, right = _table(word, FOOTER_COLUMNS_MM)
    _paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
    for recipient in document.recipients:
        _paragraph(left, recipient, size=11, align="left")
    signer = document.signer
    _paragraph(right, signer["authority"].upper(), bold=True)
    _paragraph(right, signer["position"].upper(), bold=True)
    for _blank in range(4):  # room for the signature and the seal
        _paragraph(right, "")
    _paragraph(right, signer["name"], bold=True)


def _properties(word, document):
    plan, office = document.plan, document.office
    properties = word.core_properties
    properties.title = f"Chương trình {document.title}"
    properties.subject = document.title
    properties.author = str(office)
    properties.last_modified_by = properties.author
    properties.comments = WORKING_COPY_NOTE
    properties.category = "Bản làm việc (không phải văn bản chính thức)"
    properties.keywords = "bản Word làm việc; văn bản chính thức là PDF có chữ ký số"
    properties.language = "vi-VN"
    properties.revision = 1
    moment = plan.published_at or plan.updated_at or plan.created_at
    if moment is not None:
        moment = timezone.localtime(moment).replace(microsecond=0, tzinfo=None)
        properties.created = properties.modified = moment
