"""The interchange format (JSON) of a monthly plan, both ways.

``plan_to_data`` writes a plan as the format describes; ``parse_plan_data`` checks a
decoded file and returns a normalised copy, or raises :class:`InterchangeError` listing
every problem with its place in the file. Writing the parsed data to the database is
``agenda.services.load_plan``'s job.
"""

import datetime

from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import DEFAULT_HEADINGS, Office
from meetings.models import Item

FORMAT_KEYS = {
    "issuer",
    "year",
    "month",
    "title",
    "number",
    "issue_date",
    "headings",
    "agencies",
    "priority_tasks",
    "regular_sessions",
    "chairman_items",
    "conferences",
    "recipients",
    "signer",
}


class InterchangeError(Exception):
    """A plan file that cannot be loaded; ``problems`` says what is wrong, and where."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def plan_to_data(plan, office=None):
    """The plan in the interchange format (``plan`` fetched with ``plans_for_document``)."""
    office = office or Office.objects.get_solo()
    items = sorted(plan.items.all(), key=lambda item: item.document_key)
    used_agencies = {}
    for item in items:
        for agency in item.ordered_agencies:
            used_agencies.setdefault(agency.pk, agency)

    data = {
        "issuer": {"parent_body": office.parent_body, "name": office.name, "place": office.place},
        "year": plan.year,
        "month": plan.month,
        "title": plan.display_title,
    }
    if plan.number:
        data["number"] = plan.number
    if plan.issue_date:
        data["issue_date"] = plan.issue_date.isoformat()
    if plan.headings != office.headings:
        data["headings"] = plan.headings
    data["agencies"] = [{"name": agency.name, "short_name": agency.short_name} for agency in used_agencies.values()]
    data["priority_tasks"] = [task.text for task in plan.priority_tasks.all()]
    data["regular_sessions"] = [
        _with_time_and_place(
            {
                "date": session.date.isoformat(),
                "items": [_item_data(item) for item in items if item.session_id == session.pk],
            },
            session,
        )
        for session in plan.sessions.all()
    ]
    data["chairman_items"] = [_item_data(item) for item in items if item.part == Item.Part.CHAIRMAN]
    data["conferences"] = [
        _with_time_and_place({"date": item.date.isoformat(), **_item_data(item)}, item)
        for item in items
        if item.part == Item.Part.CONFERENCE
    ]
    data["recipients"] = plan.recipient_lines
    data["signer"] = plan.signer
    return data


def _item_data(item):
    return {"title": item.title, "agencies": [agency.name for agency in item.ordered_agencies]}


def _with_time_and_place(data, obj):
    if obj.time:
        data["time"] = obj.time.strftime("%H:%M")
    if obj.place:
        data["place"] = obj.place
    return data


class _Checker:
    """Collects problems while reading a decoded file, each prefixed by its place."""

    def __init__(self):
        self.problems = []

    def problem(self, where, message):
        self.problems.append(f"{where}: {message}" if where else message)

    def text(self, value, where, required=True):
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, _("phải là một chuỗi ký tự không rỗng."))
            return ""
        return value.strip()

    def list_of(self, value, where):
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, _("phải là một danh sách."))
            return []
        return value

    def mapping(self, value, where):
        if not isinstance(value, dict):
            self.problem(where, _("phải là một đối tượng JSON."))
            return {}
        return value

    def date(self, value, where, year, month):
        if not isinstance(value, str):
            self.problem(where, _("phải là ngày dạng YYYY-MM-DD."))
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(where, _("“%(value)s” không phải là ngày hợp lệ (YYYY-MM-DD).") % {"value": value})
            return None
        if year and month and (day.year, day.month) != (year, month):
            self.problem(
                where,
                _("ngày %(date)s không thuộc %(month)s.")
                % {"date": dates.short_date(day), "month": dates.month_label(year, month)},
            )
        return day

    def time(self, value, where):
        if value is None:
            return None
        try:
            return datetime.time.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(where, _("“%(value)s” không phải là giờ hợp lệ (HH:MM).") % {"value": value})
            return None


def parse_plan_data(data):
    """Check a decoded plan file; return it normalised, or raise InterchangeError."""
    check = _Checker()
    if not isinstance(data, dict):
        raise InterchangeError([_("Tệp phải chứa một đối tượng JSON (một chương trình).")])
    for key in sorted(set(data) - FORMAT_KEYS):
        check.problem(key, _("khóa không có trong định dạng trao đổi."))

    year, month = data.get("year"), data.get("month")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        check.problem("year", _("phải là năm từ 2000 đến 2100."))
        year = None
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        check.problem("month", _("phải là tháng từ 1 đến 12."))
        month = None

    parsed = {"year": year, "month": month}
    parsed["title"] = check.text(data.get("title"), "title", required=False)
    number = data.get("number", "")
    parsed["number"] = check.text(str(number) if isinstance(number, int) else number, "number", required=False)
    parsed["issue_date"] = None
    if data.get("issue_date"):
        parsed["issue_date"] = check.date(data["issue_date"], "issue_date", None, None)

    headings = check.mapping(data.get("headings", {}), "headings")
    for key in sorted(set(headings) - set(DEFAULT_HEADINGS)):
        check.problem(f"headings.{key}", _("không phải là tiêu đề mục đã biết."))
    parsed["headings"] = {
        key: check.text(value, f"headings.{key}") for key, value in headings.items() if key in DEFAULT_HEADINGS
    }

    agencies = {}
    for index, entry in enumerate(check.list_of(data.get("agencies"), "agencies")):
        where = f"agencies[{index}]"
        entry = check.mapping(entry, where)
        name = check.text(entry.get("name"), f"{where}.name")
        short_name = check.text(entry.get("short_name"), f"{where}.short_name", required=False) or name
        if name in agencies:
            check.problem(where, _("cơ quan “%(name)s” đã có trong danh sách.") % {"name": name})
        if name:
            agencies[name] = short_name
    parsed["agencies"] = agencies

    def item_agencies(value, where, required):
        names = []
        for index, name in enumerate(check.list_of(value, where)):
            name = check.text(name, f"{where}[{index}]")
            if name in names:
                check.problem(f"{where}[{index}]", _("cơ quan “%(name)s” ghi hai lần.") % {"name": name})
            elif name:
                names.append(name)
        if required and not names:
            check.problem(where, _("phải có ít nhất một cơ quan chuẩn bị."))
        return names

    def item(entry, where, required_agency):
        entry = check.mapping(entry, where)
        return {
            "title": Item.clean_title(check.text(entry.get("title"), f"{where}.title")),
            "agencies": item_agencies(entry.get("agencies"), f"{where}.agencies", required_agency),
        }

    parsed["priority_tasks"] = [
        check.text(text, f"priority_tasks[{index}]")
        for index, text in enumerate(check.list_of(data.get("priority_tasks"), "priority_tasks"))
    ]

    sessions = []
    for index, entry in enumerate(check.list_of(data.get("regular_sessions"), "regular_sessions")):
        where = f"regular_sessions[{index}]"
        entry = check.mapping(entry, where)
        sessions.append(
            {
                "date": check.date(entry.get("date"), f"{where}.date", year, month),
                "time": check.time(entry.get("time"), f"{where}.time"),
                "place": check.text(entry.get("place"), f"{where}.place", required=False),
                "items": [
                    item(value, f"{where}.items[{position}]", True)
                    for position, value in enumerate(check.list_of(entry.get("items"), f"{where}.items"))
                ],
            }
        )
    keys = [(session["date"], session["time"]) for session in sessions]
    if len(set(keys)) != len(keys):
        check.problem("regular_sessions", _("có hai phiên họp trùng ngày và giờ."))
    parsed["regular_sessions"] = sessions

    parsed["chairman_items"] = [
        item(value, f"chairman_items[{index}]", True)
        for index, value in enumerate(check.list_of(data.get("chairman_items"), "chairman_items"))
    ]

    conferences = []
    for index, entry in enumerate(check.list_of(data.get("conferences"), "conferences")):
        where = f"conferences[{index}]"
        conference = item(entry, where, False)
        entry = entry if isinstance(entry, dict) else {}
        conference["date"] = check.date(entry.get("date"), f"{where}.date", year, month)
        conference["time"] = check.time(entry.get("time"), f"{where}.time")
        conference["place"] = check.text(entry.get("place"), f"{where}.place", required=False)
        conferences.append(conference)
    parsed["conferences"] = conferences

    parsed["recipients"] = [
        check.text(text, f"recipients[{index}]")
        for index, text in enumerate(check.list_of(data.get("recipients"), "recipients"))
    ]
    signer = check.mapping(data.get("signer", {}), "signer")
    parsed["signer"] = {
        key: check.text(signer.get(key), f"signer.{key}", required=key != "name")
        for key in ("authority", "position", "name")
    }
    parsed["issuer"] = data.get("issuer") if isinstance(data.get("issuer"), dict) else None

    if check.problems:
        raise InterchangeError(check.problems)
    return parsed
