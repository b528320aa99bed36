"""The department's and the Office's task pages: my agency's tasks (leads and supports), one task with its
reports and the Office's reviews, the report form (files, done with evidence), the Office's decision, and a
report's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import DEPARTMENT, has_right, user_agency
from conclusions.models import Task
from followup import services
from followup.forms import ProgressReportForm, ReviewForm
from followup.models import OfficeReview, ProgressReport
from followup.permissions import (
    get_file_for_user,
    get_task_for_confirm,
    get_task_for_report,
    get_task_for_user,
    task_version,
    visible_tasks,
)


@office_workspace
def tasks(request, office):
    """A department's tasks: those its agency leads, then those it supports, the nearest deadline first. The
    Office goes to its dashboard."""
    role, rows = visible_tasks(request.user, office)
    if role != DEPARTMENT:
        return redirect("followup:dashboard", office)
    agency = user_agency(request.user, office)
    today = timezone.localdate()
    rows = list(rows.with_status(today).select_related("lead", "conclusion").order_by("deadline", "pk"))
    context = {
        "agency": agency,
        "led": [task for task in rows if task.lead_id == agency.pk],
        "supported": [task for task in rows if task.lead_id != agency.pk],
        "today": today,
    }
    return render(request, "followup/tasks.html", context)


def _task_page(request, office, pk, report_form=None, review_form=None, status=200):
    today = timezone.localdate()
    role, task = get_task_for_user(request.user, office, pk, today)
    agency = user_agency(request.user, office) if role == DEPARTMENT else None
    version = task_version(task)
    can_report = agency is not None and task.lead_id == agency.pk and task.confirmed_at is None
    can_review = (
        has_right(request.user, "task.confirm", office) and task.state == Task.State.DONE and not task.confirmed_at
    )
    if can_report and report_form is None:
        report_form = ProgressReportForm(initial={"version": version})
    if can_review and review_form is None:
        review_form = ReviewForm(initial={"version": version})
    reports = ProgressReport.objects.filter(task=task).select_related("agency", "by").prefetch_related("files")
    context = {
        "task": task,
        "role": role,
        "supporting": list(task.supporting.all()),
        "reports": reports,
        "reviews": OfficeReview.objects.filter(task=task).select_related("by"),
        "report_form": report_form if can_report else None,
        "review_form": review_form if can_review else None,
        "may_report_done": task.state == Task.State.OPEN,
    }
    return render(request, "followup/task.html", context, status=status)


@office_workspace
def task(request, office, pk):
    return _task_page(request, office, pk)


@office_workspace
@require_POST
def report(request, office, pk):
    """The lead agency's report; on any refusal the page again with what was typed (files must be chosen again:
    a browser never keeps them) and the reason in Vietnamese."""
    form = ProgressReportForm(request.POST, request.FILES)
    with transaction.atomic():
        task = get_task_for_report(request.user, office, pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_progress(
                    task,
                    user_agency(request.user, office),
                    request.user,
                    text=data["text"],
                    percent=data["percent"],
                    files=data["files"],
                    marks_done=data["marks_done"],
                    version=data["version"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = data["marks_done"]
                messages.success(
                    request, _("Đã báo cáo hoàn thành nhiệm vụ.") if done else _("Đã gửi báo cáo tiến độ.")
                )
                return redirect("followup:task", office, pk)
    if request.FILES:
        form.add_error(None, _("Hãy chọn lại các tệp kèm theo (trình duyệt không giữ tệp đã chọn)."))
    return _task_page(request, office, pk, report_form=form, status=400)


@office_workspace
@require_POST
def review(request, office, pk):
    """The Office confirms a task reported done, or sends it back with the reason."""
    form = ReviewForm(request.POST)
    with transaction.atomic():
        task = get_task_for_confirm(request.user, office, pk)
        if form.is_valid():
            try:
                services.review_task(
                    task,
                    request.user,
                    confirm=form.confirms,
                    assessment=form.cleaned_data["assessment"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                confirmed = _("Đã xác nhận nhiệm vụ hoàn thành.")
                messages.success(request, confirmed if form.confirms else _("Đã trả lại nhiệm vụ cho cơ quan chủ trì."))
                return redirect("followup:task", office, pk)
    return _task_page(request, office, pk, review_form=form, status=400)


@office_workspace
def download(request, office, pk):
    report_file = get_file_for_user(request.user, office, pk)
    try:
        handle = report_file.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle, as_attachment=True, filename=report_file.name, content_type=report_file.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
