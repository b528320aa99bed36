"""The Word working copy of a plan, for office staff (the signed PDF stays the official document)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from access.decorators import office_workspace
from access.permissions import get_plan_for_user
from exports.docx import DOCX_CONTENT_TYPE, docx_filename, render_plan_docx
from programme.document import plans_for_document
from workspace.forms import PlanPickForm


@office_workspace
def plan_docx(request, office, year, month):
    pick = PlanPickForm(request.GET)
    pk = pick.cleaned_data["ban"] if pick.is_valid() else None
    plan = get_plan_for_user(request.user, office, year, month, "view", pk=pk)
    response = HttpResponse(render_plan_docx(plans_for_document().get(pk=plan.pk)), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, docx_filename(plan))
    response["Cache-Control"] = "private, no-store"
    return response
