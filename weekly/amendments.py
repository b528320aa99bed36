"""When the month is amended after a week was built from it: what differs between the week's sourced entries
and their session or conference in the month's current issued plan, and applying one difference at a time.

An entry built from a month keeps the plan it was read from (``source_plan``); once a newer plan of that month
is issued (an amendment), its session or conference is found again by uid (items keep their uid across a
month's revisions; a session is named by its first item's) and compared: date, time, place, preparing
agencies, or gone (cancelled, postponed or removed). Applying every difference, or dismissing them, records
the new plan as the entry's source, and the warning ends.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda import dates
from agenda.models import MonthlyPlan
from meetings.models import Item, ItemAgency
from weekly import services
from weekly.errors import WeekError
from weekly.models import Entry, EntryAgency, EntryLeader

FIELD_LABELS = {
    "date": gettext_lazy("Ngày"),
    "start_time": gettext_lazy("Giờ"),
    "place": gettext_lazy("Địa điểm"),
    "agencies": gettext_lazy("Cơ quan chuẩn bị"),
    "removed": gettext_lazy("Không còn trong chương trình"),
    "added": gettext_lazy("Mới trong chương trình"),
}


@dataclass
class Difference:
    entry: Entry
    field: str
    week_value: str
    month_value: str
    new: object  # what applying writes (None for "removed")
    plan: MonthlyPlan

    @property
    def label(self):
        return FIELD_LABELS[self.field]

    @property
    def key(self):
        """Stable across pages: an entry's uid, or (an entry to add) its source's."""
        if self.field == "added":
            return f"{self.entry.source_uid}:added"
        return f"{self.entry.uid}:{self.field}"


def _current_plans(week, entries):
    months = {(entry.source_plan.year, entry.source_plan.month) for entry in entries}
    plans = MonthlyPlan.objects.of(week.office_id).published().filter(year__in={year for year, _m in months})
    return {(plan.year, plan.month): plan for plan in plans if (plan.year, plan.month) in months}


def _sources(plans, uids):
    """{(plan pk, uid): item} of the current plans, with sessions and their items' agencies (3 queries)."""
    links = Prefetch("assignments", queryset=ItemAgency.objects.select_related("agency"))
    session_items = Item.objects.order_by("position", "pk").prefetch_related(links)
    items = Item.objects.filter(plan__in=plans, uid__in=uids).select_related("session")
    items = items.prefetch_related(links, Prefetch("session__items", queryset=session_items))
    return {(item.plan_id, item.uid): item for item in items}


def _agencies_text(pairs):
    return "; ".join(f"{agency.name} ({EntryAgency.Role(role).label})" for agency, role in pairs) or "—"


def _compare(entry, item, plan):
    """The differences of one entry with its source ``item`` (None: gone) in ``plan``."""
    if item is None or item.status in (Item.Status.CANCELLED, Item.Status.POSTPONED):
        return [Difference(entry, "removed", entry.content, _("Không còn"), None, plan)]
    if entry.source == Entry.Source.SESSION:
        source, agencies = item.session, services.session_agencies(item.session)
    else:
        source, agencies = item, services.item_agencies(item)
    found = []
    if source.date != entry.date:
        found.append(
            Difference(entry, "date", dates.short_date(entry.date), dates.short_date(source.date), source.date, plan)
        )
    if source.time != entry.start_time:
        label = lambda time: time.strftime("%H:%M") if time else "—"  # noqa: E731
        found.append(Difference(entry, "start_time", label(entry.start_time), label(source.time), source.time, plan))
    if source.place != entry.place:
        found.append(Difference(entry, "place", entry.place or "—", source.place or "—", source.place, plan))
    current = [(link.agency, link.role) for link in entry.agency_links.all()]
    if [(a.pk, r) for a, r in current] != [(a.pk, r) for a, r in agencies]:
        found.append(Difference(entry, "agencies", _agencies_text(current), _agencies_text(agencies), agencies, plan))
    return found


