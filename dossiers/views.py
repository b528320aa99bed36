"""Dossier pages: a department's page (its items, marks and uploads), the Office's view per month and session,
uploads, downloads, session packets."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import DEPARTMENT, get_item_for_user, require_right, user_agency
from agenda import dates
from agenda.models import MonthlyPlan
from dossiers import packet, packet_store, services
from dossiers.department import DEPARTMENT_RECENT_MONTHS, department_page_url, items_for_department_page
from dossiers.forms import DepartmentYearForm, DossierMarkForm, DossierUploadForm
from dossiers.models import FileAccess
from dossiers.permissions import (
    DOSSIER_PARTS,
    dossier_items,
    get_file_for_user,
    get_item_for_upload,
    get_session_for_packet,
)
from jobs import builds
from jobs.models import BuiltFile
from meetings.models import DossierMark, RegularSession
from ubnd_schedule.storage import stored_file_response

#: How often the page of a packet being built reloads itself.
PACKET_REFRESH_SECONDS = 3


def default_month(office, today=None):
    """The month the office's dossier page opens on: this month's issued plan, else the next one, else the latest."""
    today = today or timezone.localdate()
    plans = MonthlyPlan.objects.of(office).published().order_by("year", "month")
    upcoming = plans.filter(year__gte=today.year).exclude(year=today.year, month__lt=today.month).first()
    plan = upcoming or plans.last()
    return (plan.year, plan.month) if plan else (today.year, today.month)


@office_workspace
def office_overview(request, office):
    require_right(request.user, "dossier.overview", office)
    year, month = default_month(office)
    return redirect("dossiers:month", office, year, month)


@office_workspace
def month(request, office, year, month):
    """Each item's dossier of an issued month, session by session: on time, late, missing, with its files."""
    require_right(request.user, "dossier.overview", office)
    plan = MonthlyPlan.objects.of(office).published().for_month(year, month).first()
    items = []
    if plan is not None:
        items = sorted(
            dossier_items().filter(plan=plan).select_related("plan", "session").with_agencies(),
            key=lambda item: item.document_key,
        )
    rows = services.dossier_rows(items, office.dossier_lead_days)
    sessions, chairman = {}, []
    for row in rows:
        if row.item.session_id:
            sessions.setdefault(row.item.session_id, {"session": row.item.session, "rows": []})["rows"].append(row)
        else:
            chairman.append(row)
    months = MonthlyPlan.objects.of(office).published().order_by("-year", "-month").values_list("year", "month")
    context = {
        "plan": plan,
        "month_label": dates.month_label(year, month),
        "sessions": list(sessions.values()),
        "chairman": chairman,
        "counts": _counts(rows),
        "months": [(y, m, dates.month_label(y, m)) for y, m in months],
        "year": year,
        "month": month,
    }
    return render(request, "dossiers/month.html", context)


def _counts(rows):
    counts = {"total": len(rows), "on_time": 0, "late": 0, "missing": 0}
    for row in rows:
        if row.state == services.DossierState.ON_TIME:
            counts["on_time"] += 1
        elif row.state == services.DossierState.LATE:
            counts["late"] += 1
        else:
            counts["missing"] += 1
    return counts


def department_rows(user, office, items, lead_days):
    """The department page's rows: {item pk: DossierRow}, with an upload form where its agency leads."""
    agency = user_agency(user, office)
    rows = {row.item.pk: row for row in services.dossier_rows(items, lead_days, agency=agency)}
    for row in rows.values():
        row.can_upload = row.is_lead and row.item.plan.is_published and row.item.part in DOSSIER_PARTS
        row.upload_form = DossierUploadForm(prefix=f"tl-{row.item.pk}") if row.can_upload else None
    return rows


