"""Emails from the workspace (Django's email framework; the console backend by default).

- To department users when a plan concerning their agency is issued or amended.
- To the editor who submitted a plan when it is returned with comments.

Each email, subject included, is written in its recipient's language, not in the language of
whoever triggered it (ubnd_schedule.mail). Each is sent by a job, once (jobs.outbox), under a key naming
what it tells of. The daily dossier reminder is dossiers.reminders'.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from access.permissions import department_users
from agenda import dates
from jobs import outbox
from meetings.models import Item
from ubnd_schedule import mail


def _items_by_agency(plans):
    """{agency_id: [items]} for the items of ``plans``, in document order."""
    items = Item.objects.filter(plan__in=plans).select_related("session", "plan").with_agencies()
    by_agency = {}
    for item in sorted(items, key=lambda item: item.document_key):
        for agency in item.ordered_agencies:
            by_agency.setdefault(agency.pk, []).append(item)
    return by_agency


def plan_issued(plan, base_url=None):
    """Tell each department user whose agency has items in ``plan`` (or in the plan it amends)."""
    base_url = settings.SITE_URL if base_url is None else base_url
    plans = [plan] if plan.amends_id is None else [plan, plan.amends]
    by_agency = _items_by_agency(plans)
    current = {agency_id: [item for item in items if item.plan_id == plan.pk] for agency_id, items in by_agency.items()}

    def subject():
        month = dates.reader_month_label(plan.year, plan.month)
        if plan.amends_id:
            return _("Chương trình công tác %(month)s đã được điều chỉnh") % {"month": month}
        return _("Chương trình công tác %(month)s đã ban hành") % {"month": month}

    users = list(department_users(list(by_agency)))
    messages = [
        mail.message_to(
            user,
            subject,
            "workspace/email/plan_issued.txt",
            {
                "plan": plan,
                "agency": user.department.agency,
                "items": current.get(user.department.agency_id, []),
                "url": f"{base_url}{plan.get_absolute_url()}",
                "amended": plan.amends_id is not None,
            },
            office_name=plan.office.reading_name,
        )
        for user in users
    ]
    return outbox.send(messages, [f"plan-issued:{plan.pk}:{user.pk}" for user in users])


def plan_returned(plan, reviewer):
    submitter = plan.submitted_by
    if submitter is None or not submitter.email:
        return 0

    def subject():
        month = dates.reader_month_label(plan.year, plan.month)
        return _("Chương trình công tác %(month)s được trả lại") % {"month": month}

    context = {"plan": plan, "reviewer": reviewer, "comment": plan.review_comment}
    message = mail.message_to(
        submitter, subject, "workspace/email/plan_returned.txt", context, office_name=plan.office.reading_name
    )
    return outbox.send([message], [f"plan-returned:{plan.pk}:{plan.version}:{submitter.pk}"])


def on_plan_issued(sender, plan, revision, **kwargs):
    """issuing.signals.plan_issued: whichever path issued the plan, the departments hear of it."""
    plan_issued(plan)


def on_plan_returned(sender, plan, user, **kwargs):
    plan_returned(plan, user)
