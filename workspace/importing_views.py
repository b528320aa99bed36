"""Import a programme file in the workspace: upload, review beside the source, confirm.

The upload is read by :func:`programme.importing.import_programme` (the same reader as
``manage.py import_plan``); the result waits in the session while the user reviews it and
chooses an agency for every name the directory does not know; confirming loads the draft
with :func:`programme.services.load_plan`, all or nothing, exactly as the command does.
"""

import datetime
import json
import re

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import require_right
from agenda import dates
from agenda.models import MonthlyPlan
from programme.errors import PlanError
from programme.importing import ImportRefused, apply_agency_choices, import_programme
from programme.interchange import InterchangeError
from programme.services import load_plan
from workspace.import_forms import AgencyChoiceForm, ImportUploadForm

SESSION_KEY = "plan_import:{office}"  # one file waiting per office: reviewed and loaded in the office it came to
PROBLEM_PLACE = re.compile(r"^(.*?)(?: \([^()]*\))?: ")


@office_workspace
@require_POST
def plan_import(request, office):
    require_right(request.user, "plan.create", office)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_refused(request, form, [])
    upload = form.cleaned_data["file"]
    try:
        result = import_programme(upload.read(), upload.name, office=office)
    except ImportRefused as error:
        return _upload_refused(request, form, error.problems)
    request.session[SESSION_KEY.format(office=office.pk)] = {
        "filename": upload.name,
        "data": result.data,
        "problems": result.problems,
        "unknown": result.unknown_agencies,
        "source": result.source,
    }
    return redirect("workspace:plan_import_review", office)


def _upload_refused(request, form, problems):
    context = {"form": form, "problems": problems}
    return render(request, "workspace/plan_import_refused.html", context)


@office_workspace
def plan_import_review(request, office):
    require_right(request.user, "plan.create", office)
    pending = request.session.get(SESSION_KEY.format(office=office.pk))
    if pending is None:
        messages.info(request, _("Chưa có tệp nào đang chờ nhập: hãy chọn tệp."))
        return redirect("workspace:plan_create", office)
    choice_form = AgencyChoiceForm(
        pending["unknown"], request.POST if request.method == "POST" else None, office=office
    )
    existing = _existing_plan(office, pending["data"])
    if request.method == "POST" and choice_form.is_valid():
        plan = _confirm(request, office, pending, choice_form)
        if plan is not None:
            return redirect("workspace:plan_edit", office, plan.year, plan.month)
    return render(request, "workspace/plan_import_review.html", _review_context(pending, choice_form, existing))


def _existing_plan(office, data):
    return (
        MonthlyPlan.objects.of(office)
        .for_month(data["year"], data["month"])
        .exclude(status=MonthlyPlan.Status.SUPERSEDED)
        .order_by("-pk")
        .first()
    )


def _confirm(request, office, pending, choice_form):
    data = apply_agency_choices(pending["data"], choice_form.choices())
    try:
        plan, created = load_plan(data, office=office)
    except InterchangeError as error:
        messages.error(request, _("Không nhập được: %(problems)s") % {"problems": "; ".join(error.problems)})
        return None
    except PlanError as error:
        messages.error(request, str(error))
        return None
    del request.session[SESSION_KEY.format(office=office.pk)]
    month = dates.month_label(plan.year, plan.month)
    message = _("Đã tạo dự thảo %(month)s từ tệp.") if created else _("Đã thay dự thảo %(month)s bằng tệp.")
    messages.success(request, message % {"month": month})
    return plan


def _shown(data):
    """A copy of ``data`` with its dates as the document writes them ("19/01/2024"), for the review page."""
    data = json.loads(json.dumps(data))
    for entry in data["regular_sessions"] + data["conferences"]:
        entry["date"] = dates.short_date(datetime.date.fromisoformat(entry["date"]))
    if data.get("issue_date"):
        data["issue_date"] = dates.short_date(datetime.date.fromisoformat(data["issue_date"]))
    return data


def _review_context(pending, choice_form, existing):
    data = pending["data"]
    source = [
        {"place": place, "text": text, "anchor": f"nguon-{index}"}
        for index, (place, text) in enumerate(pending["source"])
        if text.strip()
    ]
    first_line = {}
    for line in source:
        first_line.setdefault(line["place"], line["anchor"])
    places = [match.group(1) if match else None for match in map(PROBLEM_PLACE.match, pending["problems"])]
    problems = [
        {"text": text, "anchor": first_line.get(place)} for text, place in zip(pending["problems"], places, strict=True)
    ]
    for line in source:
        line["flagged"] = line["place"] in places
    return {
        "pending": pending,
        "data": _shown(data),
        "month_label": dates.month_label(data["year"], data["month"]),
        "unknown": set(pending["unknown"]),
        "problems": problems,
        "source": source,
        "choice_form": choice_form,
        "existing": existing,
        "blocked": existing is not None and not existing.is_working,
        "replaces": existing is not None and existing.is_working,
    }
