"""The interchange format (JSON) of a monthly plan, both ways.

``plan_to_data`` writes a plan as the format describes; ``parse_plan_data`` checks a
decoded file and returns a normalised copy, or raises :class:`InterchangeError` listing
every problem with its place in the file. It reads the file section by section, one small
reader per section (:data:`SECTIONS`); ``load_plan`` and the importer of Word, PDF and text
programmes (``programme.importing``) both go through it, so a plan obeys one set of rules.
Writing the parsed data to the database is ``programme.services.load_plan``'s job.
"""

import datetime

from django.utils.translation import gettext as _

from agenda import dates
from agenda.document_fields import DEFAULT_HEADINGS
from agenda.models import Agency, MonthlyPlan, PriorityTask
from agenda.text import normalize_text
from meetings.models import Item, RegularSession

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
    """The plan in the interchange format (``plan`` fetched with ``plans_for_document``; ``office``: the plan's
    own, when the caller has it read already)."""
    office = office or plan.office
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

    def text(self, value, where, required=True, limit=None):
        """A text as the models store it (:func:`normalize_text`), at most ``limit`` characters."""
        if value is None and not required:
            return ""
        text = normalize_text(value) if isinstance(value, str) else ""
        if not isinstance(value, str) or (required and not text):
            self.problem(where, _("phải là một chuỗi ký tự không rỗng."))
            return ""
        if limit is not None and len(text) > limit:
            self.problem(
                where,
                _("dài quá: tối đa %(limit)d ký tự (hiện có %(length)d).") % {"limit": limit, "length": len(text)},
            )
            return ""
        return text

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

    def agency_names(self, value, where, required):
        names = []
        for index, name in enumerate(self.list_of(value, where)):
            name = self.text(name, f"{where}[{index}]", limit=_limit(Agency, "name"))
            if name in names:
                self.problem(f"{where}[{index}]", _("cơ quan “%(name)s” ghi hai lần.") % {"name": name})
            elif name:
                names.append(name)
        if required and not names:
            self.problem(where, _("phải có ít nhất một cơ quan chuẩn bị."))
        return names

    def item(self, entry, where, required_agency=True):
        entry = self.mapping(entry, where)
        title = self.text(entry.get("title"), f"{where}.title", limit=_limit(Item, "title"))
        if title and not Item.clean_title(title):  # "." or ";" alone: nothing left once the end mark goes
            self.problem(f"{where}.title", _("phải là một chuỗi ký tự không rỗng."))
        return {
            "title": Item.clean_title(title),
            "agencies": self.agency_names(entry.get("agencies"), f"{where}.agencies", required_agency),
        }

    def each(self, value, where, read):
        """``read(entry, "where[i]")`` for every entry of the list ``value``."""
        return [read(entry, f"{where}[{index}]") for index, entry in enumerate(self.list_of(value, where))]


# --- The sections: one small reader each, ``read(check, value, where, parsed) -> parsed value``.
# ``parsed`` holds the sections read before (the month, for the dates).


def _limit(model, field):
    """The longest text the model's field stores."""
    return model._meta.get_field(field).max_length


def _year(check, value, where, parsed):
    if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
        check.problem(where, _("phải là năm từ 2000 đến 2100."))
        return None
    return value


def _month(check, value, where, parsed):
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        check.problem(where, _("phải là tháng từ 1 đến 12."))
        return None
    return value


def _title(check, value, where, parsed):
    return check.text(value, where, required=False, limit=_limit(MonthlyPlan, "title"))


def _number(check, value, where, parsed):
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return check.text(value, where, required=False, limit=_limit(MonthlyPlan, "number"))


def _issue_date(check, value, where, parsed):
    return check.date(value, where, None, None) if value else None


def _headings(check, value, where, parsed):
    headings = check.mapping(value, where)
    for key in sorted(set(headings) - set(DEFAULT_HEADINGS)):
        check.problem(f"{where}.{key}", _("không phải là tiêu đề mục đã biết."))
    return {
        key: check.text(text, f"{where}.{key}", limit=_limit(MonthlyPlan, f"heading_{key}"))
        for key, text in headings.items()
        if key in DEFAULT_HEADINGS
    }


