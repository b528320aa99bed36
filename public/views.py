"""The public site: published plans only, for anyone, no login."""

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
from agenda.models import Agency, MonthlyPlan, Office
from exports.ics import agency_to_ics, calendar_window_start, plan_to_ics
from exports.pdf import pdf_filename
from exports.responses import draft_pdf_response
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
    published_plan,
    published_years,
    search_results,
)

SEARCH_PAGE_SIZE = 50
PLAN_MAX_AGE = 300


@artifact
def home(request):
    plan = home_plan(timezone.localdate())
    if plan is None:
        return render(request, "public/no_plan.html")
    return _plan_page(request, plan)


@artifact
def plan_detail(request, year, month):
    return _plan_page(request, published_plan(year, month))


def _plan_page(request, plan):
    office = Office.objects.get_solo()
    context = {
        "plan": plan,
        "office": office,
        "document": build_document(plan, office),
        "is_current": plan.contains(timezone.localdate()),
        "pdf_url": reverse("public:plan_pdf", kwargs={"year": plan.year, "month": plan.month}),
        "revisions": list(
            Revision.objects.for_month(plan.year, plan.month).only("year", "month", "number", "issued_at", "sha256")
        ),
    }
    return _cacheable(render(request, "public/plan_detail.html", context), plan.published_at)


@artifact
def plan_ics(request, year, month):
    plan = published_plan(year, month)
    body = plan_to_ics(plan, base_url=cache.site_url())
    return _calendar_response(body, f"chuong-trinh-{plan.year:04d}-{plan.month:02d}.ics", plan.published_at)


@artifact  # kept only when published: a draft's answer is private
def plan_pdf(request, year, month):
    """The month's issued PDF, as signed (a file named by its SHA-256); staff may get the working draft."""
    revision = (
        Revision.objects.for_month(year, month)
        .filter(plan__status=MonthlyPlan.Status.PUBLISHED)
        .only("sha256", "plan__published_at", "plan__year", "plan__month")
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if revision is None:
        return _draft_pdf(request, year, month)
    response = cache.file_response(revision.pdf_file(), filename=pdf_filename(revision.plan))
    response["Last-Modified"] = http_date(revision.plan.published_at.timestamp())
    # An amendment replaces the month's PDF at once: caches ask again every time (If-None-Match, a 304 from
    # the kept answer); the revision's own URL is the one cached for good.
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _draft_pdf(request, year, month):
    """A month with nothing issued: the working copy's unsigned render, for a role that may view plans.

    The role decides (access.permissions.can), not staff status: an account with is_staff and no role
    sees what an anonymous visitor sees.
    """
    plan = plans_for_document().for_month(year, month).working().first()
    if plan is None or not can(request.user, plan, "view"):
        raise Http404
    response = draft_pdf_response(request, plan, pdf_filename(plan))
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@artifact
def archive(request):
    plans = MonthlyPlan.objects.published().order_by("-year", "-month")
    years = [(year, list(plans)) for year, plans in groupby(plans, key=lambda plan: plan.year)]
    return render(request, "public/archive.html", {"years": years})


@artifact
def agency_list(request):
    agencies = Agency.objects.active().publicly_listed_with_counts()
    kinds = dict.fromkeys(Agency.Kind)
    for kind in kinds:
        kinds[kind] = [agency for agency in agencies if agency.kind == kind]
    groups = [(kind.label, members) for kind, members in kinds.items() if members]
    return render(request, "public/agency_list.html", {"groups": groups})


@artifact(query=AgencyYearForm)
def agency_detail(request, slug):
    """What the agency prepares: everything upcoming and the recent past, or one year of its history (?nam=)."""
    agency = get_object_or_404(Agency.objects.publicly_listed(), slug=slug)
    form = AgencyYearForm(request.GET)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["nam"]
    office = Office.objects.get_solo()
    today = timezone.localdate()
    years = published_years()
    context = {"agency": agency, "office": office, "years": years, "year": year, "recent_months": RECENT_MONTHS}
    if year is None:
        since = dates.shift_month(today.year, today.month, -RECENT_MONTHS)
        upcoming, past = agency_schedule(agency, today=today, lead_days=office.dossier_lead_days)
        context.update(upcoming=upcoming, past=past, agency_changes=changes_for_agency(agency, since=since))
        if not upcoming and not past:  # rather than two empty headings: what it prepared last
            context["latest"] = agency_latest_month(agency, lead_days=office.dossier_lead_days)
    elif year in years:
        context["year_groups"] = agency_year(agency, year, lead_days=office.dossier_lead_days)
        context["agency_changes"] = changes_for_agency(agency, limit=None, year=year)
    else:
        raise Http404(_("Chưa có chương trình công tác ban hành trong năm này."))
    return render(request, "public/agency_detail.html", context)


@artifact
def agency_ics(request, slug):
    """The agency's calendar: the past CALENDAR_PAST_MONTHS months and everything ahead."""
    agency = get_object_or_404(Agency.objects.publicly_listed(), slug=slug)
    body = agency_to_ics(
        agency,
        base_url=cache.site_url(),
        since=calendar_window_start(timezone.localdate()),
    )
    return _calendar_response(body, f"{agency.slug}.ics", None)


def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_valid():
        hits = SearchHits(form.cleaned_data["q"])
        page = Paginator(hits, SEARCH_PAGE_SIZE).get_page(form.cleaned_data["trang"])
        page.results = search_results(page.object_list, hits.words)
    return render(request, "public/search.html", {"form": form, "page": page})


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
