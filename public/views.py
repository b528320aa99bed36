"""One office's public pages (``/<office>/…``): its published plans only, for anyone, no login. Every loader
reads the office's own rows; the platform's pages are public.platform, the old unprefixed URLs public.legacy."""

from itertools import groupby

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from access.permissions import can
from agenda import dates
from agenda.models import Agency, MonthlyPlan
from agenda.offices import office_view
from conclusions.public_queries import agency_notices, month_notices, search_notices
from exports.ics import agency_to_ics, calendar_window_start, plan_to_ics
from exports.pdf import pdf_filename
from exports.responses import draft_pdf_response
from followup.public import calendar_deadlines, public_agency_tasks
from issuing.changelog import changes_for_agency
from issuing.models import Revision
from programme.document import build_document, plans_for_document
from public import cache
from public.cache import artifact
from public.forms import AgencyYearForm, SearchForm
from public.queries import (
    RECENT_MONTHS,
    SearchHits,
    agency_latest_month,
    agency_schedule,
    agency_year,
    home_plan,
    offices_in_order,
    offices_matching,
    published_plan,
    published_years,
    search_results,
)
from weekly.ics import agency_events
from weekly.public_week import agency_week_entries

SEARCH_PAGE_SIZE = 50
PLAN_MAX_AGE = 300


@artifact
@office_view
def home(request, office):
    return office_home(request, office)


def office_home(request, office):
    """The office's current programme, else its latest (the platform's home shows it when it is the only one)."""
    plan = home_plan(office, timezone.localdate())
    if plan is None:
        return render(request, "public/no_plan.html", {"office": office})
    return _plan_page(request, office, plan)


@artifact
@office_view
def plan_detail(request, office, year, month):
    return _plan_page(request, office, published_plan(office, year, month))


def _plan_page(request, office, plan):
    plan.office = office
    context = {
        "plan": plan,
        "office": office,
        "document": build_document(plan, office),
        "is_current": plan.contains(timezone.localdate()),
        "pdf_url": reverse("public:plan_pdf", kwargs={"office": office, "year": plan.year, "month": plan.month}),
        "revisions": list(
            Revision.objects.of(office)
            .for_month(plan.year, plan.month)
            .only("office", "year", "month", "number", "issued_at", "sha256")
        ),
        "conclusion_notices": month_notices(office, plan.year, plan.month),
    }
    return _cacheable(render(request, "public/plan_detail.html", context), plan.published_at)


@artifact
@office_view
def plan_ics(request, office, year, month):
    plan = published_plan(office, year, month)
    plan.office = office
    body = plan_to_ics(plan, base_url=cache.site_url())
    return _calendar_response(body, f"chuong-trinh-{plan.year:04d}-{plan.month:02d}.ics", plan.published_at)


