from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header, http_date

from agenda.document import plans_for_document
from exports.pdf import PdfFontMissingError, PdfRenderError, pdf_filename, render_plan_pdf

PUBLISHED_MAX_AGE = 60 * 60  # an amendment may replace the month's plan: revalidate hourly


def _plan_for_user(user, year, month):
    """The month's published plan; staff may also get the working copy of an unpublished month."""
    plans = plans_for_document().for_month(year, month)
    plan = plans.published().first()
    if plan is None and user.is_staff:
        plan = plans.working().first()
    if plan is None:
        raise Http404
    return plan


def plan_pdf(request, year, month):
    plan = _plan_for_user(request.user, year, month)
    try:
        content = render_plan_pdf(plan)
    except PdfRenderError as error:
        status = 503 if isinstance(error, PdfFontMissingError) else 500
        return render(request, "exports/render_error.html", {"plan": plan, "message": str(error)}, status=status)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, pdf_filename(plan))
    if plan.is_published:
        response["Last-Modified"] = http_date(plan.published_at.timestamp())
        patch_cache_control(response, public=True, max_age=PUBLISHED_MAX_AGE)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
