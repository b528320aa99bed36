"""Workspace operations on plans: creating next month's plan, amendment, dossiers.

Views call these; they build on programme.services (copy_plan, start_amendment) and never
re-implement them. Review, signing and issuing are issuing.services, for every path.
"""

import calendar
import copy
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import MonthlyPlan, PriorityTask
from meetings.models import Item, RegularSession
from programme.services import copy_plan, new_plan, start_amendment


def next_plan_month(office, today=None):
    """The month ``office`` prepares next: the one after its latest plan (or after this month)."""
    latest = (
        MonthlyPlan.objects.of(office).exclude(status=MonthlyPlan.Status.SUPERSEDED).order_by("-year", "-month").first()
    )
    if latest is None:
        today = today or timezone.localdate()
        return dates.shift_month(today.year, today.month, 1)
    return dates.shift_month(latest.year, latest.month, 1)


def previous_plan(office, year, month):
    """The plan a new month of ``office`` starts from: the previous month's issued plan, else its working copy."""
    plans = MonthlyPlan.objects.of(office).for_month(*dates.shift_month(year, month, -1))
    return plans.published().first() or plans.working().first()


def carry_over_candidates(source):
    """The source plan's items not done yet (planned or postponed), in document order."""
    if source is None:
        return []
    items = source.items.not_done().select_related("session").with_agencies()
    return sorted(items, key=lambda item: item.document_key)


def moved_date(item, year, month):
    """The date ``item`` gets in ``year``/``month``: its postponement date when it falls there,
    else the same day of the month (the month's last day when shorter); None for chairman items."""
    if item.part == Item.Part.CHAIRMAN:
        return None
    if item.postponed_to and (item.postponed_to.year, item.postponed_to.month) == (year, month):
        return item.postponed_to
    day = min(item.meeting_date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


#: A new month takes these from the plan it follows, else (blank there, or no such plan) from the Office row.
DEFAULTED_FIELDS = ("signer_authority", "signer_position", "signer_name", "recipients")


def create_plan_from_previous(office, year, month, *, source=None, carried=(), copy_tasks=False):
    """A new draft of ``office`` for ``year``/``month`` with ``source``'s header, signer, recipients and headings
    (the Office's defaults without a source, or where the source left them blank), and the ``carried``
    (item, new date) pairs as new items.

    Carried session items are grouped into one regular session per new date. With ``copy_tasks`` the
    source's priority tasks (part A) are copied as a starting point.
    """
    with transaction.atomic():
        if source is not None:
            template = copy.copy(source)  # what the new month copies, the Office's defaults where source is blank
            for name in DEFAULTED_FIELDS:
                setattr(template, name, getattr(source, name) or getattr(office, name))
            plan = copy_plan(template, year=year, month=month, with_items=False)
            if copy_tasks:
                PriorityTask.objects.bulk_create(
                    PriorityTask(plan=plan, position=task.position, text=task.text)
                    for task in source.priority_tasks.all()
                )
        else:
            plan = new_plan(year, month, template=office)
        sessions = {}
        positions = {}
        for item, new_date in carried:
            new = Item(plan=plan, part=item.part, title=item.title, time=item.time, place=item.place)
            if item.part == Item.Part.SESSION:
                if new_date not in sessions:
                    sessions[new_date] = RegularSession.objects.create(
                        plan=plan, date=new_date, time=item.session.time, place=item.session.place
                    )
                new.session = sessions[new_date]
            elif item.part == Item.Part.CONFERENCE:
                new.date = new_date
            key = (item.part, new.session_id)
            new.position = positions[key] = positions.get(key, -1) + 1
            new.full_clean(exclude=["uid"])
            new.save()
            new.set_agencies(item.ordered_agencies)
    return plan


def amend_plan(plan, user, reason):
    """The working copy amending issued ``plan`` (programme.services.start_amendment), with its reason."""
    working = start_amendment(plan)
    if reason and working.amendment_reason != reason:
        working.amendment_reason = reason
        working.touch(_("Điều chỉnh: %(reason)s") % {"reason": reason})
    return working


def date_info(year, month):
    """For every day of the month: its weekday label and warnings (for the date fields' hints)."""
    last = calendar.monthrange(year, month)[1]
    info = {}
    for number in range(1, last + 1):
        day = datetime.date(year, month, number)
        info[day.isoformat()] = {"label": dates.dated_label(day, start=True), "warnings": dates.date_warnings(day)}
    return info
