"""What the public pages ask of the plans: only published plans, each office's own, in a fixed number of queries
(whatever the number of offices)."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Case, DateField, F, OuterRef, PositiveSmallIntegerField, Subquery, TimeField, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import MonthlyPlan, Office, PriorityTask
from agenda.text import highlight, spaced_words
from meetings import search
from meetings.models import Item
from programme.document import agency_suffix, plans_for_document


def published_plan(office, year, month):
    """``office``'s published plan of that month with everything its document needs; 404 for a draft or none."""
    plan = plans_for_document().of(office).published().for_month(year, month).first()
    if plan is None:
        raise Http404(_("Chưa có chương trình công tác ban hành cho tháng này."))
    return plan


def home_plan(office, today):
    """``office``'s published plan of the current month, else its latest published one, else None."""
    plans = plans_for_document().of(office).published()
    return plans.for_month(today.year, today.month).first() or plans.order_by("-year", "-month").first()


#: The platform's home lists the offices by level: the province's first, then its departments and communes.
LEVEL_ORDER = Case(*(When(level=level, then=Value(rank)) for rank, level in enumerate(Office.Level.values)))
#: What the platform's pages show of an office (its seal and settings stay unread).
OFFICE_FIELDS = ("slug", "name", "parent_body", "place", "level")


def offices_in_order(*, with_latest=True):
    """Every office, province first, then by level and name; ``with_latest``: each with ``latest_plan``, its
    latest published programme (None before its first). One query, two with the programmes, whatever the number
    of offices."""
    offices = (
        Office.objects.only(*OFFICE_FIELDS).annotate(level_order=LEVEL_ORDER).order_by("level_order", "name", "pk")
    )
    if not with_latest:
        return list(offices)
    latest = MonthlyPlan.objects.published().filter(office=OuterRef("pk")).order_by("-year", "-month")
    offices = list(offices.annotate(latest_plan_id=Subquery(latest.values("pk")[:1])))
    ids = [office.latest_plan_id for office in offices if office.latest_plan_id]
    plans = MonthlyPlan.objects.filter(pk__in=ids).only(
        "office", "year", "month", "title", "number", "published_at", "issue_date"
    )
    plans = {plan.pk: plan for plan in plans} if ids else {}
    for office in offices:
        office.latest_plan = plans.get(office.latest_plan_id)
    return offices


def offices_matching(offices, words):
    """The ``offices`` whose name or place has a word beginning with each of ``words`` (meetings.search.query_words),
    as the search of the programmes reads them."""
    found = []
    for office in offices:
        text = spaced_words(f"{office.name} {office.place}")
        if words and all(f" {word}" in text for word in words):
            found.append(office)
    return found


def item_url(item):
    """The item's paragraph in its plan's page (the anchor of programme.document.Line)."""
    return item.get_absolute_url()


def published_items():
    return Item.objects.published().select_related("plan", "session").with_agencies()


def published_tasks():
    return PriorityTask.objects.filter(plan__status=MonthlyPlan.Status.PUBLISHED)


#: The columns of one search hit, shared by items and priority tasks (part 0: part A).
HIT_COLUMNS = ("hit_id", "hit_part", "hit_rank", "hit_year", "hit_month", "hit_day", "hit_time", "hit_position")
HIT_ORDER = ("-hit_rank", "-hit_year", "-hit_month", "hit_part", "hit_day", "hit_time", "hit_position", "hit_id")


class SearchHits:
    """Published items and priority tasks matching every word of a query, best first (meetings.search
    ranks them), then the newest plan, then in document order (part A first): ``office``'s, or every office's.

    A Paginator's object list: ``count()`` is one query, a slice is one query of ids; :func:`search_results`
    then loads the page's items and tasks, so a page costs a fixed number of queries whatever the archive's size.
    """

    def __init__(self, query, office=None):
        self.words = search.query_words(query)
        items, tasks = Item.objects.published(), published_tasks()
        if office is not None:
            items, tasks = items.filter(plan__office=office), tasks.filter(plan__office=office)
        self.items = search.matching(items, self.words)
        self.tasks = search.matching(tasks, self.words)

    def count(self):
        if not self.words:
            return 0
        return self.items.values("pk").order_by().union(self.tasks.values("pk").order_by(), all=True).count()

    def __len__(self):
        return self.count()

    def ranked(self):
        items = self.items.annotate(
            hit_id=F("pk"),
            hit_part=F("part_order"),
            hit_rank=search.rank(self.items, self.words),
            hit_year=F("plan__year"),
            hit_month=F("plan__month"),
            hit_day=Coalesce("session__date", "date"),
            hit_time=F("session__time"),
            hit_position=F("position"),
        )
        tasks = self.tasks.annotate(
            hit_id=F("pk"),
            hit_part=Value(0, output_field=PositiveSmallIntegerField()),
            hit_rank=search.rank(self.tasks, self.words, title=False),
            hit_year=F("plan__year"),
            hit_month=F("plan__month"),
            hit_day=Value(None, output_field=DateField()),
            hit_time=Value(None, output_field=TimeField()),
            hit_position=F("position"),
        )
        return (
            items.order_by()
            .values(*HIT_COLUMNS)
            .union(tasks.order_by().values(*HIT_COLUMNS), all=True)
            .order_by(*HIT_ORDER)
        )

    def __getitem__(self, index):
        if not self.words:
            return []
        return list(self.ranked()[index])


@dataclass
class SearchResult:
    """One line of the search page: an item of part B or a priority task of part A."""

    plan: MonthlyPlan
    url: str
    title_html: str
    part_label: str
    day: object = None

    @property
    def office(self):
        """The office that issued it (loaded when the search spans every office)."""
        return self.plan.office