def differences(week):
    """Every difference between ``week``'s sourced entries and the current issued plan of their month, in the
    week's order (a fixed number of queries)."""
    entries = services.with_links(week.entries.filter(source__in=[Entry.Source.SESSION, Entry.Source.CONFERENCE]))
    entries = [entry for entry in entries.select_related("source_plan") if entry.source_plan is not None]
    if not entries:
        return []
    plans = _current_plans(week, entries)
    stale = [
        entry
        for entry in entries
        if (entry.source_plan.year, entry.source_plan.month) in plans
        and plans[entry.source_plan.year, entry.source_plan.month].pk != entry.source_plan_id
    ]
    if not stale:
        return []
    sources = _sources(list(plans.values()), {entry.source_uid for entry in stale})
    found = []
    for entry in stale:
        plan = plans[entry.source_plan.year, entry.source_plan.month]
        found.extend(_compare(entry, sources.get((plan.pk, entry.source_uid)), plan))
    amended = {entry.source_plan_id: plans[entry.source_plan.year, entry.source_plan.month] for entry in stale}
    found.extend(_added(week, entries, list({plan.pk: plan for plan in amended.values()}.values())))
    return found


def _added(week, entries, plans):
    """The sessions and conferences of the amended ``plans`` dated in the week that the week lacks (added by
    the amendment, or moved into the week): applying adds them (a fixed number of queries)."""
    have = {(entry.source, entry.source_uid) for entry in entries}
    sessions, conferences = services.month_sources(plans, week.monday, week.sunday)
    return [
        Difference(draft, "added", "—", draft.content, (draft, agencies, leaders), draft.source_plan)
        for draft, agencies, leaders in services.sourced_drafts(week.office, sessions, conferences)
        if (draft.source, draft.source_uid) not in have
    ]


@transaction.atomic
def apply_difference(week, key, *, version):
    """Apply the difference ``key`` (Difference.key) to its entry, if the week is still at ``version``: the
    month's date, time, place or agencies; a source gone, or moved out of the week, removes the entry; a part
    new in the week is added. When the entry has no difference left, the amended plan becomes its source; when
    the week has none left, every entry of the month is recorded as read from the amended plan. Returns the
    difference applied."""
    difference = next((d for d in differences(week) if d.key == key), None)
    if difference is None:
        raise WeekError(_("Khác biệt này không còn (có thể đã được áp dụng)."))
    current = services.locked_week(week, version)
    entry = difference.entry
    if difference.field == "added":
        draft, agencies, leaders = difference.new
        draft.week = current
        draft.save()
        services.set_links(draft, leaders=[(leader, EntryLeader.Role.CHAIR) for leader in leaders], agencies=agencies)
    elif difference.field == "removed" or (difference.field == "date" and not current.contains(difference.new)):
        entry.delete()
    else:
        _write(entry, difference)
        if not [d for d in differences(current) if d.entry.pk == entry.pk]:
            Entry.objects.filter(pk=entry.pk).update(source_plan=difference.plan)
    _reconcile_when_done(current, difference.plan)
    current.touch()
    week.version, week.state = current.version, current.state
    return difference


def _reconcile_when_done(week, plan):
    """No difference left: the week's entries of ``plan``'s month (those the amendment left as they were too)
    are read from ``plan`` now, and the warning ends."""
    if not differences(week):
        stale = week.entries.filter(source_plan__year=plan.year, source_plan__month=plan.month)
        stale.exclude(source_plan=plan).update(source_plan=plan)


def _write(entry, difference):
    if difference.field == "agencies":
        leaders = [
            (link.leader, link.role) for link in EntryLeader.objects.filter(entry=entry).select_related("leader")
        ]
        services.set_links(entry, leaders=leaders, agencies=difference.new, invited=list(entry.invited_agencies.all()))
        return
    setattr(entry, difference.field, difference.new)
    if difference.field == "start_time":
        entry.half_day = services.half_day_of(difference.new)
    entry.save()


@transaction.atomic
def dismiss(week, entry_uid, *, version):
    """Keep the entry as the week has it: the month's current plan becomes its source (the warning ends)."""
    found = [d for d in differences(week) if d.field != "added" and str(d.entry.uid) == str(entry_uid)]
    if not found:
        raise WeekError(_("Khác biệt này không còn (có thể đã được áp dụng)."))
    current = services.locked_week(week, version)
    Entry.objects.filter(pk=found[0].entry.pk).update(source_plan=found[0].plan)
    _reconcile_when_done(current, found[0].plan)
    current.touch()
    week.version, week.state = current.version, current.state