@artifact  # kept only when published: a draft's answer is private
@office_view
def plan_pdf(request, office, year, month):
    """The month's issued PDF, as signed (a file named by its SHA-256); staff may get the working draft."""
    revision = (
        Revision.objects.of(office)
        .for_month(year, month)
        .filter(plan__status=MonthlyPlan.Status.PUBLISHED)
        .only("sha256", "plan__published_at", "plan__year", "plan__month")
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if revision is None:
        return _draft_pdf(request, office, year, month)
    response = cache.file_response(revision.pdf_file(), filename=pdf_filename(revision.plan))
    response["Last-Modified"] = http_date(revision.plan.published_at.timestamp())
    # An amendment replaces the month's PDF at once: caches ask again every time (If-None-Match, a 304 from
    # the kept answer); the revision's own URL is the one cached for good.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _draft_pdf(request, office, year, month):
    """A month with nothing issued: the working copy's unsigned render, for a role that may view plans.

    The role decides (access.permissions.can), not staff status: an account with is_staff and no role
    sees what an anonymous visitor sees.
    """
    plan = plans_for_document().of(office).for_month(year, month).working().first()
    if plan is None or not can(request.user, plan, "view"):
        raise Http404
    response = draft_pdf_response(request, plan, pdf_filename(plan))
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@artifact
@office_view
def archive(request, office):
    plans = MonthlyPlan.objects.of(office).published().order_by("-year", "-month")
    years = [(year, list(plans)) for year, plans in groupby(plans, key=lambda plan: plan.year)]
    return render(request, "public/archive.html", {"office": office, "years": years})


@artifact
@office_view
def agency_list(request, office):
    agencies = Agency.objects.of(office).active().publicly_listed_with_counts()
    kinds = dict.fromkeys(Agency.Kind)
    for kind in kinds:
        kinds[kind] = [agency for agency in agencies if agency.kind == kind]
    groups = [(kind.label, members) for kind, members in kinds.items() if members]
    return render(request, "public/agency_list.html", {"office": office, "groups": groups})


@artifact(query=AgencyYearForm)
@office_view
def agency_detail(request, office, slug):
    """What the agency prepares: everything upcoming and the recent past, or one year of its history (?nam=)."""
    agency = _public_agency(office, slug)
    form = AgencyYearForm(request.GET)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["nam"]
    today = timezone.localdate()
    years = published_years(office)
    context = {"agency": agency, "office": office, "years": years, "year": year, "recent_months": RECENT_MONTHS}
    if year is None:
        context["agency_tasks"] = public_agency_tasks(agency, today, calendar_window_start(today))
        since = dates.shift_month(today.year, today.month, -RECENT_MONTHS)
        upcoming, past = agency_schedule(agency, today=today, lead_days=office.dossier_lead_days)
        context.update(upcoming=upcoming, past=past, agency_changes=changes_for_agency(agency, since=since))
        # The leaders' weekly schedule: what it prepares or is invited to, this week and after (issue 22).
        context["week_entries"] = agency_week_entries(office, agency, since=today)
        if not upcoming and not past:  # rather than two empty headings: what it prepared last
            context["latest"] = agency_latest_month(agency, lead_days=office.dossier_lead_days)
    elif year in years:
        context["year_groups"] = agency_year(agency, year, lead_days=office.dossier_lead_days)
        context["agency_changes"] = changes_for_agency(agency, limit=None, year=year)
    else:
        raise Http404(_("Chưa có chương trình công tác ban hành trong năm này."))
    context["agency_notices"] = agency_notices(agency)
    return render(request, "public/agency_detail.html", context)


@artifact
@office_view
def agency_ics(request, office, slug):
    """The agency's calendar: the past CALENDAR_PAST_MONTHS months and everything ahead, the published weekly
    schedules' entries it prepares or is invited to included."""
    agency = _public_agency(office, slug)
    today = timezone.localdate()
    since = calendar_window_start(today)
    tasks = public_agency_tasks(agency, today, since)
    week_entries = agency_week_entries(office, agency, since=since)
    body = agency_to_ics(
        agency,
        base_url=cache.site_url(),
        lead_days=office.dossier_lead_days,
        duration=office.event_duration,
        since=since,
        deadlines=calendar_deadlines(agency, tasks, cache.site_url()),
        extra_events=agency_events(
            office, agency, [(e.revision, e.entry) for e in week_entries], base_url=cache.site_url()
        ),
    )
    return _calendar_response(body, f"{agency.slug}.ics", None)


def _public_agency(office, slug):
    """``office``'s agency of that slug, if the public may see it (another office's is a 404)."""
    agency = get_object_or_404(Agency.objects.of(office).publicly_listed(), slug=slug)
    agency.office = office
    return agency


@office_view
def search(request, office):
    """The office's issued programmes searched (public.platform searches every office's)."""
    return search_page(request, office)


def search_page(request, office=None):
    """The search page: ``office``'s programmes, or every office's (each hit labelled with its office, the
    offices whose name matches listed first)."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "office": office, "page": None}
    if form.is_valid():
        hits = SearchHits(form.cleaned_data["q"], office=office)
        page = Paginator(hits, SEARCH_PAGE_SIZE).get_page(form.cleaned_data["trang"])
        page.results = search_results(page.object_list, hits.words, with_offices=office is None)
        context["page"] = page
        if office is not None and page.number == 1:
            context["notices"] = search_notices(office, form.cleaned_data["q"])
        if office is None and page.number == 1:
            context["offices"] = offices_matching(offices_in_order(with_latest=False), hits.words)
    return render(request, "public/search.html", context)


@never_cache
def healthz(request):
    """For monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _cacheable(response, published_at):
    """Public, kept by shared caches for a few minutes; public.artifacts adds the ETag (the body's SHA-256)."""
    if published_at is not None:
        response.headers.setdefault("Last-Modified", http_date(published_at.timestamp()))
    patch_cache_control(response, max_age=PLAN_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def _calendar_response(body, filename, published_at):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _cacheable(response, published_at)
