"""What the public pages ask of the plans: only published plans, in a fixed number of queries."""

from dataclasses import dataclass
from itertools import groupby

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.document import plans_for_document
from agenda.models import MonthlyPlan
from meetings import search
from meetings.models import Item


def published_plan(year, month):
    """The published plan of that month with everything its document needs; 404 for a draft or none."""
    plan = plans_for_document().published().for_month(year, month).first()
    if plan is None:
        raise Http404(_("Chưa có chương trình công tác ban hành cho tháng này."))
    return plan


def home_plan(today):
    """The current month's published plan, else the latest published one, else None."""
    plans = plans_for_document().published()
    return plans.for_month(today.year, today.month).first() or plans.order_by("-year", "-month").first()


def item_url(item):
    """The item's paragraph in its plan's page (the anchor of agenda.document.Line)."""
    return item.get_absolute_url()


def published_items():
    return Item.objects.published().select_related("plan", "session").with_agencies()


def search_items(query):
    """Published items matching every word of ``query``, newest plan first, in document order."""
    return search.matching(published_items(), query).order_by(
        "-plan__year", "-plan__month", "part_order", "session__date", "session__time", "date", "position", "pk"
    )


@dataclass
class AgencyEntry:
    """One item as an agency's page shows it."""

    item: Item
    others: list
    deadline: object
    is_lead: bool = False

    @property
    def plan(self):
        return self.item.plan

    @property
    def day(self):
        return self.item.meeting_date

    @property
    def day_label(self):
        return dates.dated_label(self.day) if self.day else ""

    @property
    def deadline_label(self):
        return dates.dated_label(self.deadline) if self.deadline else ""

    @property
    def url(self):
        return item_url(self.item)

    @property
    def last_day(self):
        """The day after which the item is past: its meeting date, or the end of its month."""
        return self.day or self.plan.last_day

    @property
    def month_key(self):
        return (self.plan.year, self.plan.month)

    @property
    def month_label(self):
        return dates.month_label(self.plan.year, self.plan.month)


@dataclass
class MonthGroup:
    label: str
    plan: MonthlyPlan
    entries: list


def agency_schedule(agency, *, today, lead_days):
    """The agency's published items: (upcoming, past), each a list of MonthGroup.

    Upcoming items (meeting on or after ``today``; undated items until their month ends) come soonest
    first; past items latest month first. Session items carry their dossier deadline.
    """
    entries = []
    for item in published_items().filter(assignments__agency=agency):
        others = [other for other in item.ordered_agencies if other.pk != agency.pk]
        deadline = dates.dossier_deadline(item.meeting_date, lead_days) if item.part == Item.Part.SESSION else None
        agencies = item.ordered_agencies
        is_lead = bool(agencies) and agencies[0].pk == agency.pk
        entries.append(AgencyEntry(item, others, deadline, is_lead))
    upcoming = sorted(
        (entry for entry in entries if entry.last_day >= today), key=lambda e: (e.month_key, e.item.document_key)
    )
    past = [entry for entry in entries if entry.last_day < today]
    past.sort(key=lambda e: e.item.document_key)
    past.sort(key=lambda e: e.month_key, reverse=True)
    return _by_month(upcoming), _by_month(past)


def _by_month(entries):
    return [
        MonthGroup(group[0].month_label, group[0].plan, group)
        for group in (list(items) for _key, items in groupby(entries, key=lambda e: e.month_key))
    ]