#: A priority task is shown cut to about this many characters around its first match.
TASK_EXCERPT = 300
#: What a result shows of an item or a task and its plan (a plan row is wide: headings, signer, recipients).
RESULT_FIELDS = ("plan__office", "plan__year", "plan__month", "plan__title")
#: ... and of its office, when the search spans every office (each hit is labelled with it).
RESULT_OFFICE_FIELDS = tuple(f"plan__office__{field}" for field in OFFICE_FIELDS)


def search_results(hits, words, *, with_offices=False):
    """The page's ``hits`` (a slice of :class:`SearchHits`) as SearchResult, in their order, with the
    query's ``words`` highlighted: two queries for the items (with plan, session, agencies), one for the tasks.
    ``with_offices``: each result's plan with its office (the search of every office labels its hits)."""
    item_ids = [hit["hit_id"] for hit in hits if hit["hit_part"]]
    task_ids = [hit["hit_id"] for hit in hits if not hit["hit_part"]]
    fields, related = RESULT_FIELDS, ["plan"]
    if with_offices:
        fields, related = fields + RESULT_OFFICE_FIELDS, ["plan__office"]
    items = tasks = {}
    if item_ids:
        found = published_items().select_related(*related).filter(pk__in=item_ids)
        items = {item.pk: item for item in found.only(*fields, "title", "part", "date", "session__date")}
    if task_ids:
        found = PriorityTask.objects.select_related(*related).filter(pk__in=task_ids).only(*fields, "text")
        tasks = {task.pk: task for task in found}
    results = []
    for hit in hits:
        if hit["hit_part"] and hit["hit_id"] in items:
            item = items[hit["hit_id"]]
            title = item.title + agency_suffix(item.ordered_agencies)
            html = highlight(title, words)
            results.append(SearchResult(item.plan, item_url(item), html, item.get_part_display(), item.meeting_date))
        elif not hit["hit_part"] and hit["hit_id"] in tasks:
            task = tasks[hit["hit_id"]]
            html = highlight(task.text, words, limit=TASK_EXCERPT)
            results.append(SearchResult(task.plan, task.get_absolute_url(), html, _("Nhiệm vụ trọng tâm")))
    return results


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
        return dates.dated_label(self.day, start=True) if self.day else ""

    @property
    def deadline_label(self):
        return dates.dated_label(self.deadline, start=True) if self.deadline else ""

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


#: The agency page shows every upcoming item and the past of this many months before the current one;
#: older history is on one page per year (``?nam=``).
RECENT_MONTHS = 3


def agency_items(agency):
    """The agency's published items with their plan, session and agencies; ordered by month only, so that
    no default ordering drags another join into the query (callers sort a bounded set in document order)."""
    return published_items().filter(assignments__agency=agency).order_by("plan__year", "plan__month", "pk")


def published_years(office):
    """The years in which ``office`` published a plan, newest first: the links to an agency's history.

    Read from the index of published plans' (year, month), not from the agency's items (a scan of the
    whole item table at ten years of data), so that the page's cost does not grow with the history;
    the page of a year in which the agency had nothing says so.
    """
    return MonthlyPlan.objects.of(office).published().years()


def _entries(agency, items, lead_days):
    entries = []
    for item in items:
        agencies = item.ordered_agencies
        others = [other for other in agencies if other.pk != agency.pk]
        deadline = item.dossier_deadline(lead_days)
        is_lead = bool(agencies) and agencies[0].pk == agency.pk
        entries.append(AgencyEntry(item, others, deadline, is_lead))
    return entries


def _latest_month_first(entries):
    entries = sorted(entries, key=lambda e: e.item.document_key)
    entries.sort(key=lambda e: e.month_key, reverse=True)
    return _by_month(entries)


def agency_schedule(agency, *, today, lead_days, months=RECENT_MONTHS):
    """The agency's published items: (upcoming, recent past), each a list of MonthGroup.

    Upcoming items (meeting on or after ``today``; undated items until their month ends) are all there,
    soonest first; the past is the current month's and the ``months`` before it, latest month first.
    Only the plans of that window are read (their meeting dates fall inside their month), so the cost
    does not grow with the agency's history. Session items carry their dossier deadline.
    """
    window = agency_items(agency).filter(dates.from_month(*dates.shift_month(today.year, today.month, -months)))
    entries = _entries(agency, window, lead_days)
    upcoming = sorted(
        (entry for entry in entries if entry.last_day >= today), key=lambda e: (e.month_key, e.item.document_key)
    )
    past = [entry for entry in entries if entry.last_day < today]
    return _by_month(upcoming), _latest_month_first(past)


def agency_year(agency, year, *, lead_days):
    """The agency's published items of the plans of ``year``, latest month first (one page of its history)."""
    return _latest_month_first(_entries(agency, agency_items(agency).filter(plan__year=year), lead_days))


def agency_latest_month(agency, *, lead_days):
    """The items of the latest published plan naming the agency (one MonthGroup, or none): what its
    page shows when nothing is ahead or recent. Two queries, the plan found by the agency's index."""
    latest = Item.objects.published().filter(assignments__agency=agency).order_by("-plan__year", "-plan__month")
    items = agency_items(agency).filter(plan_id=Subquery(latest.values("plan_id")[:1]))
    return _latest_month_first(_entries(agency, items, lead_days))


def _by_month(entries):
    return [
        MonthGroup(group[0].month_label, group[0].plan, group)
        for group in (list(items) for _key, items in groupby(entries, key=lambda e: e.month_key))
    ]
