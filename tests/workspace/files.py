"""Small real files for upload tests: a PDF with a known text, a damaged PDF, a DOCX, an XLSX."""

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


@functools.cache
def pdf_bytes(text="Tờ trình thử nghiệm"):
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@functools.cache
def damaged_pdf_bytes(text="Tờ trình bị hỏng"):
    """A real PDF whose font object is damaged: it opens and counts its pages, but copying its pages
    (what the session packet does) fails, as with a file truncated or corrupted on its way."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(text))))
    output = io.BytesIO()
    writer.write(output)  # plain objects, no object streams: the font dictionary can be reached by its bytes
    plain = output.getvalue()
    damaged = plain.replace(b"<<\n/Type /Font\n/Subtype /Type0", b"[[\n/Type /Font\n/Subtype /Type0", 1)
    assert damaged != plain
    return damaged


def ooxml_bytes(main_part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


def docx_bytes():
    return ooxml_bytes("word/document.xml")


def xlsx_bytes():
    return ooxml_bytes("xl/workbook.xml")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
