"""E-mails to a department when the Office decides on its proposals."""

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from workspace.models import AgencyMembership


def decisions_made(proposals, base_url=""):
    """One e-mail per user of each agency concerned, listing the decisions on its proposals."""
    by_agency = {}
    for proposal in proposals:
        by_agency.setdefault(proposal.agency_id, []).append(proposal)
    if not by_agency:
        return 0
    messages = []
    for membership in AgencyMembership.objects.reachable().filter(agency_id__in=list(by_agency)):
        context = {
            "agency": membership.agency,
            "proposals": by_agency[membership.agency_id],
            "url": f"{base_url}{reverse('proposals:mine')}",
        }
        body = render_to_string("proposals/email/decisions.txt", context)
        subject = _("Kết quả xem xét nội dung đăng ký (%(agency)s)") % {"agency": membership.agency.short_name}
        messages.append(EmailMessage(subject=subject, body=body, to=[membership.user.email]))
    get_connection().send_messages(messages)
    return len(messages)
