"""Text extraction, one reader per format: each returns the source as numbered lines.

A :class:`SourceLine` keeps the place it came from ("dòng 12", "trang 2, dòng 5",
"đoạn 40") so that every problem the parser reports can name it. The readers import
their libraries inside the functions (python-docx and pypdf are heavy and only the
importer needs them). Every failure is an :class:`ExtractionError` with a Vietnamese message.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

#: The first bytes of an OLE2 compound file: an encrypted Office file, or an old .doc.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
SUFFIXES = (".txt", ".pdf", ".docx")


class ExtractionError(Exception):
    """The file cannot be read as text; ``str(error)`` says why, in Vietnamese."""


@dataclass(frozen=True)
class SourceLine:
    text: str
    place: str
    #: True for the first line of a new page (PDF pages, form feeds, page breaks in Word).
    page_start: bool = False


def extract_lines(content, filename):
    """The lines of ``content`` (bytes), read according to the suffix of ``filename``."""
    suffix = Path(filename).suffix.lower()
    if not content:
        raise ExtractionError(_("Tệp %(file)s rỗng.") % {"file": filename})
    readers = {".txt": text_lines, ".pdf": pdf_lines, ".docx": docx_lines}
    if suffix not in readers:
        raise ExtractionError(
            _("Không đọc được tệp %(file)s: chỉ nhận tệp .docx, .pdf hoặc .txt.") % {"file": filename}
        )
    return readers[suffix](content)


def text_lines(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(_("Tệp văn bản không phải là UTF-8: %(error)s") % {"error": error}) from error
    lines = []
    page_start = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if "\f" in raw:
            page_start = True
            raw = raw.replace("\f", "")
        lines.append(SourceLine(raw, _("dòng %(number)d") % {"number": number}, page_start))
        if raw.strip():
            page_start = False
    return lines


def pdf_lines(content):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(_("Tệp PDF được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại."))
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as error:
        raise ExtractionError(_("Tệp PDF bị hỏng, không đọc được: %(error)s") % {"error": error}) from error
    if not any(page.strip() for page in pages):
        raise ExtractionError(_("Tệp PDF không có lớp chữ (có thể là ảnh quét): không có gì để nạp."))
    lines = []
    for page_number, text in enumerate(pages, 1):
        for number, raw in enumerate(text.splitlines(), 1):
            place = _("trang %(page)d, dòng %(line)d") % {"page": page_number, "line": number}
            lines.append(SourceLine(raw, place, number == 1))
    return lines


def docx_lines(content):
    if content.startswith(OLE2_MAGIC):
        if ENCRYPTED_PACKAGE in content:
            raise ExtractionError(_("Tệp Word được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại."))
        raise ExtractionError(_("Tệp Word dạng .doc cũ: hãy lưu lại thành .docx rồi nạp lại."))
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise ExtractionError(_("Tệp Word bị hỏng, không đọc được: %(error)s") % {"error": error}) from error
    lines = []
    for number, (text, page_start) in enumerate(_docx_paragraphs(document), 1):
        place = _("đoạn %(number)d") % {"number": number}
        for index, part in enumerate(text.split("\n")):
            lines.append(SourceLine(part, place, page_start and index == 0))
    return lines


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraphs(document):
    """(text, starts a page) of every paragraph in reading order, table cells included (row by row)."""
    for block in document.element.body.iterchildren():
        if block.tag == f"{W_NS}p":
            yield _paragraph_text(block)
        elif block.tag == f"{W_NS}tbl":
            for row in block.iter(f"{W_NS}tr"):
                for cell in row.iterchildren(f"{W_NS}tc"):
                    for paragraph in cell.iterchildren(f"{W_NS}p"):
                        yield _paragraph_text(paragraph)


def _paragraph_text(paragraph):
    parts = []
    page_start = False
    for node in paragraph.iter(f"{W_NS}t", f"{W_NS}br", f"{W_NS}tab", f"{W_NS}cr", f"{W_NS}pageBreakBefore"):
        if node.tag == f"{W_NS}t":
            parts.append(node.text or "")
        elif node.tag == f"{W_NS}tab":
            parts.append(" ")
        elif node.tag == f"{W_NS}pageBreakBefore":
            page_start = True
        else:
            parts.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(parts)), page_start
