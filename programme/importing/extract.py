"""Text extraction, one reader per format: each returns the source as numbered lines.

A :class:`SourceLine` keeps the place it came from ("dòng 12", "trang 2, dòng 5",
"đoạn 40") so that every problem the parser reports can name it. The readers import
their libraries inside the functions (python-docx and pypdf are heavy and only the
importer needs them). Every failure is an :class:`ExtractionError` with a Vietnamese message.

What a reader reads is bounded before it is parsed (the ``IMPORT_MAX_*`` settings): the size of
the upload, the uncompressed size, compression ratio and member count of a Word file's zip
(from its central directory), the pages of a PDF and the decompressed content of each, the
paragraphs, the text, and the time spent. A file beyond a bound is refused, never half read.
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: The first bytes of an OLE2 compound file: an encrypted Office file, or an old .doc.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
#: A .docx is a zip; a PDF has "%PDF-" within its first kilobyte (where readers look for it).
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
#: Members smaller than this are not judged by their compression ratio (tiny XML parts compress well).
RATIO_FLOOR_BYTES = 1024 * 1024
SUFFIXES = (".txt", ".pdf", ".docx")


class ExtractionError(Exception):
    """The file cannot be read as text; ``str(error)`` says why, in Vietnamese."""


class Bounds:
    """The time and the text one import may spend reading its file.

    ``IMPORT_MAX_SECONDS`` and ``IMPORT_MAX_TEXT_CHARS``: checked as the reader goes, page by page or
    paragraph by paragraph, so a file beyond them is left as soon as it is.
    """

    def __init__(self, filename):
        self.filename = filename
        self.seconds = settings.IMPORT_MAX_SECONDS
        self.deadline = monotonic() + self.seconds
        self.chars = 0

    def check_time(self):
        if monotonic() > self.deadline:
            raise ExtractionError(
                _("Đọc tệp quá %(seconds)d giây: tệp quá phức tạp, không nhập.") % {"seconds": self.seconds}
            )

    def add_text(self, length):
        self.chars += length
        if self.chars > settings.IMPORT_MAX_TEXT_CHARS:
            raise ExtractionError(
                _("Tệp %(file)s có quá nhiều chữ (hơn %(count)d ký tự): không phải một chương trình tháng, không nhập.")
                % {"file": self.filename, "count": settings.IMPORT_MAX_TEXT_CHARS}
            )


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
    if len(content) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ExtractionError(
            _("Tệp %(file)s lớn hơn %(size)s: không nhập.")
            % {"file": filename, "size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}
        )
    readers = {".txt": text_lines, ".pdf": pdf_lines, ".docx": docx_lines}
    if suffix not in readers:
        raise ExtractionError(
            _("Không đọc được tệp %(file)s: chỉ nhận tệp .docx, .pdf hoặc .txt.") % {"file": filename}
        )
    return readers[suffix](content, Bounds(filename))


def text_lines(content, bounds):
    bounds.add_text(len(content))
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


def pdf_lines(content, bounds):
    if PDF_MAGIC not in content[:1024]:
        raise ExtractionError(
            _("Tệp %(file)s không phải là tệp PDF (có thể là tệp khác được đổi đuôi thành .pdf).")
            % {"file": bounds.filename}
        )
    try:
        pages = _pdf_pages(content, bounds)
        if not any(page.strip() for page in pages):
            raise ExtractionError(_("Tệp PDF không có lớp chữ (có thể là ảnh quét): không có gì để nạp."))
        lines = []
        for page_number, text in enumerate(pages, 1):
            page_lines = text.splitlines()
            merged = next((index for index, line in enumerate(page_lines) if INTERLEAVED_CLOSING.match(line)), None)
            if merged is not None:
                page_lines = page_lines[:merged] + _closing_columns(content, page_number - 1)
                bounds.check_time()
            for number, raw in enumerate(page_lines, 1):
                place = _("trang %(page)d, dòng %(line)d") % {"page": page_number, "line": number}
                lines.append(SourceLine(raw, place, number == 1))
        return lines
    except ExtractionError:
        raise
    except Exception as error:  # a malformed PDF makes pypdf and pdfminer raise almost anything
        logger.warning("Unreadable PDF %s: %r", bounds.filename, error)
        raise ExtractionError(_("Tệp PDF bị hỏng, không đọc được.")) from error


def _pdf_pages(content, bounds):
    """The text of each page, every page's content measured (decompressed) before its text is read."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError(_("Tệp PDF được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại."))
    count, limit = len(reader.pages), settings.IMPORT_MAX_PAGES
    if count > limit:
        raise ExtractionError(
            _("Tệp PDF có quá nhiều trang (%(count)d, tối đa %(limit)d): không nhập.")
            % {"count": count, "limit": limit}
        )
    pages = []
    for number, page in enumerate(reader.pages, 1):
        bounds.check_time()
        too_large = ExtractionError(
            _("Trang %(page)d của tệp PDF có nội dung quá lớn (hơn %(size)s khi giải nén): không nhập.")
            % {"page": number, "size": filesizeformat(settings.IMPORT_MAX_PAGE_CONTENT_BYTES)}
        )
        try:
            size = _content_size(page)
        except LimitReachedError as error:
            raise too_large from error
        if size > settings.IMPORT_MAX_PAGE_CONTENT_BYTES:
            raise too_large
        text = page.extract_text() or ""
        bounds.add_text(len(text))
        pages.append(text)
    return pages


