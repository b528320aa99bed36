"""Send the e-mails still waiting in the outbox (their job was never queued, or was lost, or failed eagerly).

With a broker, Celery beat runs this every ten minutes (jobs.tasks.sweep_outbox); on a single machine without one,
a cron line may: each e-mail still goes out once."""

import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import outbox


class Command(BaseCommand):
    help = gettext_lazy("Gửi các thư còn chờ trong hộp thư đi.")

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=0, help=_("Chỉ các thư chờ quá số phút này (mặc định 0)."))

    def handle(self, *args, minutes, **options):
        sent = failed = 0
        for pk in outbox.stale_pending(datetime.timedelta(minutes=minutes)):
            try:
                sent += outbox.deliver(pk)
            except Exception as error:  # recorded on the row; the next run tries again
                failed += 1
                self.stderr.write(str(error))
        self.stdout.write(_("Đã gửi %(sent)s thư, %(failed)s thư chưa gửi được.") % {"sent": sent, "failed": failed})
