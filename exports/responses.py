"""The HTTP responses of the exports: a PDF, a draft's render or the page saying why it could not be rendered.

The views that serve them live with their surface (public.views, workspace.views), which know who may see what.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from exports.pdf import PdfFontMissingError, PdfRenderError, render_plan_pdf


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
