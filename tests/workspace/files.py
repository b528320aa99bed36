"""Small real files for upload tests: a PDF with a known text, a DOCX, an XLSX."""

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


@functools.cache
def pdf_bytes(text="Tờ trình thử nghiệm"):
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


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
