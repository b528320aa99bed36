"""Who may see, report on and confirm which task (loaders in the manner of access.permissions, asking its table
access.rights: each returns what the user may act on, or raises Http404 / PermissionDenied).

Only tasks of issued notices exist here (Task.objects.published()): a draft's tasks are nobody's yet. The
Office sees every task of its office; a department those its agency leads or supports, and reports only on
those its agency leads."""

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import Http404

from access.permissions import DEPARTMENT, require_right, user_agency
from conclusions.models import Task
from followup.models import ReportFile


def agency_tasks(agency):
    """The published tasks ``agency`` leads or supports, without the M2M join's duplicates (a subquery)."""
    supported = Task.supporting.through.objects.filter(agency=agency).values("task_id")
    return Task.objects.published().filter(Q(lead=agency) | Q(pk__in=supported))


def with_version(tasks):
    """``tasks`` with ``last_report`` (the newest report's pk), part of the version a form carries."""
    return tasks.annotate(last_report=Max("progress_reports__pk"))


def task_version(task):
    """What a page loaded before a change no longer matches: the task's follow-up state and newest report."""
    stamp = [task.state, task.reported_done_at, task.confirmed_at, getattr(task, "last_report", None)]
    return "|".join(
        "" if part is None else str(part.timestamp() if hasattr(part, "timestamp") else part) for part in stamp
    )


def visible_tasks(user, office):
    """The tasks of ``office`` ``user`` may open: every published one for the Office, its agency's for a
    department; and the role by which they see them."""
    role = require_right(user, "task.view", office)
    tasks = Task.objects.published().of(office)
    if role == DEPARTMENT:
        tasks = agency_tasks(user_agency(user, office)).of(office)
    return role, tasks


def get_task_for_user(user, office, pk, today):
    """(role, task): the task ``pk`` of ``office`` ``user`` may open, with its status and version."""
    role, tasks = visible_tasks(user, office)
    task = with_version(tasks.with_status(today)).filter(pk=pk).select_related("lead", "conclusion", "office").first()
    if task is None:
        raise Http404
    return role, task


def get_task_for_report(user, office, pk):
    """The task ``pk`` of ``office`` whose progress ``user`` may report: its agency leads it (a supporting
    agency reads it, the lead reports). Locked for the report's transaction."""
    require_right(user, "task.report", office)
    agency = user_agency(user, office)
    task = agency_tasks(agency).of(office).filter(pk=pk).select_for_update(of=("self",)).first()
    if task is None:
        raise Http404
    if task.lead_id != agency.pk:
        raise PermissionDenied
    return task


def get_task_for_confirm(user, office, pk):
    """The published task ``pk`` of ``office``, for the Office's decision; locked for its transaction."""
    require_right(user, "task.confirm", office)
    task = Task.objects.published().of(office).filter(pk=pk).select_for_update(of=("self",)).first()
    if task is None:
        raise Http404
    return task


def get_file_for_user(user, office, pk):
    """A report's file, for whoever may open its task."""
    _role, tasks = visible_tasks(user, office)
    report_file = ReportFile.objects.filter(pk=pk, report__task__in=tasks).first()
    if report_file is None:
        raise Http404
    return report_file
