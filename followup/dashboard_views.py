"""The Office's follow-up dashboard (/van-phong/<office>/theo-doi/) and its monthly report as Excel and PDF, all
from followup.dashboard's one report: the same numbers everywhere."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from access.decorators import office_workspace
from access.permissions import require_right
from exports.pdf import PdfRenderError
from followup import dashboard
from followup.charts import month_chart
from followup.forms import DashboardFilterForm
from followup.printing import report_pdf
from followup.spreadsheet import report_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, office):
    """(report, filter form, years, agencies) for the request's filters; a filter naming nothing is a 404."""
    require_right(request.user, "followup.dashboard", office)
    years, agencies = dashboard.filter_choices(office)
    form = DashboardFilterForm(request.GET, agencies=agencies)
    if not form.is_valid():
        raise Http404
    today = timezone.localdate()
    report = dashboard.build_report(office, today, form.cleaned_data["nam"], form.cleaned_data["co_quan"])
    return report, form, years, agencies


@office_workspace
def dashboard_page(request, office):
    report, form, years, agencies = _report(request, office)
    tasks = dashboard.office_tasks(office, report.today, form.cleaned_data["nam"], form.cleaned_data["co_quan"])
    context = {
        "report": report,
        "chart": month_chart(report.by_month, title=_("Nhiệm vụ theo tháng (theo hạn)")),
        "years": years,
        "agencies": agencies,
        "year": form.cleaned_data["nam"],
        "agency": form.cleaned_data["co_quan"],
        "waiting": dashboard.awaiting_confirmation(tasks),
        "query": request.GET.urlencode(),
    }
    return render(request, "followup/dashboard.html", context)


def _attachment(body, content_type, name):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(report, extension):
    return f"theo-doi-nhiem-vu-{report.today:%Y-%m-%d}.{extension}"


@office_workspace
def report_xlsx(request, office):
    report, *_rest = _report(request, office)
    return _attachment(report_workbook(report), XLSX, _filename(report, "xlsx"))


@office_workspace
def report_pdf_view(request, office):
    report, *_rest = _report(request, office)
    try:
        body = report_pdf(report)
    except PdfRenderError as error:
        return render(request, "followup/report_error.html", {"message": str(error)}, status=500)
    return _attachment(body, "application/pdf", _filename(report, "pdf"))
