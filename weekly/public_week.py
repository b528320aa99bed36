"""A published week as its readers see it: the page, the PDF, the calendars and the agency pages.

Everything here is read from one ``WeekRevision`` (its frozen snapshot: weekly.models.WeekRevision's
docstring), never from the draft's ``Entry`` rows, so that nothing unpublished can reach a reader. The
functions are pure (no query) but :func:`agency_slugs`, which names the public agencies' pages in one query.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import Agency
from weekly.models import Entry, WeekRevision
from weekly.queries import entries_for_agency, latest_revisions
from weekly.snapshots import FIELD_LABELS

#: The half-days of a day, in order, with their labels (the snapshot stores the number: Entry.HalfDay).
HALF_DAYS = tuple((int(value), label) for value, label in Entry.HalfDay.choices)
HALF_DAY_LABELS = dict(HALF_DAYS)
MORNING, AFTERNOON, EVENING = (value for value, _label in HALF_DAYS)
#: When an entry without a start time happens in a calendar: the working hours of its half-day (the
#: administrative hours of Vietnamese offices), so that a subscriber sees it in the right part of the day
#: rather than as an all-day event that hides the time of day.
HALF_DAY_HOURS = {
    MORNING: (datetime.time(7, 30), datetime.time(11, 30)),
    AFTERNOON: (datetime.time(13, 30), datetime.time(17, 0)),
    EVENING: (datetime.time(19, 0), datetime.time(21, 0)),
}


def parse_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def parse_time(value):
    if not value:
        return None
    if isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(value)


@dataclass
class AgencyRef:
    """An agency named by an entry: its name as published, its page when the public may see it."""

    id: int
    name: str
    role: str = ""
    url: str = ""


@dataclass
class LeaderRef:
    slug: str
    name: str
    title: str
    role: str = ""

    @property
    def label(self):
        return f"{self.title} {self.name}".strip()


@dataclass
class WeekEntry:
    """One published entry (a snapshot's dict, typed)."""

    uid: str
    date: datetime.date
    half_day: int
    time: datetime.time | None
    content: str
    place: str
    leaders: list
    participants: str
    invited: list
    invited_text: str
    lead_agencies: list
    cooperating_agencies: list
    accompanying: str
    changed: bool

    @property
    def half_day_label(self):
        return HALF_DAY_LABELS.get(self.half_day, "")

    @property
    def time_label(self):
        return f"{self.time:%H:%M}" if self.time else ""

    @property
    def sort_key(self):
        return (self.date, self.half_day, self.time or datetime.time.min)

    @property
    def agencies(self):
        return [*self.lead_agencies, *self.cooperating_agencies]

    def role_of(self, agency_id):
        """ "lead", "cooperate", "invited" or "" for the agency of that pk."""
        if any(agency.id == agency_id for agency in self.lead_agencies):
            return "lead"
        if any(agency.id == agency_id for agency in self.cooperating_agencies):
            return "cooperate"
        if any(agency.id == agency_id for agency in self.invited):
            return "invited"
        return ""

    def hours(self):
        """(start, end) of the entry in a calendar: its start time and the end of its half-day (two hours
        when it starts after that), or its half-day's working hours when it has no time."""
        start, end = HALF_DAY_HOURS.get(self.half_day, HALF_DAY_HOURS[MORNING])
        if self.time is None:
            return start, end
        if self.time < end:
            return self.time, end
        later = datetime.datetime.combine(self.date, self.time) + datetime.timedelta(hours=2)
        return self.time, later.time() if later.date() == self.date else datetime.time(23, 59)


def half_day_number(value):
    """The snapshot's half-day as its number (1 Sáng, 2 Chiều, 3 Tối); morning when unreadable."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return MORNING
    return number if number in HALF_DAY_LABELS else MORNING


def week_entry(row, agency_urls=None):
    """A snapshot's entry dict as a :class:`WeekEntry` (``agency_urls``: the public pages by agency pk)."""
    agency_urls = agency_urls or {}

    def agencies(rows, role=None):
        return [
            AgencyRef(row["id"], row.get("name", ""), row.get("role", ""), agency_urls.get(row["id"], ""))
            for row in rows
            if role is None or row.get("role", "lead") == role
        ]

    return WeekEntry(
        uid=str(row.get("uid", "")),
        date=parse_date(row["date"]),
        half_day=half_day_number(row.get("half_day")),
        time=parse_time(row.get("start_time")),
        content=row.get("content", ""),
        place=row.get("place", ""),
        leaders=[
            LeaderRef(leader.get("slug", ""), leader.get("name", ""), leader.get("title", ""), leader.get("role", ""))
            for leader in row.get("leaders", [])
        ],
        participants=row.get("participants", ""),
        invited=agencies(row.get("invited", [])),
        invited_text=row.get("invited_text", ""),
        lead_agencies=agencies(row.get("agencies", []), "lead"),
        cooperating_agencies=agencies(row.get("agencies", []), "cooperate"),
        accompanying=row.get("accompanying", ""),
        changed=bool(row.get("changed")),
    )


def sorted_entries(revision, agency_urls=None):
    return sorted((week_entry(row, agency_urls) for row in revision.entries), key=lambda entry: entry.sort_key)


def agency_slugs(office, revisions):
    """{pk: page path} of the publicly listed agencies the ``revisions`` name: one query."""
    ids = {
        row["id"]
        for revision in revisions
        for entry in revision.entries
        for row in [*entry.get("agencies", []), *entry.get("invited", [])]
    }
    if not ids:
        return {}
    agencies = Agency.objects.of(office).publicly_listed().filter(pk__in=ids).only("slug", "office")
    urls = {}
    for agency in agencies:
        agency.office = office
        urls[agency.pk] = agency.get_absolute_url()
    return urls


@dataclass
class HalfDay:
    key: str
    label: str
    entries: list


@dataclass
class Day:
    date: datetime.date
    is_today: bool
    halves: list

    @property
    def label(self):
        """ "Thứ Năm, 18/01/2024"."""
        weekday = dates.weekday_label(self.date)
        return f"{weekday[0].upper()}{weekday[1:]}, {dates.short_date(self.date)}"

    @property
    def entry_count(self):
        return sum(len(half.entries) for half in self.halves)


@dataclass
class Change:
    """A line of the changelog: what was added, changed or removed, in the readers' words."""

    kind: str
    text: str
    entry: WeekEntry | None = None


@dataclass
class PublicWeek:
    """A week as its readers see it: the revision shown (or None: not published), its days and changes."""

    office: object
    iso_year: int
    iso_week: int
    revision: object = None
    days: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    revisions: list = field(default_factory=list)

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    @property
    def is_published(self):
        return self.revision is not None

    @property
    def amendment_number(self):
        return self.revision.amendment_number if self.revision else 0

    @property
    def replaces_invitation(self):
        return bool(self.revision and self.revision.snapshot.get("replaces_invitation"))

    @property
    def invitation_text(self):
        return (self.revision.snapshot.get("invitation_text") if self.revision else "") or _("Lịch này thay giấy mời")

    @property
    def note(self):
        return self.revision.snapshot.get("note", "") if self.revision else ""

    @property
    def entries(self):
        return [entry for day in self.days for half in day.halves for entry in half.entries]

    @property
    def title(self):
        return _("Lịch công tác tuần %(week)02d/%(year)d") % {"week": self.iso_week, "year": self.iso_year}


def public_week(office, iso_year, iso_week, revision, *, today=None, agency_urls=None):
    """The week ``revision`` published (None: an empty week, nothing published), by day and half-day."""
    week = PublicWeek(office, iso_year, iso_week, revision)
    entries = sorted_entries(revision, agency_urls) if revision is not None else []
    for offset in range(7):
        day = week.monday + datetime.timedelta(days=offset)
        halves = [
            HalfDay(key, label, [entry for entry in entries if entry.date == day and entry.half_day == key])
            for key, label in HALF_DAYS
        ]
        week.days.append(Day(day, day == today, halves))
    if revision is not None:
        week.changes = changelog(revision, entries)
    return week


def changelog(revision, entries):
    """The revision's changelog as :class:`Change` lines: added and changed entries (found by uid in the
    published entries), then removed ones (the changelog keeps their content). Empty for the first revision."""
    if revision.number <= 1:
        return []
    log = revision.changelog or {}
    by_uid = {entry.uid: entry for entry in entries}
    lines = []
    for uid in log.get("added", []):
        entry = by_uid.get(str(uid))
        if entry is not None:
            lines.append(Change("added", _("Thêm: %(entry)s") % {"entry": describe(entry)}, entry))
    for change in log.get("changed", []):
        entry = by_uid.get(str(change.get("uid")))
        if entry is not None:
            fields = ", ".join(str(FIELD_LABELS.get(name, name)) for name in change.get("fields", []))
            text = _("Sửa %(fields)s: %(entry)s") % {"fields": fields, "entry": describe(entry)}
            lines.append(Change("changed", text, entry))
    for removed in log.get("removed", []):
        when = ""
        if removed.get("date"):
            day = parse_date(removed["date"])
            half = HALF_DAY_LABELS[half_day_number(removed.get("half_day"))]
            when = f"{half} {dates.dated_label(day, start=False)}: ".lstrip()
        lines.append(Change("removed", _("Bỏ: %(entry)s") % {"entry": f"{when}{removed.get('content', '')}"}))
    return lines


def describe(entry):
    """ "Sáng thứ Năm, 18/01/2024: Hội nghị …": an entry in one line (changelog, feeds)."""
    return f"{entry.half_day_label} {dates.dated_label(entry.date)}: {entry.content}"


@dataclass
class AgencyWeekEntry:
    """A published entry as an agency's page lists it: its week, the agency's part (lead, cooperate, invited)."""

    revision: object
    entry: WeekEntry
    role: str

    @property
    def day_label(self):
        return Day(self.entry.date, False, []).label

    @property
    def week_label(self):
        return _("Tuần %(week)02d/%(year)d") % {"week": self.revision.iso_week, "year": self.revision.iso_year}


def agency_week_entries(office, agency, since):
    """The published entries ``agency`` prepares or is invited to, in the weeks from the one holding ``since``
    on, in date order: one query (the weeks' last revisions), whatever their number."""
    revisions = latest_revisions(office, since=since)
    found = [AgencyWeekEntry(revision, week_entry(row), "") for revision, row in entries_for_agency(revisions, agency)]
    for item in found:
        item.role = item.entry.role_of(agency.pk)
    found.sort(key=lambda item: item.entry.sort_key)
    return found


def offices_with_week(iso_year, iso_week):
    """The pks of the offices that published that week: one query, whatever the number of offices (the
    platform's home links each one's current week)."""
    return set(
        WeekRevision.objects.for_week(iso_year, iso_week).order_by().values_list("office_id", flat=True).distinct()
    )