def _agencies(check, value, where, parsed):
    agencies = {}
    for index, entry in enumerate(check.list_of(value, where)):
        place = f"{where}[{index}]"
        entry = check.mapping(entry, place)
        name = check.text(entry.get("name"), f"{place}.name", limit=_limit(Agency, "name"))
        short_name = check.text(
            entry.get("short_name"), f"{place}.short_name", required=False, limit=_limit(Agency, "short_name")
        )
        short_name = short_name or name[: _limit(Agency, "short_name")]
        if name in agencies:
            check.problem(place, _("cơ quan “%(name)s” đã có trong danh sách.") % {"name": name})
        if name:
            agencies[name] = short_name
    return agencies


def _priority_tasks(check, value, where, parsed):
    limit = _limit(PriorityTask, "text")
    return check.each(value, where, lambda entry, place: check.text(entry, place, limit=limit))


def _recipients(check, value, where, parsed):
    recipients = check.each(value, where, check.text)
    limit = _limit(MonthlyPlan, "recipients")
    if len("\n".join(recipients)) > limit:
        check.problem(where, _("dài quá: tối đa %(limit)d ký tự cả danh sách.") % {"limit": limit})
        return []
    return recipients


def _regular_sessions(check, value, where, parsed):
    def session(entry, place):
        entry = check.mapping(entry, place)
        return {
            "date": check.date(entry.get("date"), f"{place}.date", parsed["year"], parsed["month"]),
            "time": check.time(entry.get("time"), f"{place}.time"),
            "place": check.text(
                entry.get("place"), f"{place}.place", required=False, limit=_limit(RegularSession, "place")
            ),
            "items": check.each(entry.get("items"), f"{place}.items", check.item),
        }

    sessions = check.each(value, where, session)
    keys = [(session["date"], session["time"]) for session in sessions]
    if len(set(keys)) != len(keys):
        check.problem(where, _("có hai phiên họp trùng ngày và giờ."))
    return sessions


def _chairman_items(check, value, where, parsed):
    return check.each(value, where, check.item)


def _conferences(check, value, where, parsed):
    def conference(entry, place):
        parsed_entry = check.item(entry, place, required_agency=False)
        entry = entry if isinstance(entry, dict) else {}
        parsed_entry["date"] = check.date(entry.get("date"), f"{place}.date", parsed["year"], parsed["month"])
        parsed_entry["time"] = check.time(entry.get("time"), f"{place}.time")
        parsed_entry["place"] = check.text(
            entry.get("place"), f"{place}.place", required=False, limit=_limit(Item, "place")
        )
        return parsed_entry

    return check.each(value, where, conference)


def _signer(check, value, where, parsed):
    signer = check.mapping(value, where)
    return {
        key: check.text(
            signer.get(key), f"{where}.{key}", required=key != "name", limit=_limit(MonthlyPlan, f"signer_{key}")
        )
        for key in ("authority", "position", "name")
    }


def _issuer(check, value, where, parsed):
    return value if isinstance(value, dict) else None


#: (key, reader, value when the key is absent), in the order of the document.
SECTIONS = (
    ("year", _year, None),
    ("month", _month, None),
    ("title", _title, None),
    ("number", _number, ""),
    ("issue_date", _issue_date, None),
    ("headings", _headings, {}),
    ("agencies", _agencies, None),
    ("priority_tasks", _priority_tasks, None),
    ("regular_sessions", _regular_sessions, None),
    ("chairman_items", _chairman_items, None),
    ("conferences", _conferences, None),
    ("recipients", _recipients, None),
    ("signer", _signer, {}),
    ("issuer", _issuer, None),
)


def parse_plan_data(data):
    """Check a decoded plan file; return it normalised, or raise InterchangeError.

    Each section is read by its reader in :data:`SECTIONS`; every problem is collected, with its place.
    """
    check = _Checker()
    if not isinstance(data, dict):
        raise InterchangeError([_("Tệp phải chứa một đối tượng JSON (một chương trình).")])
    for key in sorted(set(data) - FORMAT_KEYS):
        check.problem(key, _("khóa không có trong định dạng trao đổi."))
    parsed = {}
    for key, read, default in SECTIONS:
        parsed[key] = read(check, data.get(key, default), key, parsed)
    if check.problems:
        raise InterchangeError(check.problems)
    return parsed
