"""The plan as the document reads: every line in order, with the numbering and
punctuation rules of the official programme (see the domain notes in the README).

The web page and the PDF both render this; neither re-implements a rule.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from agenda import dates
from agenda.models import MonthlyPlan, Office, PriorityTask
from meetings.models import Item, ItemAgency

ROMAN = ("I", "II", "III", "IV", "V", "VI")
LETTERS = ("A", "B", "C", "D")
BLANK = "\u00a0" * 6
#: The approver has signed: the number and date the register gave are the document's.
SIGNED_STATUSES = (MonthlyPlan.Status.SIGNED, *MonthlyPlan.ISSUED_STATUSES)
#: A People's Committee (or Council) named in full takes two lines: "ỦY BAN NHÂN DÂN" / "XÃ TÂN YÊN".
COUNCIL_NAME = re.compile(r"^((?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN)\s+(\S.*)$")


def plans_for_document():
    """MonthlyPlan rows with everything the document needs, in a fixed number of queries."""
    return MonthlyPlan.objects.prefetch_related(
        "priority_tasks",
        "sessions",
        Prefetch(
            "items",
            queryset=Item.objects.select_related("session").prefetch_related(
                Prefetch("assignments", queryset=ItemAgency.objects.select_related("agency"))
            ),
        ),
    )


def agency_labels(agencies):
    """How each agency is named in the suffix: its full name when alone, else its short name."""
    if len(agencies) == 1:
        return [(agencies[0], agencies[0].name)]
    return [(agency, agency.short_name) for agency in agencies]


def agency_suffix(agencies):
    """ "(Sở Kế hoạch và Đầu tư chuẩn bị)" for one agency, "(Sở Nội vụ, Sở KHĐT chuẩn bị)" for several."""
    if not agencies:
        return ""
    names = ", ".join(label for _agency, label in agency_labels(agencies))
    return f" ({names} chuẩn bị)"


@dataclass(frozen=True)
class HeadingLine:
    """A line of the header's left column above the number: the parent body's (regular) or the issuing
    body's (bold, the short rule under its last line)."""

    text: str
    issuing: bool


def heading_lines(office):
    """The header's left column above the number, upper-case (Nghị định 30, Phụ lục I): the parent body when
    the office has one ("UBND TỈNH BẮC GIANG" / "VĂN PHÒNG"), else the issuing body alone, as a commune's People's
    Committee heads its documents; a People's Committee named in full on two lines ("ỦY BAN NHÂN DÂN" / "XÃ
    TÂN YÊN")."""
    lines = [HeadingLine(office.parent_body.upper(), False)] if office.parent_body.strip() else []
    name = office.name.upper()
    council = COUNCIL_NAME.match(name)
    names = council.groups() if council else (name,)
    return lines + [HeadingLine(text, True) for text in names]


def document_number(number):
    """Numbers below 10 take a leading zero: "5" -> "05"."""
    number = (number or "").strip()
    if number.isdigit() and int(number) < 10:
        return f"{int(number):02d}"
    return number


@dataclass
class Line:
    """One paragraph of the document.

    ``kind`` is one of: part, group, session, task, item, conference.
    """

    kind: str
    number: str
    text: str
    suffix: str = ""
    end: str = ""
    item: Item | None = None
    agencies: list = field(default_factory=list)
    task: PriorityTask | None = None

    @property
    def label(self):
        return f"{self.number} " if self.number else ""

    @property
    def full_text(self):
        return f"{self.label}{self.text}{self.suffix}{self.end}"

    @property
    def agency_labels(self):
        """(agency, name as written in the suffix) pairs, for pages that link each agency."""
        return agency_labels(self.agencies)

    @property
    def anchor(self):
        if self.item is not None:
            return self.item.anchor
        return self.task.anchor if self.task is not None else ""

    def close_document(self):
        """Give the last line of the content its "./." ending."""
        if self.end:
            self.end = "./." if self.end in {".", ";"} else self.end + "./."
        elif self.text.endswith("."):
            self.end = "/."
        else:
            self.end = "./."


