"""iCalendar (RFC 5545) of the published weeks: one week's entries, one leader's subscription, and the events an
agency's calendar adds for the entries it prepares or is invited to.

Pure functions from published entries (weekly.public_week) to bytes or events, testable without HTTP, built
with the icalendar library and the month's helpers (exports.ics: the calendar, its VTIMEZONE, the folding), so
that every calendar of the site reads alike. Times are in Asia/Ho_Chi_Minh.

When an entry has no start time, the event spans its half-day's working hours (Sáng 07:30–11:30, Chiều
13:30–17:00, Tối 19:00–21:00; weekly.public_week.HALF_DAY_HOURS) rather than the whole day: a subscriber sees
it in the right part of the day, and two entries of one day do not both cover it. An entry with a start time
ends with its half-day (two hours later if it starts after that).

UIDs are stable: the entry's ``uid`` (kept by the Office's revisions of the week) and the office's slug, so that
a subscribed calendar updates an adjusted entry instead of adding it again; SEQUENCE is the adjustment's number.
"""

import datetime
import zoneinfo

from django.urls import reverse
from icalendar import Event

from exports.ics import TIME_ZONE, UID_DOMAIN, _bytes, _calendar

ROLE_PREFIXES = {"lead": "Chủ trì", "cooperate": "Phối hợp", "invited": "Được mời"}


def entry_uid(office, entry):
    return f"tuan-{entry.uid}-{office.slug}@{UID_DOMAIN}"


def entry_event(office, revision, entry, *, url="", role=""):
    """The event of one published ``entry`` (a WeekEntry) of ``revision``; ``role``: the agency's part in it
    ("lead", "cooperate", "invited"), put before the summary in an agency's calendar."""
    start, end = entry.hours()
    zone = zoneinfo.ZoneInfo(TIME_ZONE)
    event = Event()
    event.add("uid", entry_uid(office, entry))
    event.add("dtstamp", revision.published_at)
    event.add("sequence", revision.number - 1)
    summary = entry.content
    if role in ROLE_PREFIXES:
        summary = f"[{ROLE_PREFIXES[role]}] {summary}"
    event.add("summary", summary)
    event.add("dtstart", datetime.datetime.combine(entry.date, start, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(entry.date, end, tzinfo=zone))
    if entry.place:
        event.add("location", entry.place)
    event.add("description", description(entry))
    if url:
        event.add("url", url)
    return event


def description(entry):
    """The entry's people and agencies, one line each, as the week's page lists them."""
    lines = [f"{entry.half_day_label} {entry.time_label}".strip()]
    if entry.leaders:
        lines.append("Lãnh đạo: " + ", ".join(leader.label for leader in entry.leaders))
    if entry.participants:
        lines.append(f"Thành phần: {entry.participants}")
    if entry.lead_agencies:
        lines.append("Chủ trì chuẩn bị: " + ", ".join(agency.name for agency in entry.lead_agencies))
    if entry.cooperating_agencies:
        lines.append("Phối hợp: " + ", ".join(agency.name for agency in entry.cooperating_agencies))
    invited = [agency.name for agency in entry.invited] + ([entry.invited_text] if entry.invited_text else [])
    if invited:
        lines.append("Mời: " + ", ".join(invited))
    if entry.accompanying:
        lines.append(f"Văn phòng phục vụ: {entry.accompanying}")
    return "\n".join(lines)


def week_to_ics(week, *, base_url=""):
    """The published week's entries (``week``: a weekly.public_week.PublicWeek with its revision)."""
    page = base_url + week_path(week.office, week.iso_year, week.iso_week)
    calendar = _calendar(f"{week.title} – {week.office.reading_name}", page)
    for entry in week.entries:
        calendar.add_component(entry_event(week.office, week.revision, entry, url=f"{page}#muc-{entry.uid}"))
    return _bytes(calendar)


def leader_to_ics(office, leader, pairs, *, base_url=""):
    """``leader``'s subscription: the ``pairs`` (revision, WeekEntry) of the published weeks naming them."""
    calendar = _calendar(
        f"{leader.title} {leader.name} – {office.reading_name}", base_url + leader_path(office, leader)
    )
    for revision, entry in pairs:
        page = base_url + week_path(office, revision.iso_year, revision.iso_week)
        calendar.add_component(entry_event(office, revision, entry, url=f"{page}#muc-{entry.uid}"))
    return _bytes(calendar)


def agency_events(office, agency, pairs, *, base_url=""):
    """The events an agency's calendar adds: the ``pairs`` (revision, WeekEntry) it prepares or is invited to,
    each summary saying its part."""
    events = []
    for revision, entry in pairs:
        page = base_url + week_path(office, revision.iso_year, revision.iso_week)
        role = entry.role_of(agency.pk)
        events.append(entry_event(office, revision, entry, url=f"{page}#muc-{entry.uid}", role=role))
    return events


def week_path(office, iso_year, iso_week):
    """``/<office>/lich-tuan/2024/03/``: the week's public page (by its URL name: public.urls routes it)."""
    return reverse("public:week_detail", kwargs={"office": office.slug, "year": iso_year, "week": iso_week})


def leader_path(office, leader):
    """``/<office>/lanh-dao/<leader>/lich.ics``: the leader's subscription."""
    return reverse("public:leader_ics", kwargs={"office": office.slug, "slug": leader.slug})
