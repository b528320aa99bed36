"""The daily dossier reminder (the send_dossier_reminders command): to the users of each agency whose
dossier for a session item is due soon, or missing, and not yet marked sent nor uploaded."""

from django.urls import reverse
from django.utils.translation import gettext as _

from access.permissions import department_users
from agenda import dates
from agenda.models import Office
from dossiers.models import DossierSubmission
from jobs import outbox
from meetings.models import DossierMark, Item
from ubnd_schedule import mail


def due_dossiers(today, days_before, office):
    """(user, [(item, deadline)]) pairs of ``office``: items of its issued plans whose dossier deadline is
    ``days_before`` working days after ``today`` (the office's lead days), or has passed before a session
    still to come, and whose agency has not marked the dossier sent nor its lead agency uploaded it."""
    items = (
        Item.objects.published()
        .filter(plan__office=office, part=Item.Part.SESSION, status=Item.Status.PLANNED, session__date__gt=today)
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
    users = department_users(list(due_by_agency))
    return [(user, due_by_agency[user.department.agency_id]) for user in users]


def _reminder_day(deadline, days_before):
    return dates.working_days_before(deadline, days_before) if days_before else deadline


def all_due(today, days_before):
    """(office, user, [(item, deadline)]) of every office, office by office (due_dossiers)."""
    for office in Office.objects.all():
        for user, entries in due_dossiers(today, days_before, office):
            yield office, user, entries


def dossier_reminders(today, days_before, base_url=""):
    """Queue the reminders due ``today`` (jobs.outbox: each sent by a job); returns how many are new.

    Each is keyed by the day, the lead days, the office and the user: run twice the same day (cron and beat, a
    retried job), it sends each reminder once."""
    messages, keys = [], []
    for office, user, entries in all_due(today, days_before):
        agency = user.department.agency

        def subject(agency=agency):
            return _("Nhắc gửi hồ sơ trình phiên họp (%(agency)s)") % {"agency": agency.short_name}

        context = {
            "agency": agency,
            "entries": entries,
            "today": today,
            "url": f"{base_url}{reverse('dossiers:department', args=[office])}",
        }
        office_name = office.reading_name
        messages.append(
            mail.message_to(user, subject, "dossiers/email/dossier_reminder.txt", context, office_name=office_name)
        )
        keys.append(f"dossier-reminder:{today.isoformat()}:{days_before}:{office.pk}:{user.pk}")
    return outbox.send(messages, keys)