@dataclass
class Document:
    plan: MonthlyPlan
    office: Office
    lines: list
    recipients: list
    #: The document as it is (being) signed: no "DỰ THẢO" mark, its number and date shown.
    final: bool = False
    #: An unsigned PDF: a draft whatever the plan's state (only a signed file is the document).
    unsigned: bool = False

    @property
    def is_draft(self):
        """Not signed yet: the "DỰ THẢO" mark, a blank number and date (the register gives them at signing)."""
        if self.final:
            return False
        return self.unsigned or self.plan.status not in SIGNED_STATUSES

    @property
    def awaiting_seal(self):
        """Signed by the approver, waiting for the văn thư's seal."""
        return not self.is_draft and self.plan.status == MonthlyPlan.Status.SIGNED

    @property
    def amendment_label(self):
        return self.plan.amendment_label

    @property
    def title(self):
        return self.plan.display_title

    @property
    def heading(self):
        """The header's left column above the number: :class:`HeadingLine` objects."""
        return heading_lines(self.office)

    @property
    def number_line(self):
        number = (not self.is_draft and document_number(self.plan.number)) or BLANK
        return f"Số: {number}/{self.office.document_symbol}"

    @property
    def place_date(self):
        day = None if self.is_draft else self.plan.header_date
        if day is None:
            year, _month = dates.shift_month(self.plan.year, self.plan.month, -1)  # drawn up the month before
            return f"{self.office.place}, ngày{BLANK}tháng{BLANK}năm {year}"
        return f"{self.office.place}, {dates.long_date(day)}"

    @property
    def signer(self):
        return self.plan.signer

    @property
    def text(self):
        """The content as plain text, one paragraph a line."""
        return "\n".join(line.full_text for line in self.lines)


def build_document(plan, office=None, *, final=False, unsigned=False):
    """The document of ``plan`` (fetched with :func:`plans_for_document` to keep queries fixed).

    ``final``: the plan as it is signed (the signing page renders it with its number and date);
    ``unsigned``: a render that is not the signed file, hence a draft whatever the plan's state. ``office``:
    the plan's own, when the caller has it read already.
    """
    office = office or plan.office
    lines = []
    parts = iter(LETTERS)

    tasks = list(plan.priority_tasks.all())
    if tasks:
        lines.append(Line("part", f"{next(parts)}.", plan.heading_priority_tasks))
        lines.extend(Line("task", f"{index}.", task.text.strip(), task=task) for index, task in enumerate(tasks, 1))

    items = sorted(plan.items.all(), key=lambda item: item.document_key)
    groups = _meeting_groups(plan, items)
    if groups:
        lines.append(Line("part", f"{next(parts)}.", plan.heading_meetings))
        for roman, group in zip(ROMAN, groups, strict=False):
            lines.extend(group(roman))

    if lines and lines[-1].kind != "part":
        lines[-1].close_document()

    recipients = plan.recipient_lines
    recipient_lines = [
        f"- {name}{'.' if index == len(recipients) - 1 else ';'}" for index, name in enumerate(recipients)
    ]
    return Document(plan=plan, office=office, lines=lines, recipients=recipient_lines, final=final, unsigned=unsigned)


def _meeting_groups(plan, items):
    """The B.I/B.II/B.III groups present in the plan, each a function of its roman numeral."""
    sessions = sorted(plan.sessions.all(), key=lambda s: (s.date, s.time or datetime.time.min, s.pk))
    chairman = [item for item in items if item.part == Item.Part.CHAIRMAN]
    conferences = [item for item in items if item.part == Item.Part.CONFERENCE]
    groups = []
    if sessions:
        groups.append(lambda roman: _session_lines(plan, roman, sessions, items))
    if chairman:
        groups.append(lambda roman: [Line("group", f"{roman}.", plan.heading_chairman_items), *_numbered(chairman)])
    if conferences:
        groups.append(
            lambda roman: [Line("group", f"{roman}.", plan.heading_conferences), *_conference_lines(conferences)]
        )
    return groups


def _session_lines(plan, roman, sessions, items):
    by_session = {session.pk: [] for session in sessions}
    for item in items:
        if item.part == Item.Part.SESSION:
            by_session[item.session_id].append(item)
    if len(sessions) == 1:
        session = sessions[0]
        heading = f"{plan.heading_regular_sessions}: {dates.when_and_where(session.date, session.time, session.place)}"
        return [Line("group", f"{roman}.", heading), *_numbered(by_session[session.pk])]
    lines = [Line("group", f"{roman}.", plan.heading_regular_sessions)]
    for session in sessions:
        when = dates.when_and_where(session.date, session.time, session.place)
        lines.append(Line("session", "", f"Phiên {when[0].lower()}{when[1:]}:"))
        lines.extend(_numbered(by_session[session.pk]))
    return lines


def _numbered(items):
    """Items numbered from 1, each ending ";" but the last, which ends "."."""
    lines = []
    for index, item in enumerate(items, 1):
        agencies = item.ordered_agencies
        end = "." if index == len(items) else ";"
        lines.append(Line("item", f"{index}.", item.title, agency_suffix(agencies), end, item, agencies))
    return lines


def _conference_lines(conferences):
    lines = []
    for index, item in enumerate(conferences, 1):
        agencies = item.ordered_agencies
        text = f"{dates.when_and_where(item.date, item.time, item.place)}: {item.title}"
        lines.append(Line("conference", f"{index}.", text, agency_suffix(agencies), ".", item, agencies))
    return lines
