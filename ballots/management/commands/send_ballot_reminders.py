"""Remind the members who have not answered a written ballot, on the working day before its deadline
(run hourly or daily by the job queue; sends each reminder once)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agenda.models import Office
from ballots.reminders import send_ballot_reminders


class Command(BaseCommand):
    help = gettext_lazy("Gửi thư nhắc thành viên chưa trả lời phiếu lấy ý kiến sắp hết hạn.")

    def add_arguments(self, parser):
        parser.add_argument("--office", metavar="SLUG", help=_("Chỉ các phiếu của cơ quan này."))
        parser.add_argument(
            "--base-url", default="", help=_("Địa chỉ trang web, để ghi đường dẫn trong thư (mặc định: SITE_URL).")
        )

    def handle(self, *args, office, base_url, **options):
        office = Office.objects.get(slug=office) if office else None
        sent = send_ballot_reminders(office=office, base_url=(base_url or settings.SITE_URL).rstrip("/"))
        self.stdout.write(ngettext("Đã gửi %(count)s thư nhắc.", "Đã gửi %(count)s thư nhắc.", sent) % {"count": sent})
