"""E-mails to a department when the Office decides on its proposals, each in its recipient's language
(ubnd_schedule.mail), sent by a job once the decision commits (jobs.outbox)."""

import hashlib

from django.urls import reverse
from django.utils.translation import gettext as _

from access.permissions import department_users
from jobs import outbox
from ubnd_schedule import mail


def decisions_made(proposals, base_url=""):
    """One e-mail per user of each agency concerned, listing the decisions on its proposals."""
    by_agency = {}
    for proposal in proposals:
        by_agency.setdefault(proposal.agency_id, []).append(proposal)
    if not by_agency:
        return 0
    decided = hashlib.sha256(repr(sorted((p.pk, p.status, str(p.decided_at)) for p in proposals)).encode())
    messages, keys = [], []
    for user in department_users(list(by_agency)):
        agency = user.department.agency

        def subject(agency=agency):
            return _("Kết quả xem xét nội dung đăng ký (%(agency)s)") % {"agency": agency.short_name}

        context = {
            "agency": agency,
            "proposals": by_agency[agency.pk],
            "url": f"{base_url}{reverse('proposals:mine', args=[user.department.office])}",
        }
        office_name = user.department.office.reading_name
        messages.append(
            mail.message_to(user, subject, "proposals/email/decisions.txt", context, office_name=office_name)
        )
        keys.append(f"proposal-decisions:{decided.hexdigest()[:32]}:{user.pk}")
    return outbox.send(messages, keys)
