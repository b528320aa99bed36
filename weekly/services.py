"""Making a week: the draft pre-filled from the issued month(s), recurring entries copied from the week
before, and the Office's edits of single entries (each checked against the week's version).

The month's dated parts become entries: each regular session (chaired by the office's first leader) and
each conference, with date, time, place and agencies. Re-building adds only the parts still missing (an
entry remembers its source: ``source`` and ``source_uid``), never a duplicate.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import Agency, MonthlyPlan
from meetings.models import Item, ItemAgency, RegularSession
from weekly.errors import StaleWeekError, WeekError
from weekly.models import Entry, EntryAgency, EntryLeader, Leader, Week

#: The uid namespace of a session without items (nothing else names it across the month's revisions).
SESSION_NAMESPACE = uuid.UUID("6f1f0a52-5d0e-4b7a-9d55-1f3c7c2b9a10")
NOON = datetime.time(12, 0)
EVENING = datetime.time(18, 0)


def week_bounds(iso_year, iso_week):
    """(Monday, Sunday) of the ISO week; WeekError for a week that does not exist (week 53 of most years)."""
    try:
        monday = datetime.date.fromisocalendar(iso_year, iso_week, 1)
    except ValueError:
        raise WeekError(_("Tuần %(week)s năm %(year)s không có.") % {"week": iso_week, "year": iso_year}) from None
    return monday, monday + datetime.timedelta(days=6)


def weekday_title(day):
    """ "Thứ Hai", "Chủ nhật": the weekday as a line of the week begins with it."""
    label = dates.weekday_label(day)
    return label[:1].upper() + label[1:]


def half_day_of(time):
    """The half-day a start time falls in (no time: the morning)."""
    if time is None or time < NOON:
        return Entry.HalfDay.MORNING
    return Entry.HalfDay.AFTERNOON if time < EVENING else Entry.HalfDay.EVENING


def get_or_create_week(office, iso_year, iso_week):
    week_bounds(iso_year, iso_week)
    week, _created = Week.objects.get_or_create(office=office, iso_year=iso_year, iso_week=iso_week)
    return week


def issued_plans(office, monday, sunday):
    """The office's issued (current) plans of the month(s) the week overlaps."""
    months = {(monday.year, monday.month), (sunday.year, sunday.month)}
    plans = MonthlyPlan.objects.of(office).published()
    return [plan for plan in plans.filter(year__in={y for y, _m in months}) if (plan.year, plan.month) in months]


def month_sources(plans, monday, sunday):
    """The sessions and conferences of ``plans`` dated in the week, with their items' agencies (4 queries)."""
    assignments = Prefetch("assignments", queryset=ItemAgency.objects.select_related("agency"))
    items = Item.objects.order_by("position", "pk").prefetch_related(assignments)
    sessions = RegularSession.objects.filter(plan__in=plans, date__range=(monday, sunday))
    sessions = sessions.select_related("plan").prefetch_related(Prefetch("items", queryset=items))
    conferences = Item.objects.filter(plan__in=plans, part=Item.Part.CONFERENCE, date__range=(monday, sunday))
    conferences = conferences.exclude(status__in=[Item.Status.CANCELLED, Item.Status.POSTPONED])
    conferences = conferences.select_related("plan").prefetch_related(assignments).order_by("date", "time", "pk")
    return list(sessions), list(conferences)


def session_uid(session):
    """What names a session across the month's revisions: its first item's uid (items keep theirs)."""
    items = list(session.items.all())
    if items:
        return items[0].uid
    return uuid.uuid5(SESSION_NAMESPACE, f"{session.plan_id}:{session.pk}")


def session_agencies(session):
    """[(agency, role)]: every item's agencies in order, lead of an item = "chủ trì", each agency once."""
    roles = {}
    for item in session.items.all():
        for index, link in enumerate(item.assignments.all()):
            lead = index == 0
            if link.agency not in roles or lead:
                roles[link.agency] = (
                    EntryAgency.Role.LEAD if lead else roles.get(link.agency, EntryAgency.Role.COOPERATE)
                )
    return list(roles.items())


