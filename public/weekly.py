"""One office's leaders' weekly schedule, for anyone (``/<office>/lich-tuan/…``, ``/<office>/lanh-dao/…``).

Only published weeks (weekly.models.WeekRevision: what the Office published, frozen) are read, never a draft's
entries: a week never published is an empty page saying so. The week's page, PDF and calendars are kept answers
(public.cache), made stale when the office publishes (public.signals: a WeekRevision saved). Each page runs a
fixed number of queries whatever the week's size.
"""

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.offices import office_view
from exports.ics import calendar_window_start
from exports.pdf import PdfFontMissingError, PdfRenderError
from public import cache
from public.cache import artifact
from public.views import _cacheable, _calendar_response
from weekly.ics import leader_to_ics, week_to_ics
from weekly.models import Leader, WeekRevision
from weekly.pdf import pdf_filename, render_week_pdf
from weekly.public_week import agency_slugs, public_week, week_entry
from weekly.queries import entries_for_leader, latest_revisions, week_of


class WeekPickerForm(forms.Form):
    """?ngay=2024-01-18 on /<office>/lich-tuan/: the week holding that day (a date input, no script)."""

    ngay = forms.DateField(
        label=gettext_lazy("Xem tuần có ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ: hãy chọn một ngày, ví dụ 18/01/2024.")},
    )

    def clean_ngay(self):
        day = self.cleaned_data["ngay"]
        if day is not None and not 2000 <= day.year <= 2100:
            raise forms.ValidationError(_("Hãy chọn một ngày từ năm 2000 đến năm 2100."))
        return day


def week_url(office, iso_year, iso_week):
    return reverse("public:week_detail", kwargs={"office": office, "year": iso_year, "week": iso_week})


@artifact(query=WeekPickerForm)
@office_view
def week_current(request, office):
    """This week (by the clock), or the week of the day the picker asks for (a redirect to its address)."""
    form = WeekPickerForm(request.GET)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data["ngay"] is not None:
        return redirect(week_url(office, *week_of(form.cleaned_data["ngay"])))
    iso_year, iso_week = week_of(today)
    status = 200 if form.is_valid() else 400
    return _week_page(request, office, iso_year, iso_week, today=today, form=form, status=status)


@artifact
@office_view
def week_detail(request, office, year, week):
    _check_week(year, week)
    return _week_page(request, office, year, week, today=timezone.localdate(), form=WeekPickerForm())


def _check_week(year, week):
    """404 unless ``week`` (two digits in the URL: weekly.converters) is an ISO week of ``year`` (week 53 exists
    in some years only)."""
    try:
        datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise Http404(_("Không có tuần này.")) from None


def _week_page(request, office, iso_year, iso_week, *, today, form, status=200):
    revisions = list(WeekRevision.objects.of(office).for_week(iso_year, iso_week).order_by("-number"))
    revision = revisions[0] if revisions else None
    urls = agency_slugs(office, revisions[:1])
    week = public_week(office, iso_year, iso_week, revision, today=today, agency_urls=urls)
    week.revisions = revisions
    monday = week.monday
    context = {
        "office": office,
        "week": week,
        "form": form,
        "previous_url": week_url(office, *week_of(monday - datetime.timedelta(days=7))),
        "next_url": week_url(office, *week_of(monday + datetime.timedelta(days=7))),
        "this_week_url": reverse("public:week_current", kwargs={"office": office}),
        "is_this_week": week_of(today) == (iso_year, iso_week),
        "leaders": _leaders_named(office, week),
    }
    if revision is None:
        # Where to go instead: the latest published week (one query, only on an empty page).
        context["latest"] = latest_revisions(office, limit=1)
        if status == 200 and not context["is_this_week"]:
            status = 404
        response = render(request, "public/weekly/week.html", context, status=status)
        return response
    context["pdf_url"] = reverse("public:week_pdf", kwargs={"office": office, "year": iso_year, "week": iso_week})
    context["ics_url"] = reverse("public:week_ics", kwargs={"office": office, "year": iso_year, "week": iso_week})
    response = render(request, "public/weekly/week.html", context, status=status)
    return _cacheable(response, revision.published_at)


def _leaders_named(office, week):
    """The office's leaders the published week names, in their order (each with a calendar to subscribe to)."""
    slugs = {leader.slug for entry in week.entries for leader in entry.leaders if leader.slug}
    if not slugs:
        return []
    return list(Leader.objects.of(office).filter(slug__in=slugs).order_by("order", "pk"))


def _published_week(office, year, week):
    """The published week of that address with its last revision, or 404."""
    _check_week(year, week)
    revision = WeekRevision.objects.of(office).for_week(year, week).order_by("-number").first()
    if revision is None:
        raise Http404(_("Lịch công tác tuần này chưa được công bố."))
    return public_week(office, year, week, revision)


@artifact
@office_view
def week_pdf(request, office, year, week):
    """The published week as a PDF (A4 landscape). One address per week: an adjustment replaces it at once, so
    caches ask again each time (If-None-Match: a 304 from the kept answer, whose ETag is the body's SHA-256)."""
    published = _published_week(office, year, week)
    try:
        content = render_week_pdf(published)
    except PdfRenderError as error:
        status = 503 if isinstance(error, PdfFontMissingError) else 500
        return HttpResponse(str(error), status=status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(published)}"'
    response["Last-Modified"] = http_date(published.revision.published_at.timestamp())
    patch_cache_control(response, public=True, no_cache=True)
    return response


@artifact
@office_view
def week_ics(request, office, year, week):
    published = _published_week(office, year, week)
    body = week_to_ics(published, base_url=cache.site_url())
    filename = f"lich-tuan-{published.iso_week:02d}-{published.iso_year:04d}.ics"
    return _calendar_response(body, filename, published.revision.published_at)


@artifact
@office_view
def leader_list(request, office):
    """The office's leaders today, each with the calendar of the published weeks naming them."""
    leaders = list(Leader.objects.of(office).active_on(timezone.localdate()).order_by("order", "pk"))
    context = {"office": office, "leaders": leaders, "this_week_url": reverse("public:week_current", args=[office])}
    return render(request, "public/weekly/leaders.html", context)


@artifact
@office_view
def leader_ics(request, office, slug):
    """A leader's subscription: the entries naming them in the weeks published from CALENDAR_PAST_MONTHS
    months ago on (exports.ics's window for the agencies' calendars), every week ahead included."""
    leader = get_object_or_404(Leader.objects.of(office), slug=slug)
    revisions = latest_revisions(office, since=calendar_window_start(timezone.localdate()))
    pairs = [(revision, week_entry(row)) for revision, row in entries_for_leader(revisions, leader)]
    pairs.sort(key=lambda pair: pair[1].sort_key)
    body = leader_to_ics(office, leader, pairs, base_url=cache.site_url())
    return _calendar_response(body, f"lanh-dao-{leader.slug}.ics", None)
