"""The interchange format of a conclusion notice (docs/conclusions.md): export, check, load.

``conclusion_to_data`` writes what ``parse_conclusion_data`` reads back, so that ``export_conclusion
--format json`` and ``load_conclusion`` round-trip. Items are named by their position in the session
(1 = the session's first item, as the programme lists them); agencies by name, as in programmes.
A file is checked whole before anything is written: every problem is reported at once, in Vietnamese,
with its place in the file ("tasks[2].deadline: …").
"""

import datetime
import uuid

from django.utils.translation import gettext as _

from agenda.text import normalize_text
from conclusions.models import TEXT_MAX

FORMAT_VERSION = 1


class ConclusionFileError(Exception):
    """The file cannot be loaded; ``problems`` lists every reason (Vietnamese)."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def session_items(session):
    """The items of ``session`` in the session's order (the programme's): position 1 is the first."""
    if session is None:
        return []
    return sorted(session.items.all(), key=lambda item: (item.position, item.pk))


def month_text(year, month):
    return f"{year:04d}-{month:02d}" if month else None


def conclusion_to_data(conclusion, entries=None, tasks=None):
    """``conclusion`` as the interchange format (entries and tasks read with their items and agencies)."""
    entries = list(conclusion.entries.all()) if entries is None else entries
    tasks = list(conclusion.tasks.all()) if tasks is None else tasks
    positions = {item.pk: index for index, item in enumerate(session_items(conclusion.session), 1)}
    data = {
        "format": FORMAT_VERSION,
        "session_date": conclusion.session_date.isoformat(),
        "title": conclusion.title,
        "conclusions": [],
        "tasks": [],
    }
    for entry in entries:
        row = {"item": positions.get(entry.item_id), "heading": entry.heading, "text": entry.text}
        if entry.is_deferred:
            row["deferred_to"] = month_text(entry.deferred_year, entry.deferred_month)
        if row["item"] is None:
            del row["item"]
        data["conclusions"].append(row)
    for task in tasks:
        row = {
            "text": task.text,
            "lead": task.lead.name,
            "supporting": [agency.name for agency in task.supporting.all()],
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "uid": str(task.uid),
        }
        if task.item_id in positions:
            row["item"] = positions[task.item_id]
        data["tasks"].append(row)
    return data


class _Checker:
    """Collects the problems of one file, each with its place."""

    def __init__(self):
        self.problems = []

    def problem(self, where, message):
        self.problems.append(f"{where}: {message}")

    def text(self, value, where, *, required=True, limit=TEXT_MAX):
        if value is None and not required:
            return ""
        text = normalize_text(value) if isinstance(value, str) else ""
        if not isinstance(value, str) or (required and not text):
            self.problem(where, _("phải là một chuỗi ký tự không rỗng."))
            return ""
        if len(text) > limit:
            self.problem(where, _("dài quá: tối đa %(limit)d ký tự.") % {"limit": limit})
        return text

    def date(self, value, where, *, required=True):
        if value is None and not required:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(where, _("“%(value)s” không phải là ngày hợp lệ (YYYY-MM-DD).") % {"value": value})
            return None

    def month(self, value, where):
        if value is None:
            return None
        try:
            day = datetime.date.fromisoformat(f"{value}-01") if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or len(value) != 7:
            self.problem(where, _("“%(value)s” không phải là tháng hợp lệ (YYYY-MM).") % {"value": value})
            return None
        return day.year, day.month

    def item(self, value, where, count):
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= count:
            self.problem(
                where,
                _("phiên họp có %(count)d nội dung: “item” phải là số thứ tự từ 1 đến %(count)d.") % {"count": count},
            )
            return None
        return value

    def entries(self, value, where):
        if not isinstance(value, list):
            self.problem(where, _("phải là một danh sách."))
            return []
        rows = []
        for index, row in enumerate(value):
            if not isinstance(row, dict):
                self.problem(f"{where}[{index}]", _("phải là một đối tượng JSON."))
            else:
                rows.append((f"{where}[{index}]", row))
        return rows


def parse_conclusion_data(data, item_count_of):
    """The checked content of a decoded file, or :class:`ConclusionFileError` with every problem.

    ``item_count_of(session_date)`` is the number of items of that session (None: no such session)."""
    check = _Checker()
    if not isinstance(data, dict):
        raise ConclusionFileError([_("Tệp phải là một đối tượng JSON.")])
    session_date = check.date(data.get("session_date"), "session_date")
    count = item_count_of(session_date) if session_date else None
    if session_date and count is None:
        check.problem(
            "session_date", _("không có phiên họp thường kỳ ngày %(date)s.") % {"date": f"{session_date:%d/%m/%Y}"}
        )
    count = count or 0
    parsed = {
        "session_date": session_date,
        "title": check.text(data.get("title"), "title", required=False, limit=1000),
        "conclusions": [],
        "tasks": [],
    }
    seen_items = set()
    for where, row in check.entries(data.get("conclusions", []), "conclusions"):
        item = check.item(row.get("item"), f"{where}.item", count)
        if item is not None and item in seen_items:
            check.problem(f"{where}.item", _("nội dung %(item)d có hai kết luận.") % {"item": item})
        seen_items.add(item)
        text = check.text(row.get("text"), f"{where}.text", required=item is None and not row.get("deferred_to"))
        heading = check.text(row.get("heading"), f"{where}.heading", required=False, limit=1000)
        deferred = check.month(row.get("deferred_to"), f"{where}.deferred_to")
        if deferred and item is None:
            check.problem(f"{where}.deferred_to", _("chỉ hoãn được một nội dung của phiên họp (cần “item”)."))
        parsed["conclusions"].append({"item": item, "text": text, "heading": heading, "deferred_to": deferred})
    for where, row in check.entries(data.get("tasks", []), "tasks"):
        supporting = row.get("supporting", [])
        if not isinstance(supporting, list):
            check.problem(f"{where}.supporting", _("phải là một danh sách tên cơ quan."))
            supporting = []
        lead = check.text(row.get("lead"), f"{where}.lead", limit=200)
        names = [check.text(name, f"{where}.supporting[{i}]", limit=200) for i, name in enumerate(supporting)]
        if lead and lead in names:
            check.problem(
                f"{where}.supporting",
                _("cơ quan chủ trì “%(name)s” không ghi lại ở cơ quan phối hợp.") % {"name": lead},
            )
        if len(set(names)) != len(names):
            check.problem(f"{where}.supporting", _("có cơ quan ghi hai lần."))
        uid = row.get("uid")
        try:
            uid = uuid.UUID(uid) if uid else None
        except (TypeError, ValueError, AttributeError):
            check.problem(f"{where}.uid", _("không phải là mã nhiệm vụ hợp lệ."))
            uid = None
        parsed["tasks"].append(
            {
                "text": check.text(row.get("text"), f"{where}.text"),
                "lead": lead,
                "supporting": [name for name in dict.fromkeys(names) if name],
                "deadline": check.date(row.get("deadline"), f"{where}.deadline", required=False),
                "item": check.item(row.get("item"), f"{where}.item", count),
                "uid": uid,
            }
        )
    if check.problems:
        raise ConclusionFileError(check.problems)
    return parsed


def agency_names(parsed):
    """Every agency name the tasks use, lead first, in order of first use."""
    return list(dict.fromkeys(name for task in parsed["tasks"] for name in [task["lead"], *task["supporting"]]))
