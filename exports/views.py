from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header, http_date

from agenda.document import plans_for_document
from exports.pdf import PdfFontMissingError, PdfRenderError, pdf_filename, render_plan_pdf
from issuing.services import NoRevisionError, latest_revision_pdf

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


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def draft_pdf_response(request, plan, filename):
    """The unsigned render of a working ``plan``, or a page with the reason it could not be rendered."""
    try:
        content = render_plan_pdf(plan)
    except PdfRenderError as error:
        status = 503 if isinstance(error, PdfFontMissingError) else 500
        return render(request, "exports/render_error.html", {"plan": plan, "message": str(error)}, status=status)
    return pdf_response(content, filename)


def plan_pdf(request, year, month):
    plan = _plan_for_user(request.user, year, month)
    if not plan.is_published:
        response = draft_pdf_response(request, plan, pdf_filename(plan))
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
    try:
        content = latest_revision_pdf(plan)  # the signed bytes as issued, never a fresh render
    except NoRevisionError:
        raise Http404 from None
    response = pdf_response(content, pdf_filename(plan))
    response["Last-Modified"] = http_date(plan.published_at.timestamp())
    patch_cache_control(response, public=True, max_age=PUBLISHED_MAX_AGE)
    return response
