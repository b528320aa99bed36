"""Daily (cron): remind department users of dossiers due soon.

A session item's dossier is due Office.dossier_lead_days working days before its session; the
reminder goes out --days working days before that deadline (0: on the deadline itself), to the
users of each of the item's agencies that has not marked the dossier as sent.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dossiers import reminders


class Command(BaseCommand):
    help = gettext_lazy("Gửi thư nhắc hạn gửi hồ sơ trình phiên họp (chạy hằng ngày).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=2, help=_("Nhắc trước hạn bao nhiêu ngày làm việc (mặc định 2).")
        )
        parser.add_argument("--date", help=_("Coi hôm nay là ngày này (YYYY-MM-DD); mặc định là hôm nay."))
        parser.add_argument(
            "--base-url", default="", help=_("Địa chỉ trang web, để ghi đường dẫn trong thư (mặc định: SITE_URL).")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ liệt kê, không gửi thư."))

    def handle(self, *args, days, date, base_url, dry_run, **options):
        if days < 0:
            raise CommandError(_("--days phải là số không âm."))
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("Ngày không hợp lệ: %(date)r (cần dạng YYYY-MM-DD).") % {"date": date})
        if dry_run:
            for _office, user, entries in reminders.all_due(today, days):
                for item, deadline in entries:
                    self.stdout.write(f"{user.email}\t{deadline:%d/%m/%Y}\t{item.title[:80]}")
            return
        sent = reminders.dossier_reminders(today, days, base_url=(base_url or settings.SITE_URL).rstrip("/"))
        self.stdout.write(ngettext("Đã gửi %(count)s thư nhắc.", "Đã gửi %(count)s thư nhắc.", sent) % {"count": sent})
