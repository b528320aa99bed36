"""The official layout read back: source lines -> interchange data.

The document is read in three regions, found by the markers every programme carries:
the header block and the title (before "A."), the content (parts A and B, up to
"Nơi nhận:") and the closing (recipients, then the signature block). Lines broken
anywhere are joined back into paragraphs: a paragraph starts only where the numbering
expects one ("A.", "I.", "Phiên ngày", or the next number of the current list), so a
line that happens to begin with a number continues its paragraph. Page numbers, the
"DỰ THẢO" mark, rules and headers repeated at the top of every page are dropped.

Nothing is invented: what cannot be placed is reported with its place and left out.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agenda import dates
from agenda.text import fold
from meetings.models import Item
from programme.document import LETTERS, ROMAN

NOISE = re.compile(
    r"^(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?(?:\s+DỰ THẢO)?$"  # page numbers, "2 DỰ THẢO"
    r"|^DỰ THẢO(?:\s+\d{1,3})?$"
    r"|^Trang\s+\d+(?:\s*/\s*\d+)?$"
    r"|^[-–—―_=.·*]{3,}$"  # rules
    r"|^\(?Đã ký\)?$"
)
PART = re.compile(r"^([A-D])\.\s+(\S.*)$")
GROUP = re.compile(r"^(" + "|".join(ROMAN) + r")\.\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,2})\.(?:\s+|$)(.*)$")
SESSION = re.compile(r"^Phiên\s+ngày\s+(.*)$", re.IGNORECASE)
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$")
DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?:\s*\(([^()]*)\))?"
DATED = re.compile(r"^Ngày\s+" + DATE + r"\s*:?\s*(.*)$", re.IGNORECASE)
HEADING_DATE = re.compile(r"^(.*?)\s*:\s*Ngày\s+" + DATE + r"\s*:?$", re.IGNORECASE)
SUFFIX = re.compile(r"^(.*?)\s*\(([^()]*?)\s+chuẩn\s+bị\s*\)$", re.DOTALL)
CLOSE_MARK = re.compile(r"\s*\.\s*/\s*\.\s*$")
NATIONAL_TITLE = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")
MOTTO = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc")
NUMBER_LINE = re.compile(r"Số\s*:\s*([^/]*?)\s*/\s*(\S+)")
#: What stands for a number not yet written in a draft: spaces (collapsed), dots, ellipses, underscores.
UNWRITTEN = r"[\s.…_]*"
#: "Bắc Giang, ngày 28 tháng 02 năm 2024"; in a draft day, month and year may be blank ("ngày    tháng    năm").
PLACE_DATE = re.compile(
    r"([^,\d]*\S)\s*,\s*ngày\s*(?:(\d{1,2})|" + UNWRITTEN + r")\s*tháng\s*(?:(\d{1,2})|" + UNWRITTEN + r")"
    r"\s*năm\b(?:\s*(\d{4})\b|\s*(?:\d{0,3}[.…_]+)?)"
)
DOCUMENT_TYPE = re.compile(r"^CHƯƠNG\s+TRÌNH$")
AMENDMENT = re.compile(r"^\(?Điều\s+chỉnh\s+lần\s+\d+\)?$")
MONTH_IN_TITLE = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
AUTHORITY = re.compile(r"^(?:TL|KT|TM|TUQ|Q)\.\s")
#: The verification block under the signature of a signed copy: not part of the programme.
VERIFICATION = re.compile(r"^Xác\s+thực\s+văn\s+bản\s+điện\s+tử")


@dataclass
class Line:
    text: str
    place: str


@dataclass
class Paragraph:
    kind: str  # part, group, session, numbered
    number: str
    text: str
    place: str


@dataclass
class Layout:
    """What the layout says, before agencies are matched: the parser's output."""

    header: dict = field(default_factory=dict)
    title: str = ""
    title_place: str = ""
    paragraphs: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    signer: dict = field(default_factory=dict)
    signer_place: str = ""
    problems: list = field(default_factory=list)

    def problem(self, place, message):
        self.problems.append(f"{place}: {message}" if place else message)


class NotAProgramme(Exception):
    """The text has no part "A." or no numbered content: it is not a programme."""