def item_agencies(item):
    return [
        (link.agency, EntryAgency.Role.LEAD if index == 0 else EntryAgency.Role.COOPERATE)
        for index, link in enumerate(item.assignments.all())
    ]


def session_content(session):
    office = session.plan.office
    return _("Phiên họp thường kỳ %(committee)s tháng %(month)s") % {
        "committee": office.committee,
        "month": f"{dates.month_number(session.date.month)}/{session.date.year}",
    }


def chairing_leader(leaders, day):
    """The office's first leader in office on ``day`` (the Chairman chairs the regular session), or None."""
    return next((leader for leader in leaders if leader.is_active_on(day)), None)


def sourced_drafts(office, sessions, conferences):
    """(Entry not saved, [(agency, role)], [leader]) for each session and conference."""
    leaders = list(Leader.objects.of(office).order_by("order", "pk"))
    drafts = []
    for session in sessions:
        chair = chairing_leader(leaders, session.date)
        entry = Entry(
            date=session.date,
            half_day=half_day_of(session.time),
            start_time=session.time,
            content=session_content(session),
            place=session.place,
            source=Entry.Source.SESSION,
            source_uid=session_uid(session),
            source_plan=session.plan,
            source_session=session,
        )
        drafts.append((entry, session_agencies(session), [chair] if chair else []))
    for item in conferences:
        entry = Entry(
            date=item.date,
            half_day=half_day_of(item.time),
            start_time=item.time,
            content=item.title,
            place=item.place,
            source=Entry.Source.CONFERENCE,
            source_uid=item.uid,
            source_plan=item.plan,
            source_item=item,
        )
        drafts.append((entry, item_agencies(item), []))
    return drafts


@transaction.atomic
def build_week(office, iso_year, iso_week):
    """The week's draft with every session and conference of the issued month(s) dated in it: (week, number of
    entries added). Running it again adds only what is missing (a part the month gained), never a duplicate;
    entries the Office changed or added stay as they are. WeekError when no month of the week is issued."""
    monday, sunday = week_bounds(iso_year, iso_week)
    plans = issued_plans(office, monday, sunday)
    if not plans:
        raise WeekError(
            _("Chưa có chương trình tháng đã ban hành cho tuần %(week)02d/%(year)s.")
            % {"week": iso_week, "year": iso_year}
        )
    week = Week.objects.select_for_update().filter(pk=get_or_create_week(office, iso_year, iso_week).pk).get()
    existing = set(week.entries.exclude(source_uid=None).values_list("source", "source_uid"))
    added = 0
    for entry, agencies, leaders in sourced_drafts(office, *month_sources(plans, monday, sunday)):
        if (entry.source, entry.source_uid) in existing:
            continue
        entry.week = week
        entry.save()
        set_links(entry, leaders=[(leader, EntryLeader.Role.CHAIR) for leader in leaders], agencies=agencies)
        added += 1
    if added:
        week.touch()
    return week, added


@transaction.atomic
def copy_recurring(week, from_week=None):
    """Copy the entries of ``from_week`` (the week before by default) marked recurring into ``week``, on the same
    weekdays, with their leaders and agencies: the number copied. An entry copied before is not copied twice."""
    if from_week is None:
        previous = week.monday - datetime.timedelta(days=7)
        year, number, _weekday = previous.isocalendar()
        from_week = Week.objects.of(week.office_id).for_week(year, number).first()
        if from_week is None:
            raise WeekError(_("Tuần trước chưa có lịch để sao chép."))
    shift = week.monday - from_week.monday
    existing = set(week.entries.filter(source=Entry.Source.RECURRING).values_list("source_uid", flat=True))
    copied = 0
    for entry in with_links(from_week.entries.filter(recurring=True)):
        if entry.uid in existing:
            continue
        copy = Entry(
            week=week,
            date=entry.date + shift,
            half_day=entry.half_day,
            start_time=entry.start_time,
            position=entry.position,
            content=entry.content,
            place=entry.place,
            participants=entry.participants,
            invited_text=entry.invited_text,
            accompanying=entry.accompanying,
            recurring=True,
            source=Entry.Source.RECURRING,
            source_uid=entry.uid,
        )
        copy.save()
        set_links(
            copy,
            leaders=[(link.leader, link.role) for link in entry.leader_links.all()],
            agencies=[(link.agency, link.role) for link in entry.agency_links.all()],
            invited=list(entry.invited_agencies.all()),
        )
        copied += 1
    if copied:
        Week.objects.get(pk=week.pk).touch()
        week.refresh_from_db()
    return copied


