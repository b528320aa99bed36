"""What the public agency page and calendar show of an agency's tasks: those of issued notices only
(Task.objects.published(): a draft's tasks never; nor an issued notice's while an amendment of it is being
drafted, whose tasks are edited in place), the agency leading or supporting them; the open ones and those
whose deadline falls in the calendar's window, so that the page does not grow with the agency's history. One
query. The calendar's events are exports.ics.Deadline rows with UIDs from the task's own uid (stable)."""

from django.db.models import Q
from django.utils.text import Truncator

from conclusions.models import Conclusion, Task
from exports.ics import Deadline
from followup.permissions import agency_tasks


def public_agency_tasks(agency, today, since):
    """The agency's published tasks, open or due on or after ``since``, each with ``status`` and ``is_lead``."""
    tasks = agency_tasks(agency).filter(conclusion__status=Conclusion.Status.ISSUED)  # not while being amended
    tasks = tasks.filter(Q(state=Task.State.OPEN) | Q(deadline__gte=since) | Q(deadline__isnull=True))
    tasks = tasks.with_status(today).select_related("lead", "conclusion").order_by("deadline", "pk")
    rows = list(tasks)
    for task in rows:
        task.is_lead = task.lead_id == agency.pk
    return rows


def calendar_deadlines(agency, tasks, base_url=""):
    """One all-day event per task with a deadline, on that day (Vietnamese, as the calendars' other events)."""
    page = f"{base_url}{agency.get_absolute_url()}"
    deadlines = []
    for task in tasks:
        if task.deadline is None:
            continue
        role = "chủ trì" if task.is_lead else "phối hợp"
        deadlines.append(
            Deadline(
                uid=f"nhiem-vu-{task.uid}",
                summary=f"Hạn nhiệm vụ ({role}): {Truncator(task.text).chars(150)}",
                day=task.deadline,
                description=f"{task.text}\nCơ quan chủ trì: {task.lead.name}.\nNguồn: {task.conclusion.title}.",
                url=page,
                stamp=task.published_at,
            )
        )
    return deadlines
