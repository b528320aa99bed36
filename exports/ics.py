"""iCalendar (RFC 5545) exports: a month's plan, and one agency's sessions, conferences and deadlines
(an agency's: the past CALENDAR_PAST_MONTHS months and everything ahead, whatever its history's length).

Pure functions from domain objects to bytes, testable without HTTP. Times are in Asia/Ho_Chi_Minh
(a VTIMEZONE is included); an item without a time is an all-day event, an item with a start time ends
after the Office's default duration (Office.event_minutes, 2 hours unless the admin says otherwise).
UIDs are stable: they come from the item's ``uid`` (kept across amendments) or, for a session, from its
month and date, so a subscribed calendar updates events instead of duplicating them.
"""

import datetime
import functools
import zoneinfo
from calendar import monthrange
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from agenda import dates
from agenda.offices import FIRST_OFFICE_PK
from meetings.models import Item
from programme.document import agency_suffix

TIME_ZONE = "Asia/Ho_Chi_Minh"
UID_DOMAIN = "chuong-trinh-cong-tac.ubnd"
PRODID = "-//UBND tinh//Chuong trinh cong tac//VI"


def plan_to_ics(plan, *, base_url="", duration=None):
    """The whole month: one event per regular session (its items in the description), one per conference.

    ``plan`` is fetched with programme.document.plans_for_document() (sessions, items and agencies prefetched);
    ``duration`` is how long a timed event lasts (by default as the plan's office sets it).
    """
    if duration is None:
        duration = plan.office.event_duration
    page = base_url + plan.get_absolute_url()
    calendar = _calendar(plan.display_title, page)
    stamp = _stamp(plan)
    items = sorted(plan.items.all(), key=lambda item: item.document_key)
    for session in sorted(plan.sessions.all(), key=lambda s: (s.date, s.time or datetime.time.min, s.pk)):
        agenda = [item for item in items if item.session_id == session.pk]
        lines = [f"{n}. {item.title}{agency_suffix(item.ordered_agencies)}" for n, item in enumerate(agenda, 1)]
        time_key = f"-{session.time:%H%M}" if session.time else ""
        # Two offices may meet the same day at the same hour: the first office keeps the UIDs its subscribers
        # hold since before offices were many, every other office's name theirs.
        office_key = "" if plan.office_id == FIRST_OFFICE_PK else f"-{plan.office.slug}"
        calendar.add_component(
            _event(
                uid=f"phien-{session.date:%Y%m%d}{time_key}{office_key}@{UID_DOMAIN}",
                summary=f"{plan.heading_regular_sessions} {dates.dated_label(session.date)}",
                day=session.date,
                time=session.time,
                duration=duration,
                place=session.place,
                description="\n".join(lines),
                url=page,
                stamp=stamp,
            )
        )
    for item in items:
        if item.part == Item.Part.CONFERENCE:
            calendar.add_component(_item_event(item, page, stamp, duration))
    return _bytes(calendar)


#: An agency's calendar holds the past this many months and everything ahead.
CALENDAR_PAST_MONTHS = 12


def calendar_window_start(today, months=CALENDAR_PAST_MONTHS):
    """The first day of an agency calendar: the same day ``months`` months before ``today``
    (the month's last day when that month is shorter)."""
    year, month = dates.shift_month(today.year, today.month, -months)
    return datetime.date(year, month, min(today.day, monthrange(year, month)[1]))


def agency_items_since(agency, since):
    """The agency's published dated items (sessions, conferences) meeting on or after ``since``.

    Bounded in SQL: the plans from ``since``'s month on (a meeting falls inside its plan's month), then the
    exact day; chairman items have no date and so no event. Ordered by month only, without the default
    ordering's join (agency_to_ics sorts in document order).
    """
    return (
        Item.objects.published()
        .filter(assignments__agency=agency)
        .exclude(part=Item.Part.CHAIRMAN)
        .filter(dates.from_month(since.year, since.month))
        .filter(Q(session__date__gte=since) | Q(date__gte=since))
        .select_related("plan", "session")
        .with_agencies()
        .order_by("plan__year", "plan__month", "pk")
    )


@dataclass(frozen=True)
class Deadline:
    """An all-day deadline of an agency's calendar given by a layer above (a task's, from followup), as plain
    values: ``uid`` stable across updates, ``stamp`` when it was published."""

    uid: str
    summary: str
    day: datetime.date
    description: str
    url: str
    stamp: datetime.datetime