def with_links(entries):
    """``entries`` with their leaders, agencies and invited agencies, in order (three queries)."""
    return entries.prefetch_related(
        Prefetch("leader_links", queryset=EntryLeader.objects.select_related("leader")),
        Prefetch("agency_links", queryset=EntryAgency.objects.select_related("agency")),
        Prefetch("invited_agencies", queryset=Agency.objects.order_by("name")),
    ).order_by("date", "half_day", "start_time", "position", "pk")


def set_links(entry, *, leaders=(), agencies=(), invited=()):
    """Replace the entry's leaders [(leader, role)], preparing agencies [(agency, role)] and invited agencies,
    in order; each of the entry's own office only, each once (WeekError otherwise)."""
    office_id = entry.week.office_id
    for thing in [leader for leader, _role in leaders] + [agency for agency, _role in agencies] + list(invited):
        if thing.office_id != office_id:
            raise WeekError(_("“%(name)s” không thuộc cơ quan này.") % {"name": thing.name})
    for group in ([leader for leader, _role in leaders], [agency for agency, _role in agencies], list(invited)):
        if len({thing.pk for thing in group}) != len(group):
            raise WeekError(_("Mỗi lãnh đạo, cơ quan chỉ ghi một lần cho một mục."))
    entry.leader_links.all().delete()
    entry.agency_links.all().delete()
    EntryLeader.objects.bulk_create(
        EntryLeader(entry=entry, leader=leader, role=role, position=index)
        for index, (leader, role) in enumerate(leaders)
    )
    EntryAgency.objects.bulk_create(
        EntryAgency(entry=entry, agency=agency, role=role, position=index)
        for index, (agency, role) in enumerate(agencies)
    )
    entry.invited_agencies.set(invited)


def locked_week(week, version):
    """The week's row, locked for this transaction, when its version is still ``version`` (None: a service's
    own call, not checked); StaleWeekError when someone changed it since the page was loaded (or a page posted
    no version)."""
    current = Week.objects.select_for_update().get(pk=week.pk)
    if version is not None and _number(version) != current.version:
        raise StaleWeekError(_("Lịch tuần vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới rồi sửa lại."))
    return current


def _number(version):
    """A posted version as a number; anything else (missing, forged) matches no version."""
    try:
        return int(version)
    except (TypeError, ValueError):
        return -1


FIELDS = (
    "date",
    "half_day",
    "start_time",
    "content",
    "place",
    "participants",
    "invited_text",
    "accompanying",
    "recurring",
)


@transaction.atomic
def save_entry(week, data, *, version, entry=None):
    """Add (``entry`` None) or change an entry from ``data`` (a form's cleaned data: FIELDS, ``leaders``
    [(leader, role)], ``agencies`` [(agency, role)], ``invited`` [agency]), if the week is still at ``version``.
    Returns the entry; the week's version moves."""
    current = locked_week(week, version)
    if not current.contains(data["date"]):
        raise WeekError(_("Ngày %(date)s không thuộc tuần này.") % {"date": dates.short_date(data["date"])})
    if entry is None:
        entry = Entry(week=current)
    elif entry.week_id != current.pk:
        raise WeekError(_("Mục này thuộc tuần khác."))
    for field in FIELDS:
        setattr(entry, field, data[field])
    entry.week = current
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise WeekError(_("Không lưu được mục này.")) from None
    set_links(
        entry, leaders=data.get("leaders", []), agencies=data.get("agencies", []), invited=data.get("invited", [])
    )
    current.touch()
    week.version, week.state = current.version, current.state
    return entry


@transaction.atomic
def delete_entry(week, entry, *, version):
    current = locked_week(week, version)
    if entry.week_id != current.pk:
        raise WeekError(_("Mục này thuộc tuần khác."))
    entry.delete()
    current.touch()
    week.version, week.state = current.version, current.state