def clean_lines(source_lines):
    """Normalised, non-blank lines without page numbers, draft marks, rules and repeated page headers."""
    lines = []
    repeated = _repeated_page_edges(source_lines)
    for source in source_lines:
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", source.text)).strip()
        if not text or NOISE.match(text) or text in repeated:
            continue
        lines.append(Line(text, source.place))
    return lines


def _repeated_page_edges(source_lines, depth=3):
    """Running headers: lines among the first ``depth`` lines of most pages, and nowhere else.

    Content is never taken for a header: a line found elsewhere on a page, numbered lines,
    headings and lines ending as a paragraph or an item ends (";", ".", ")", ":") are kept.
    """
    at_top, elsewhere, pages, current = {}, set(), 0, None
    for source in source_lines:
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", source.text)).strip()
        if source.page_start:
            pages, current = pages + 1, []
        if not text or NOISE.match(text):
            continue
        if current is not None and len(current) < depth:
            current.append(text)
            at_top[text] = at_top.get(text, 0) + 1
        else:
            elsewhere.add(text)
    return {
        text
        for text, count in at_top.items()
        if count >= max(2, (pages - 1) // 2)
        and text not in elsewhere
        and not (PART.match(text) or GROUP.match(text) or NUMBERED.match(text))
        and not text.endswith((";", ".", ")", ":"))
    }


def read_layout(lines):
    """The :class:`Layout` of cleaned ``lines``; raise :class:`NotAProgramme` if they hold none."""
    start = next((index for index, line in enumerate(lines) if PART.match(line.text) and line.text[0] == "A"), None)
    if start is None:
        raise NotAProgramme(_("không tìm thấy phần “A.” của chương trình."))
    end = next(
        (index for index in range(start, len(lines)) if RECIPIENTS.match(lines[index].text)),
        len(lines),
    )
    layout = Layout()
    _read_header(lines[:start], layout)
    layout.paragraphs = _paragraphs(lines[start:end], layout)
    if not any(paragraph.kind == "numbered" for paragraph in layout.paragraphs):
        raise NotAProgramme(_("không tìm thấy mục đánh số nào sau phần “A.”."))
    if end == len(lines):
        layout.problem(lines[-1].place, _("không tìm thấy “Nơi nhận:” và khối chữ ký."))
    else:
        _read_closing(lines[end:], layout)
    return layout


# --- Header block and title ------------------------------------------------------------------


def _read_header(lines, layout):
    header = layout.header
    bodies, title, after_type = [], [], False
    for line in lines:
        text = MOTTO.sub("", NATIONAL_TITLE.sub("", line.text)).strip()
        number = NUMBER_LINE.search(text)
        if number:
            value = number.group(1).strip()
            if value.isalnum():
                header["number"] = value
            text = (text[: number.start()] + text[number.end() :]).strip()
        place_date = PLACE_DATE.search(text)
        if place_date:
            _read_place_date(place_date, line.place, header, layout)
            text = (text[: place_date.start()] + text[place_date.end() :]).strip()
        if not text or AMENDMENT.match(text):
            continue
        if DOCUMENT_TYPE.match(text):
            after_type, title = True, []
        elif after_type or not _is_upper(text):
            title.append(Line(text, line.place))
        else:
            bodies.append(text)
    if bodies:  # the parent body and the issuing body: which lines are which is the office's (importing._issuer)
        header["bodies"] = bodies
    if title:
        layout.title = " ".join(line.text for line in title)
        layout.title_place = title[0].place


def _read_place_date(match, place, header, layout):
    header["place"] = match.group(1).strip()
    day, month, year = match.group(2), match.group(3), match.group(4)
    if day and month and year:  # a blank day, month or year (a draft before numbering): no date
        try:
            header["issue_date"] = datetime.date(int(year), int(month), int(day))
        except ValueError:
            layout.problem(place, _("ngày ban hành “%(text)s” không hợp lệ.") % {"text": match.group(0)})


def _is_upper(text):
    return any(ch.isalpha() for ch in text) and text == text.upper()


# --- Content: paragraphs ----------------------------------------------------------------------


def _paragraphs(lines, layout):
    """Join broken lines into paragraphs, following the numbering the document must have."""
    paragraphs = []
    next_part, next_group, next_number = 0, 0, 1
    for line in lines:
        text = line.text
        part, group, session, numbered = PART.match(text), GROUP.match(text), SESSION.match(text), NUMBERED.match(text)
        if part and next_part < len(LETTERS) and part.group(1) == LETTERS[next_part]:
            paragraphs.append(Paragraph("part", part.group(1), part.group(2), line.place))
            next_part, next_group, next_number = next_part + 1, 0, 1
        elif group and next_part > 0 and next_group < len(ROMAN) and group.group(1) == ROMAN[next_group]:
            paragraphs.append(Paragraph("group", group.group(1), group.group(2), line.place))
            next_group, next_number = next_group + 1, 1
        elif session and next_group > 0:
            paragraphs.append(Paragraph("session", "", session.group(1), line.place))
            next_number = 1
        elif numbered and int(numbered.group(1)) == next_number:
            paragraphs.append(Paragraph("numbered", numbered.group(1), numbered.group(2), line.place))
            next_number += 1
        elif paragraphs:
            paragraphs[-1].text = f"{paragraphs[-1].text} {text}".strip()
        else:
            layout.problem(line.place, _("không xếp được “%(text)s” vào mục nào; đã bỏ qua.") % {"text": text})
    for paragraph in paragraphs:
        paragraph.text = CLOSE_MARK.sub("./.", paragraph.text)
    return paragraphs


def strip_close_mark(text):
    """ "xã hội./." -> "xã hội."; the "./." that closes the content is not part of any text."""
    return text[:-2] if text.endswith("./.") else text


# --- Closing: recipients and signature --------------------------------------------------------


def _read_closing(lines, layout):
    first = RECIPIENTS.match(lines[0].text)
    rest = ([Line(first.group(1), lines[0].place)] if first.group(1) else []) + lines[1:]
    recipients, signature, closed = [], [], False
    for line in rest:
        text = line.text
        if VERIFICATION.match(text):
            break
        starts_signature = recipients and (AUTHORITY.match(text) or (_is_upper(text) and not re.search(r"[;,]", text)))
        if closed or (starts_signature and not text.startswith(("-", "–", "+", "•"))):
            closed = True
            signature.append(line)
        elif text[:1] in ("-", "–", "+", "•"):
            recipients.append(Line(text[1:].strip(), line.place))
        elif recipients:
            recipients[-1].text = f"{recipients[-1].text} {text}"
        else:
            layout.problem(line.place, _("không xếp được “%(text)s” vào nơi nhận; đã bỏ qua.") % {"text": text})
            continue
        if recipients and recipients[-1].text.endswith("."):
            closed = True
    layout.recipients = [(Item.clean_title(line.text), line.place) for line in recipients]
    texts = [line.text for line in signature]
    if signature:
        layout.signer_place = signature[0].place
    upper = [text for text in texts if _is_upper(text)]
    names = [text for text in texts if not _is_upper(text)]
    layout.signer = {
        "authority": upper[0] if upper else "",
        "position": " ".join(upper[1:]),
        "name": " ".join(names),
    }


# --- Dates and items ---------------------------------------------------------------------------


def parse_date(match, place, layout, offset=1):
    """The date of a DATE match (groups from ``offset``: day, month, year, weekday); None if invalid."""
    day, month, year, weekday = (match.group(offset + index) for index in range(4))
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        layout.problem(place, _("“%(text)s” không phải là ngày hợp lệ.") % {"text": f"{day}/{month}/{year}"})
        return None
    if weekday and fold(weekday).strip() != fold(dates.weekday_label(value)):
        layout.problem(
            place,
            _("ngày %(date)s là %(weekday)s, không phải “%(written)s”.")
            % {"date": dates.short_date(value), "weekday": dates.weekday_label(value), "written": weekday},
        )
    return value


def split_item(text):
    """ "Title (Sở A, Sở B chuẩn bị);" -> ("Title", "Sở A, Sở B"); no suffix: (title, "")."""
    text = Item.clean_title(strip_close_mark(text))
    match = SUFFIX.match(text)
    if match is None:
        return text, ""
    return Item.clean_title(match.group(1)), match.group(2).strip()


def month_of_title(title):
    match = MONTH_IN_TITLE.search(title or "")
    return (int(match.group(2)), int(match.group(1))) if match else (None, None)