def agency_to_ics(
    agency, items=None, *, base_url="", lead_days=None, duration=None, since=None, deadlines=(), extra_events=()
):
    """One agency's calendar: its session items and conferences, and a deadline for each session dossier;
    ``deadlines`` (Deadline) are added as all-day events, ``extra_events`` (icalendar events) as they are
    (the weekly schedule's entries it prepares or attends).

    ``items`` are the agency's published items (plan, session and agencies loaded); by default they are
    fetched here: those meeting on or after ``since`` (by default CALENDAR_PAST_MONTHS months before
    today), everything ahead included. Chairman items have no date and so no event.
    """
    if items is None:
        if since is None:
            since = calendar_window_start(timezone.localdate())
        items = agency_items_since(agency, since)
    if lead_days is None or duration is None:
        office = agency.office  # an agency is one office's: its deadlines and events follow that office's rules
        lead_days = office.dossier_lead_days if lead_days is None else lead_days
        duration = office.event_duration if duration is None else duration
    calendar = _calendar(agency.name, base_url + agency.get_absolute_url())
    for item in sorted(items, key=lambda item: (item.plan.year, item.plan.month, item.document_key)):
        if item.meeting_date is None:
            continue
        page = f"{base_url}{item.get_absolute_url()}"
        stamp = _stamp(item.plan)
        agencies = item.ordered_agencies
        role = "Chủ trì" if agencies and agencies[0].pk == agency.pk else "Phối hợp"
        calendar.add_component(_item_event(item, page, stamp, duration, role=role))
        if item.part == Item.Part.SESSION:
            deadline = item.dossier_deadline(lead_days)
            calendar.add_component(
                _event(
                    uid=f"han-ho-so-{item.uid}@{UID_DOMAIN}",
                    summary=f"Hạn gửi hồ sơ: {item.title} ({role.lower()})",
                    day=deadline,
                    description=(
                        f"Gửi hồ sơ về Văn phòng trước phiên họp ngày {dates.short_date(item.meeting_date)} "
                        f"({dates.weekday_label(item.meeting_date)}): "
                        f"{item.title}{agency_suffix(item.ordered_agencies)}."
                    ),
                    url=page,
                    stamp=stamp,
                )
            )
    for deadline in deadlines:
        calendar.add_component(
            _event(
                uid=f"{deadline.uid}@{UID_DOMAIN}",
                summary=deadline.summary,
                day=deadline.day,
                description=deadline.description,
                url=deadline.url,
                stamp=deadline.stamp,
            )
        )
    for event in extra_events:
        calendar.add_component(event)
    return _bytes(calendar)


def _item_event(item, page, stamp, duration, role=None):
    """``role``: "Chủ trì" / "Phối hợp" in an agency's calendar, put before the summary."""
    if item.part == Item.Part.SESSION:
        summary = f"Phiên họp UBND tỉnh: {item.title}"
        time, place = item.session.time, item.session.place
    else:
        summary = item.title
        time, place = item.time, item.place
    if role:
        summary = f"[{role}] {summary}"
    return _event(
        uid=f"{item.uid}@{UID_DOMAIN}",
        summary=summary,
        day=item.meeting_date,
        time=time,
        duration=duration,
        place=place,
        description=f"{item.title}{agency_suffix(item.ordered_agencies)}.",
        url=page,
        stamp=stamp,
    )


@functools.cache
def _timezone():
    """The VTIMEZONE of Asia/Ho_Chi_Minh, built once per process (about 10 ms each time otherwise);
    every calendar adds this one component, which nothing modifies after it is built."""
    from icalendar import Timezone

    return Timezone.from_tzid(TIME_ZONE)


def _calendar(name, url):
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("url", url)
    calendar.add_component(_timezone())
    return calendar


def _event(*, uid, summary, day, time=None, duration=None, place="", description="", url="", stamp):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    if time is None:
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
    else:
        # The plan gives a start time only; without an end, calendars show a zero-length event
        # (RFC 5545 3.6.1), so it lasts the Office's default duration.
        start = datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))
        event.add("dtstart", start)
        event.add("dtend", start + duration)
    if place:
        event.add("location", place)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def _stamp(plan):
    """DTSTAMP: when the plan was issued, so that the same plan always gives the same bytes."""
    return plan.published_at or datetime.datetime(plan.year, plan.month, 1, tzinfo=datetime.UTC)


def _bytes(calendar):
    """``calendar.to_ical()``, the same bytes, with long lines folded by _fold: icalendar folds them
    character by character, half the time of a large calendar."""
    return b"\r\n".join(_fold(line) for line in calendar.content_lines() if line) + b"\r\n"


def _fold(line, limit=75):
    """One content line in UTF-8, folded as icalendar folds it (RFC 5545 3.1): pieces of at most
    ``limit`` - 1 octets, never inside a character, never right after a backslash or caret escape,
    each piece after the first on a new line starting with a space."""
    data = line.encode()
    if len(data) < limit:
        return data
    pieces, start = [], 0
    while len(data) - start >= limit:
        end = start + limit - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character starts before
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def webcal_url(absolute_url):
    """The subscription address of a calendar feed: its absolute http(s) URL with the webcal scheme,
    which calendar applications open as "subscribe" (kept up to date) rather than "import once"."""
    _scheme, _sep, rest = absolute_url.partition("://")
    return f"webcal://{rest}"
