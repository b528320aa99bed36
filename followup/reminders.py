"""Reminders of task deadlines, to the users of each task's lead agency: one before the deadline (the office's
FollowupSettings.remind_days_before working days before it, or any later day until the deadline, so that a day
the job did not run loses nothing) and one once it has passed. Each (task, kind) goes once: a TaskReminder row
records it (unique), written in the same transaction that picks the task, before the emails leave.

A plain function (send_task_reminders) for the command and for the job queue's schedule."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from access.permissions import department_users
from agenda import dates
from agenda.models import Office
from conclusions.models import Task
from followup.models import FollowupSettings, TaskReminder
from jobs import outbox
from ubnd_schedule import mail

Kind = TaskReminder.Kind


@dataclass
class Due:
    """The reminders of one office's lead agency: [(task, kind)], and its users (who receive them)."""

    office: object
    agency: object
    entries: list = field(default_factory=list)
    users: list = field(default_factory=list)


def reminder_kind(task, today, days_before):
    """The reminder ``task`` is due for on ``today`` (Kind.BEFORE, Kind.OVERDUE), or None."""
    if task.deadline < today:
        return Kind.OVERDUE
    first_day = dates.working_days_before(task.deadline, days_before) if days_before else task.deadline
    return Kind.BEFORE if first_day <= today else None


def due_reminders(today, office):
    """The reminders of ``office`` due ``today`` not sent yet, grouped by lead agency (Due), without writing."""
    days_before = FollowupSettings.of(office).remind_days_before
    tasks = (
        Task.objects.published()
        .of(office)
        .filter(state=Task.State.OPEN, deadline__isnull=False)
        .select_related("lead", "conclusion")
        .order_by("deadline", "pk")
    )
    sent = set(TaskReminder.objects.filter(task__in=tasks).values_list("task_id", "kind"))
    by_agency = {}
    for task in tasks:
        kind = reminder_kind(task, today, days_before)
        if kind is None or (task.pk, kind) in sent:
            continue
        by_agency.setdefault(task.lead_id, Due(office, task.lead)).entries.append((task, kind))
    for user in department_users(list(by_agency)):
        by_agency[user.department.agency_id].users.append(user)
    return list(by_agency.values())


def _message(due, user, today, base_url):
    office = due.office

    def subject(agency=due.agency):
        return _("Nhắc thời hạn nhiệm vụ được giao (%(agency)s)") % {"agency": agency.short_name}

    context = {
        "agency": due.agency,
        "entries": due.entries,
        "today": today,
        "url": f"{base_url}{reverse('followup:tasks', args=[office])}",
    }
    return mail.message_to(user, subject, "followup/email/task_reminder.txt", context, office_name=office.reading_name)


def send_task_reminders(today, office=None, *, base_url=None, dry_run=False):
    """Send the task reminders due ``today`` (of ``office``, else of every office); returns the list of Due
    sent (or, with ``dry_run``, that would be: nothing written, nothing sent). An agency without a user to
    write to is skipped and not recorded: its reminders go once somebody can receive them."""
    base_url = (settings.SITE_URL if base_url is None else base_url).rstrip("/")
    offices = [office] if office is not None else list(Office.objects.all())
    done = []
    for each in offices:
        with transaction.atomic():
            # One run at a time per office (the settings row locked): two runs never both find a reminder unsent.
            FollowupSettings.objects.select_for_update().filter(pk=FollowupSettings.of(each).pk).first()
            dues = [due for due in due_reminders(today, each) if due.users]
            if dry_run:
                done += dues
                continue
            records = [
                TaskReminder(task=task, kind=kind, recipients=len(due.users))
                for due in dues
                for task, kind in due.entries
            ]
            TaskReminder.objects.bulk_create(records, ignore_conflicts=True)
            pairs = [(due, user) for due in dues for user in due.users]
            # Written with the reminders' records, in one transaction; sent once by a job (jobs.outbox).
            outbox.send(
                [_message(due, user, today, base_url) for due, user in pairs],
                [f"task-reminder:{each.pk}:{today.isoformat()}:{due.agency.pk}:{user.pk}" for due, user in pairs],
            )
        done += dues
    return done