def _content_size(page):
    """The decompressed size of the page's content streams (pypdf keeps each decoded stream for extract_text)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


#: "Nơi nhận: TL. CHỦ TỊCH": the recipients and the signature block read across, line by line.
INTERLEAVED_CLOSING = re.compile(r"^\s*Nơi\s+nhận\s*:\s*\S")


def _closing_columns(content, page_index):
    """The closing of a page whose two columns the text layer interleaves: the left column, then the right.

    Some producers (Word among them) draw the recipients and the signature block line by line
    across the page; pdfplumber reads each half of the page below "Nơi nhận" on its own.
    """
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as document:
        page = document.pages[page_index]
        found = page.search(r"Nơi\s+nhận")
        if not found:
            return []
        top = found[0]["top"] - 1
        middle = _gutter(page.crop((0, top, page.width, page.height)).chars, page.width)
        columns = [page.crop((0, top, middle, page.height)), page.crop((middle, top, page.width, page.height))]
        return [line for column in columns for line in (column.extract_text() or "").splitlines()]


def _gutter(chars, width):
    """The x of the widest empty vertical band in the middle of the page (between the two columns)."""
    empty = [True] * (int(width) + 1)
    for char in chars:
        for x in range(max(0, int(char["x0"])), min(len(empty), int(char["x1"]) + 1)):
            empty[x] = False
    best, run_start = (0, width / 2), None
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        if empty[x] and run_start is None:
            run_start = x
        if run_start is not None and (not empty[x] or x == int(width * 0.7)):
            best = max(best, (x - run_start, (run_start + x) / 2))
            run_start = None
    return best[1]


def docx_lines(content, bounds):
    if content.startswith(OLE2_MAGIC):
        if ENCRYPTED_PACKAGE in content:
            raise ExtractionError(_("Tệp Word được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại."))
        raise ExtractionError(_("Tệp Word dạng .doc cũ: hãy lưu lại thành .docx rồi nạp lại."))
    if not content.startswith(ZIP_MAGIC):
        raise ExtractionError(
            _("Tệp %(file)s không phải là tệp Word (.docx) (có thể là tệp khác được đổi đuôi thành .docx).")
            % {"file": bounds.filename}
        )
    from docx import Document

    try:
        _check_package(content)
        document = Document(io.BytesIO(content))
        lines = []
        for number, (text, page_start) in enumerate(_docx_paragraphs(document), 1):
            bounds.check_time()
            if number > settings.IMPORT_MAX_PARAGRAPHS:
                raise ExtractionError(
                    _("Tệp Word có quá nhiều đoạn (hơn %(count)d): không phải một chương trình tháng, không nhập.")
                    % {"count": settings.IMPORT_MAX_PARAGRAPHS}
                )
            bounds.add_text(len(text))
            place = _("đoạn %(number)d") % {"number": number}
            for index, part in enumerate(text.split("\n")):
                lines.append(SourceLine(part, place, page_start and index == 0))
        return lines
    except ExtractionError:
        raise
    except Exception as error:  # a malformed package or XML makes zipfile, lxml and python-docx raise almost anything
        logger.warning("Unreadable Word file %s: %r", bounds.filename, error)
        raise ExtractionError(_("Tệp Word bị hỏng, không đọc được.")) from error


def _check_package(content):
    """Refuse a zip whose central directory promises more than a programme could need, before inflating it.

    zipfile never inflates a member beyond the size its directory entry declares (it stops and the
    CRC check fails), so the declared sizes bound what python-docx reads.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        members = package.infolist()
    if len(members) > settings.IMPORT_MAX_ZIP_MEMBERS:
        raise ExtractionError(
            _("Tệp Word có quá nhiều thành phần (hơn %(count)d): không nhập.")
            % {"count": settings.IMPORT_MAX_ZIP_MEMBERS}
        )
    if sum(member.file_size for member in members) > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise ExtractionError(
            _("Tệp Word quá lớn khi giải nén (hơn %(size)s): không nhập.")
            % {"size": filesizeformat(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}
        )
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise ExtractionError(
                _("Tệp Word có phần nén bất thường (%(member)s giải nén lớn gấp hơn %(ratio)d lần): không nhập.")
                % {"member": member.filename, "ratio": ratio}
            )


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN_VALUES = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
ROMAN_VALUES += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _docx_paragraphs(document):
    """(text, starts a page) of every paragraph in reading order, table cells included (row by row).

    Word's automatic numbering ("List Number", numbered headings) is written out as text, the way
    Word shows it, so a programme numbered by Word reads like one numbered by hand.
    """
    numbering = ListNumbering(document)
    for block in document.element.body.iterchildren():
        paragraphs = [block] if block.tag == f"{W_NS}p" else []
        if block.tag == f"{W_NS}tbl":
            paragraphs = [
                paragraph
                for row in block.iter(f"{W_NS}tr")
                for cell in row.iterchildren(f"{W_NS}tc")
                for paragraph in cell.iterchildren(f"{W_NS}p")
            ]
        for paragraph in paragraphs:
            text, page_start = _paragraph_text(paragraph)
            label = numbering.label(paragraph)
            yield (f"{label} {text}" if label and text.strip() else text), page_start


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


class ListNumbering:
    """The labels Word draws in front of numbered paragraphs ("1.", "II.", "-"), counted in reading order."""

    def __init__(self, document):
        self.levels, self.starts = {}, {}
        self.counters = {}
        self.style_numbers = self._style_numbers(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in root.iterchildren(f"{W_NS}abstractNum"):
            abstract[node.get(f"{W_NS}abstractNumId")] = {
                level.get(f"{W_NS}ilvl"): (
                    _value(level, "numFmt") or "decimal",
                    _value(level, "lvlText") or "",
                    int(_value(level, "start") or 1),
                )
                for level in node.iterchildren(f"{W_NS}lvl")
            }
        for node in root.iterchildren(f"{W_NS}num"):
            number = node.get(f"{W_NS}numId")
            self.levels[number] = abstract.get(_value(node, "abstractNumId"), {})
            for override in node.iterchildren(f"{W_NS}lvlOverride"):
                start = _value(override, "startOverride")
                if start is not None:
                    self.starts[(number, override.get(f"{W_NS}ilvl"))] = int(start)

    @staticmethod
    def _style_numbers(document):
        """Paragraph style id -> numId, for styles that number their paragraphs (basedOn followed)."""
        styles = {}
        for style in document.styles.element.iterchildren(f"{W_NS}style"):
            properties = style.find(f"{W_NS}pPr")
            number = properties.find(f"{W_NS}numPr") if properties is not None else None
            based_on = _value(style, "basedOn")
            styles[style.get(f"{W_NS}styleId")] = (_value(number, "numId") if number is not None else None, based_on)
        resolved = {}
        for style_id in styles:
            current, seen = style_id, set()
            while current in styles and current not in seen and styles[current][0] is None:
                seen.add(current)
                current = styles[current][1]
            if current in styles and styles[current][0] is not None:
                resolved[style_id] = styles[current][0]
        return resolved

    def label(self, paragraph):
        properties = paragraph.find(f"{W_NS}pPr")
        if properties is None:
            return ""
        direct = properties.find(f"{W_NS}numPr")
        number = _value(direct, "numId") if direct is not None else None
        level = (_value(direct, "ilvl") if direct is not None else None) or "0"
        if number is None:
            number = self.style_numbers.get(_value(properties, "pStyle"))
        if number is None or number == "0" or level not in self.levels.get(number, {}):
            return ""
        counters = self.counters.setdefault(number, {})
        for deeper in [key for key in counters if int(key) > int(level)]:
            del counters[deeper]
        formats = self.levels[number]
        start = self.starts.get((number, level), formats[level][2])
        counters[level] = counters[level] + 1 if level in counters else start
        text = formats[level][1]
        for index in range(9):
            key = str(index)
            if f"%{index + 1}" in text and key in formats:
                value = counters.get(key, self.starts.get((number, key), formats[key][2]))
                text = text.replace(f"%{index + 1}", _formatted(value, formats[key][0]))
        return "-" if formats[level][0] == "bullet" else text.strip()


def _value(node, name):
    child = node.find(f"{W_NS}{name}") if node is not None else None
    return child.get(f"{W_NS}val") if child is not None else None


def _formatted(value, number_format):
    if number_format in ("upperRoman", "lowerRoman"):
        roman = ""
        for amount, letters in ROMAN_VALUES:
            while value >= amount:
                roman, value = roman + letters, value - amount
        return roman if number_format == "upperRoman" else roman.lower()
    if number_format in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if number_format == "upperLetter" else letter.lower()
    return str(value)