@office_workspace
def department(request, office):
    role = require_right(request.user, "dossier.page", office)
    if role != DEPARTMENT:
        return redirect("dossiers:overview", office)  # the Office's view, per month and session
    form = DepartmentYearForm(request.GET)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["nam"]
    years = MonthlyPlan.objects.of(office).published().years()
    if year is not None and year not in years:
        raise Http404
    agency = user_agency(request.user, office)
    items = sorted(
        items_for_department_page(request.user, office, timezone.localdate(), year)
        .select_related("plan", "session")
        .with_agencies(),
        key=lambda item: ((-item.plan.year, -item.plan.month), item.document_key),
    )
    marks = {mark.item_id: mark for mark in DossierMark.objects.filter(agency=agency, item__in=items)}
    uploads = department_rows(request.user, office, items, office.dossier_lead_days)
    rows = []
    for item in items:
        mark = marks.get(item.pk)
        initial = {"is_sent": mark.is_sent, "note": mark.note} if mark else {}
        form = DossierMarkForm(initial=initial, prefix=f"hs-{item.pk}")
        deadline = item.dossier_deadline(office.dossier_lead_days)
        rows.append({"item": item, "mark": mark, "form": form, "deadline": deadline, "dossier": uploads[item.pk]})
    context = {
        "agency": agency,
        "rows": rows,
        "year": year,
        "years": years,
        "recent_months": DEPARTMENT_RECENT_MONTHS,
    }
    return render(request, "dossiers/department.html", context)


@office_workspace
@require_POST
def mark(request, office, pk):
    item = get_item_for_user(request.user, office, pk, "dossier")
    form = DossierMarkForm(request.POST, prefix=f"hs-{item.pk}")
    if form.is_valid():
        services.mark_dossier(item, user_agency(request.user, office), request.user, **form.cleaned_data)
        messages.success(request, _("Đã ghi nhận hồ sơ: %(item)s") % {"item": item})
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(department_page_url(item, timezone.localdate()))


@office_workspace
@require_POST
def upload(request, office, pk):
    item = get_item_for_upload(request.user, office, pk)
    form = DossierUploadForm(request.POST, request.FILES, prefix=f"tl-{item.pk}")
    if form.is_valid():
        services.submit_dossier(
            item, user_agency(request.user, office), request.user, form.cleaned_data["files"], form.cleaned_data["note"]
        )
        messages.success(request, _("Đã nhận hồ sơ: %(item)s") % {"item": item})
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(department_page_url(item, timezone.localdate()))


@office_workspace
def download(request, office, pk):
    dossier_file = get_file_for_user(request.user, office, pk)
    try:
        response = stored_file_response(
            dossier_file.file.storage,
            dossier_file.file.name,
            filename=dossier_file.name,
            content_type=dossier_file.content_type,
        )
    except FileNotFoundError:
        raise Http404
    services.log_access(request.user, FileAccess.What.DOSSIER_FILE, dossier_file, dossier_file.name)
    return response


@office_workspace
def sessions(request, office):
    """The regular sessions of the office's issued plans, newest first, each with its packet."""
    role = require_right(request.user, "session.packet", office)
    rows = (
        RegularSession.objects.filter(plan__office=office, plan__status=MonthlyPlan.Status.PUBLISHED)
        .select_related("plan")
        .order_by("-date", "-time", "-pk")
    )
    return render(request, "dossiers/sessions.html", {"sessions": rows, "role": role})


@office_workspace
def session_packet(request, office, pk):
    """The session's packet as its dossiers stand: the kept file when built (dossiers.packet_store), else a page
    saying it is being built, which reloads itself until it is there (or says the build failed)."""
    session = get_session_for_packet(request.user, office, pk)
    build = packet_store.request_packet(session, again="lai" in request.GET)
    handle = builds.open_file(build) if build.state == BuiltFile.State.READY else None
    if handle is None:
        failed = build.state == BuiltFile.State.FAILED or build.state == BuiltFile.State.READY
        context = {"session": session, "failed": failed, "refresh": PACKET_REFRESH_SECONDS}
        response = render(request, "dossiers/packet_building.html", context, status=503 if failed else 202)
        response["Retry-After"] = str(PACKET_REFRESH_SECONDS)
        response["Cache-Control"] = "private, no-store"
        return response
    filename = packet.packet_filename(session)
    services.log_access(request.user, FileAccess.What.SESSION_PACKET, session, filename)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
