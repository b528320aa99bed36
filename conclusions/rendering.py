"""The notice as a PDF (WeasyPrint, the programme's print rules and fonts) and as a Word working copy
(python-docx, the programme's header and footer tables). Both take a :class:`~conclusions.document.NoticeDocument`.

The PDF reuses exports.pdf's fonts, restricted URL fetcher, print CSS and signature-box reading, adding
only the few rules a notice needs (``NOTICE_CSS``): the same measures of Nghị định 30 hold for both.
"""

import hashlib
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from exports import docx as programme_docx
from exports import pdf as programme_pdf
from exports.pdf import PdfRenderError, RenderedPdf

TEMPLATE = "conclusions/notice_pdf.html"
NOTICE_CSS = """
.content .heading { font-weight: bold; break-after: avoid; }
.content .closing { margin-top: 6pt; }
"""


def notice_html(document, *, verification_url=None):
    context = {
        "document": document,
        "verification_url": verification_url,
        "qr_code": programme_pdf.qr_code_data_uri(verification_url) if verification_url else "",
    }
    return render_to_string(TEMPLATE, context)


def render_notice(document, *, verification_url=None):
    """The PDF of ``document`` and its signature box; :class:`PdfRenderError` (Vietnamese) when it fails."""
    paths = programme_pdf.font_paths()
    html = notice_html(document, verification_url=verification_url)
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fetcher = programme_pdf.url_fetcher()
        fonts = FontConfiguration()
        stylesheets = [
            CSS(string=programme_pdf.font_face_css(paths), font_config=fonts, url_fetcher=fetcher),
            CSS(url=programme_pdf.PRINT_CSS.as_uri(), font_config=fonts, url_fetcher=fetcher),
            CSS(string=NOTICE_CSS, font_config=fonts, url_fetcher=fetcher),
        ]
        rendered = HTML(string=html, base_url=programme_pdf.STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=stylesheets
        )
        box = programme_pdf._signature_box(rendered)
        identifier = hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
        content = rendered.write_pdf(pdf_identifier=identifier, pdf_variant=programme_pdf.PDF_VARIANT)
    except PdfRenderError:
        raise
    except Exception as error:
        raise PdfRenderError(
            _("Không tạo được tệp PDF của thông báo kết luận: %(error)s") % {"error": error}
        ) from error
    return RenderedPdf(content=content, signature_box=box)


def render_notice_docx(document):
    """The Word working copy of ``document``, as bytes (the signed PDF is the official document)."""
    from docx import Document
    from docx.shared import Cm, Pt

    word = Document()
    programme_docx._page_setup(word)
    programme_docx._base_style(word)
    if document.is_draft:
        programme_docx._paragraph(word, "DỰ THẢO", size=14, bold=True, align="right")
    programme_docx._header_table(word, document)
    programme_docx._paragraph(word, "", size=14)
    programme_docx._paragraph(word, "THÔNG BÁO", bold=True)
    programme_docx._paragraph(word, document.title, bold=True)
    rule = programme_docx._paragraph(word, "――――――――", bold=True)
    rule.paragraph_format.space_after = Pt(12)
    for paragraph in document.paragraphs:
        written = programme_docx._paragraph(word, paragraph.text, bold=paragraph.kind == "heading", align="justify")
        written.paragraph_format.first_line_indent = Cm(1)
        written.paragraph_format.space_after = Pt(6)
        written.paragraph_format.keep_with_next = paragraph.kind == "heading"
    programme_docx._footer_table(word, document)
    properties = word.core_properties
    properties.title = f"Thông báo {document.title}"
    properties.author = str(document.office)
    properties.comments = programme_docx.WORKING_COPY_NOTE
    properties.language = "vi-VN"
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()
