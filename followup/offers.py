"""When a month is prepared: the office's unfinished tasks due that month, offered as part A's priority tasks.

The editing page links here (followup/_plan_offers.html, a link only: the editing page runs no query of
ours); each task offered is added, on request, as a priority task naming its lead agency, through the plan's
own version (a page loaded before another change is refused)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.decorators import office_workspace
from access.permissions import get_plan_for_user
from agenda import dates
from agenda.fields import PRIORITY_TASK_MAX
from agenda.models import MonthlyPlan, PriorityTask
from conclusions.models import Task


def unfinished_tasks(office, year, month):
    """The office's published tasks not done (nor reported done) whose deadline falls in ``year``/``month``."""
    tasks = Task.objects.published().of(office).filter(state=Task.State.OPEN)
    tasks = tasks.filter(deadline__year=year, deadline__month=month).select_related("lead", "conclusion")
    return tasks.order_by("deadline", "pk")


def priority_text(task):
    """The priority task's text: the task, and who leads it ("… (Sở Tài chính chủ trì)")."""
    suffix = " " + _("(%(agency)s chủ trì)") % {"agency": task.lead.name}
    return Truncator(task.text).chars(PRIORITY_TASK_MAX - len(suffix)) + suffix


@office_workspace
@require_http_methods(["GET", "POST"])
def offers(request, office, year, month):
    plan = get_plan_for_user(request.user, office, year, month, "edit")
    if request.method == "POST":
        return _add(request, office, plan)
    tasks = list(unfinished_tasks(office, year, month))
    present = set(plan.priority_tasks.values_list("text", flat=True))
    for task in tasks:
        task.offered_text = priority_text(task)
        task.already_added = task.offered_text in present
    context = {"plan": plan, "tasks": tasks, "month_label": dates.month_label(year, month)}
    return render(request, "followup/offers.html", context)


def _add(request, office, plan):
    back = redirect("followup:offers", office, plan.year, plan.month)
    task = unfinished_tasks(office, plan.year, plan.month).filter(pk=request.POST.get("task") or 0).first()
    if task is None:
        messages.error(request, _("Không có nhiệm vụ này trong danh sách đề xuất của tháng."))
        return back
    with transaction.atomic():
        current = MonthlyPlan.objects.select_for_update().get(pk=plan.pk)
        if str(current.version) != request.POST.get("version") or current.status not in MonthlyPlan.EDITABLE_STATUSES:
            messages.error(request, _("Chương trình vừa được sửa ở nơi khác. Hãy xem lại danh sách rồi chọn lại."))
            return back
        text = priority_text(task)
        if current.priority_tasks.filter(text=text).exists():
            messages.info(request, _("Nhiệm vụ này đã có trong phần A."))
            return back
        last = current.priority_tasks.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
        PriorityTask.objects.create(plan=current, position=position, text=text)
        current.touch(_("Thêm nhiệm vụ trọng tâm từ thông báo kết luận"))
    messages.success(request, _("Đã thêm vào phần A: %(task)s") % {"task": Truncator(text).chars(120)})
    return back
