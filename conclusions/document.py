"""The notice as the document reads (Nghị định 30/2020, Phụ lục I: a Thông báo, type TB), built from the
interchange data (``conclusions.interchange``) so that the draft, the signed render and an issued revision's
snapshot all read the same way. The PDF (``conclusions.rendering``), the Word copy and the public page place
what this module builds; none of them re-implements a rule.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agenda import dates
from programme.document import BLANK, heading_lines


@dataclass
class Paragraph:
    """One paragraph of the body: ``kind`` is heading, text, task, note or closing."""

    kind: str
    text: str


@dataclass
class NoticeDocument:
    office: object
    settings: object
    data: dict
    final: bool = False
    paragraphs: list = field(default_factory=list)
    recipients: list = field(default_factory=list)

    @property
    def is_draft(self):
        return not self.final

    @property
    def heading(self):
        return heading_lines(self.office)

    @property
    def number_line(self):
        number = self.data.get("number") if self.final else None
        return f"Số: {number or BLANK}/{self.data.get('symbol') or self.settings.symbol}"

    @property
    def place_date(self):
        issue_date = self.data.get("issue_date") if self.final else None
        if not issue_date:
            year = datetime.date.fromisoformat(self.data["session_date"]).year
            return f"{self.office.place}, ngày{BLANK}tháng{BLANK}năm {year}"
        return f"{self.office.place}, {dates.long_date(datetime.date.fromisoformat(issue_date))}"

    @property
    def title(self):
        return self.data["title"]

    @property
    def signer(self):
        return {
            "authority": self.data.get("signer_authority", self.settings.signer_authority),
            "position": self.data.get("signer_title", self.settings.signer_title),
            "name": self.data.get("signer_name") or self.settings.signer_name or self.office.signer_name,
        }

    @property
    def text(self):
        return "\n".join(paragraph.text for paragraph in self.paragraphs)


def default_title(office, session_date):
    """ "Kết luận của Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng 01 năm 2024"."""
    return _("Kết luận của Chủ tịch %(committee)s tại phiên họp thường kỳ tháng %(month)02d năm %(year)d") % {
        "committee": office.committee,
        "month": session_date.month,
        "year": session_date.year,
    }


def task_sentence(task):
    """ "Sở KHĐT chủ trì, phối hợp với Sở Tài chính: <nhiệm vụ>. Thời hạn: 15/02/2024."."""
    agencies = task["lead"]
    if task["supporting"]:
        agencies += _(" chủ trì, phối hợp với %(names)s") % {"names": ", ".join(task["supporting"])}
    text = task["text"].rstrip(".;")
    sentence = f"- {agencies}: {text}."
    if task.get("deadline"):
        day = datetime.date.fromisoformat(task["deadline"])
        sentence += " " + _("Thời hạn: %(date)s.") % {"date": day.strftime("%d/%m/%Y")}
    return sentence


def _deferred_label(value):
    year, month = (int(part) for part in value.split("-"))
    return dates.month_label(year, month)


def body(office, data):
    """The body's paragraphs: the opening, each item with its conclusion and tasks, tasks without item,
    the items deferred, the closing line."""
    session_date = datetime.date.fromisoformat(data["session_date"])
    paragraphs = [
        Paragraph(
            "text",
            _(
                "Ngày %(date)s, Chủ tịch %(committee)s chủ trì phiên họp thường kỳ tháng %(month)02d năm %(year)d. "
                "Sau khi nghe các cơ quan báo cáo và ý kiến của các thành viên dự họp, Chủ tịch %(committee)s "
                "kết luận như sau:"
            )
            % {
                "date": session_date.strftime("%d/%m/%Y"),
                "committee": office.committee,
                "month": session_date.month,
                "year": session_date.year,
            },
        )
    ]
    by_item = {}
    for task in data["tasks"]:
        by_item.setdefault(task.get("item"), []).append(task)
    number = 0
    for entry in data["conclusions"]:
        if entry.get("deferred_to"):
            continue
        number += 1
        paragraphs.append(Paragraph("heading", f"{number}. {entry.get('heading') or ''}".strip()))
        paragraphs.extend(Paragraph("text", line) for line in entry["text"].splitlines() if line.strip())
        paragraphs.extend(Paragraph("task", task_sentence(task)) for task in by_item.pop(entry.get("item"), []))
    leftover = [task for tasks in by_item.values() for task in tasks]
    if leftover:
        number += 1
        paragraphs.append(Paragraph("heading", f"{number}. " + _("Các nhiệm vụ khác")))
        paragraphs.extend(Paragraph("task", task_sentence(task)) for task in leftover)
    deferred = [entry for entry in data["conclusions"] if entry.get("deferred_to")]
    if deferred:
        number += 1
        paragraphs.append(Paragraph("heading", f"{number}. " + _("Các nội dung chuyển sang phiên họp sau")))
        for entry in deferred:
            line = f"- {entry.get('heading') or ''} " + _("(chuyển sang %(month)s)") % {
                "month": _deferred_label(entry["deferred_to"])
            }
            if entry.get("text"):
                line += f": {entry['text']}"
            paragraphs.append(Paragraph("task", line))
    paragraphs.append(
        Paragraph(
            "closing",
            _("%(office)s thông báo để các cơ quan, đơn vị biết, thực hiện./.") % {"office": office.reading_name},
        )
    )
    return paragraphs


def recipient_lines(settings, data):
    """The "Nơi nhận" list: the office's setting, else the agencies given tasks and "Lưu: VT"."""
    names = [line.strip() for line in settings.recipients.splitlines() if line.strip()]
    if not names:
        agencies = (name for task in data["tasks"] for name in [task["lead"], *task["supporting"]])
        names = [*dict.fromkeys(agencies), "Lưu: VT"]
    return [f"- {name}{'.' if index == len(names) - 1 else ';'}" for index, name in enumerate(names)]


def build_notice(office, settings, data, *, final=False):
    """The document of ``data`` (the interchange format, with ``number`` and ``issue_date`` once numbered)."""
    return NoticeDocument(
        office=office,
        settings=settings,
        data=data,
        final=final,
        paragraphs=body(office, data),
        recipients=recipient_lines(settings, data),
    )
