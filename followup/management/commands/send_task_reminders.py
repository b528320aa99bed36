"""Daily (the job queue or cron): remind lead agencies of their tasks' deadlines, before and after them (each
reminder of a task once: followup.reminders)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agenda.models import Office
from followup.reminders import send_task_reminders


class Command(BaseCommand):
    help = gettext_lazy("Gửi thư nhắc thời hạn nhiệm vụ được giao trong thông báo kết luận (chạy hằng ngày).")

    def add_arguments(self, parser):
        parser.add_argument("--office", help=_("Chỉ cơ quan ban hành này (đường dẫn, ví dụ bac-giang)."))
        parser.add_argument("--date", help=_("Coi hôm nay là ngày này (YYYY-MM-DD); mặc định là hôm nay."))
        parser.add_argument("--base-url", default=None, help=_("Địa chỉ trang web trong thư (mặc định: SITE_URL)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ liệt kê, không gửi thư, không ghi nhận."))

    def handle(self, *args, office, date, base_url, dry_run, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("Ngày không hợp lệ: %(date)r (cần dạng YYYY-MM-DD).") % {"date": date})
        chosen = None
        if office:
            chosen = Office.objects.filter(slug=office).first()
            if chosen is None:
                raise CommandError(_("Không có cơ quan ban hành “%(slug)s”.") % {"slug": office})
        dues = send_task_reminders(today, chosen, base_url=base_url, dry_run=dry_run)
        for due in dues:
            for task, kind in due.entries:
                emails = ", ".join(user.email for user in due.users)
                self.stdout.write(f"{due.office.slug}\t{kind}\t{task.deadline:%d/%m/%Y}\t{emails}\t{task.text[:80]}")
        count = sum(len(due.users) for due in dues)
        if dry_run:
            self.stdout.write(
                ngettext("Sẽ gửi %(count)s thư nhắc.", "Sẽ gửi %(count)s thư nhắc.", count) % {"count": count}
            )
        else:
            self.stdout.write(
                ngettext("Đã gửi %(count)s thư nhắc.", "Đã gửi %(count)s thư nhắc.", count) % {"count": count}
            )
