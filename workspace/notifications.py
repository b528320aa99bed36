"""Emails from the workspace (Django's email framework; the console backend by default).

- To department users when a plan concerning their agency is issued or amended.
- To the editor who submitted a plan when it is returned with comments.
- The daily dossier reminder (see the send_dossier_reminders command).

Each email, subject included, is written in its recipient's language, not in the language of
whoever triggered it: Vietnamese unless the recipient chose English (recipient_language).
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import Office
from dossiers.models import DossierSubmission
from meetings.models import DossierMark, Item
from workspace.models import AgencyMembership


def _send(messages):
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def recipient_language(user):
    """The language ``user`` reads their emails in.

    Users store no language preference (the interface's choice is a cookie of one browser), so it
    is the site's language, Vietnamese; a stored preference, once there is one, is read here.
    """
    return settings.LANGUAGE_CODE


def _message(user, subject, template, context):
    """An email to ``user`` in their language: ``subject`` is a function called in that language."""
    with translation.override(recipient_language(user)):
        return EmailMessage(subject=subject(), body=render_to_string(template, context), to=[user.email])


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

    messages = [
        _message(
            membership.user,
            subject,
            "workspace/email/plan_issued.txt",
            {
                "plan": plan,
                "agency": membership.agency,
                "items": current.get(membership.agency_id, []),
                "url": f"{base_url}{plan.get_absolute_url()}",
                "amended": plan.amends_id is not None,
            },
        )
        for membership in AgencyMembership.objects.reachable().filter(agency_id__in=list(by_agency))
    ]
    return _send(messages)


def plan_returned(plan, reviewer):
    submitter = plan.submitted_by
    if submitter is None or not submitter.email:
        return 0

    def subject():
        month = dates.reader_month_label(plan.year, plan.month)
        return _("Chương trình công tác %(month)s được trả lại") % {"month": month}

    context = {"plan": plan, "reviewer": reviewer, "comment": plan.review_comment}
    return _send([_message(submitter, subject, "workspace/email/plan_returned.txt", context)])


def due_dossiers(today, days_before, office=None):
    """(membership, [(item, deadline)]) pairs: items of issued plans whose dossier deadline is
    ``days_before`` working days after ``today``, or has passed before a session still to come, and
    whose agency has not marked the dossier sent nor its lead agency uploaded it."""
    office = office or Office.objects.get_solo()
    items = (
        Item.objects.published()
        .filter(part=Item.Part.SESSION, status=Item.Status.PLANNED, session__date__gt=today)
        .select_related("session", "plan")
        .with_agencies()
    )
    sent = set(DossierMark.objects.filter(is_sent=True, item__in=items).values_list("item_id", "agency_id"))
    uploaded_uids = set(
        DossierSubmission.objects.filter(item__uid__in=items.values("uid")).values_list("item__uid", flat=True)
    )
    due_by_agency = {}
    for item in sorted(items, key=lambda item: item.document_key):
        deadline = item.dossier_deadline(office.dossier_lead_days)
        # Due soon, or missing: the deadline has passed and the lead agency has uploaded nothing.
        if _reminder_day(deadline, days_before) != today and not deadline < today:
            continue
        if item.uid in uploaded_uids:
            continue
        for agency in item.ordered_agencies:
            if (item.pk, agency.pk) not in sent:
                due_by_agency.setdefault(agency.pk, []).append((item, deadline))
    memberships = AgencyMembership.objects.reachable().filter(agency_id__in=list(due_by_agency))
    return [(membership, due_by_agency[membership.agency_id]) for membership in memberships]


def _reminder_day(deadline, days_before):
    return dates.working_days_before(deadline, days_before) if days_before else deadline


def dossier_reminders(today, days_before, base_url=""):
    """Send the reminders due ``today``; returns how many emails were sent."""
    messages = []
    for membership, entries in due_dossiers(today, days_before):
        agency = membership.agency

        def subject(agency=agency):
            return _("Nhắc gửi hồ sơ trình phiên họp UBND tỉnh (%(agency)s)") % {"agency": agency.short_name}

        context = {
            "agency": agency,
            "entries": entries,
            "today": today,
            "url": f"{base_url}{reverse('workspace:dossiers')}",
        }
        messages.append(_message(membership.user, subject, "workspace/email/dossier_reminder.txt", context))
    return _send(messages)


def on_plan_issued(sender, plan, revision, **kwargs):
    """issuing.signals.plan_issued: whichever path issued the plan, the departments hear of it."""
    plan_issued(plan)


def on_plan_returned(sender, plan, user, **kwargs):
    plan_returned(plan, user)
