"""The Office's follow-up numbers, aggregated in SQL (a fixed number of queries whatever the number of tasks):
counts by lead agency and by deadline month, the overdue list (who, since when), the tasks reported done that
wait for the Office; as followup.figures rows, which the page, the chart and both exports share."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.models import Agency
from conclusions.models import Task
from followup.figures import Counts, OverdueRow, Report

Status = Task.Status
BOXES = {
    "on_time": Q(status=Status.DONE),
    "late": Q(status=Status.DONE_LATE),
    "overdue": Q(status=Status.OVERDUE),
    "pending": Q(status__in=[Status.NOT_DUE, Status.IN_PROGRESS]),
}


def office_tasks(office, today, year=None, agency=None):
    """The office's published tasks with their status on ``today``: of deadlines in ``year``, led by
    ``agency``, when given."""
    tasks = Task.objects.published().of(office).with_status(today)
    if year is not None:
        tasks = tasks.filter(deadline__year=year)
    if agency is not None:
        tasks = tasks.filter(lead=agency)
    return tasks


def _counted(values):
    return values.annotate(**{name: Count("pk", filter=condition) for name, condition in BOXES.items()})


def _counts(row, label, key):
    return Counts(label=label, key=key, **{name: row[name] for name in BOXES})


def by_agency(tasks):
    rows = _counted(tasks.order_by().values("lead_id", "lead__name")).order_by("lead__name")
    return [_counts(row, row["lead__name"], row["lead_id"]) for row in rows]


def by_month(tasks):
    rows = _counted(tasks.order_by().annotate(month=TruncMonth("deadline")).values("month")).order_by("month")
    return [
        _counts(row, f"{row['month']:%m/%Y}" if row["month"] else _("Không thời hạn"), row["month"]) for row in rows
    ]


def total(rows):
    counts = Counts(label=_("Cộng"))
    for row in rows:
        counts.add(row)
    return counts


def overdue(tasks, today, office):
    """The overdue tasks, longest overdue first: what, who leads it, since when (days past the deadline)."""
    rows = tasks.filter(status=Status.OVERDUE).select_related("lead", "conclusion").order_by("deadline", "pk")
    return [
        OverdueRow(
            text=task.text,
            lead=task.lead.name,
            deadline=task.deadline,
            days=(today - task.deadline).days,
            source=task.conclusion.title,
            url=reverse("followup:task", args=[office, task.pk]),
        )
        for task in rows
    ]


def awaiting_confirmation(tasks):
    """Tasks their lead agency reported done, which the Office has not confirmed or sent back yet."""
    waiting = tasks.filter(state=Task.State.DONE, confirmed_at__isnull=True).select_related("lead")
    return list(waiting.order_by("reported_done_at", "pk"))


def filter_choices(office):
    """(the deadline years, the agencies leading a published task) of ``office``: the filters' options."""
    tasks = Task.objects.published().of(office).filter(deadline__isnull=False)
    years = sorted({day.year for day in tasks.dates("deadline", "year")}, reverse=True)
    leads = Agency.objects.filter(pk__in=Task.objects.published().of(office).values("lead_id")).order_by("name")
    return years, list(leads)


def build_report(office, today, year=None, agency=None):
    """Everything the dashboard and the monthly report show, in five queries."""
    tasks = office_tasks(office, today, year, agency)
    agencies = by_agency(tasks)
    filters = []
    if year is not None:
        filters.append(_("Hạn trong năm %(year)s") % {"year": year})
    if agency is not None:
        filters.append(_("Cơ quan chủ trì: %(agency)s") % {"agency": agency.name})
    return Report(
        title=_("Báo cáo tình hình thực hiện nhiệm vụ được giao"),
        office_name=office.reading_name,
        today=today,
        filters="; ".join(filters),
        total=total(agencies),
        by_agency=agencies,
        by_month=by_month(tasks),
        overdue=overdue(tasks, today, office),
    )
