"""Close the written ballots whose deadline has passed: outcome, result sheet, the item's status (run by the
job queue; a ballot closed already is left as it is)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy, ngettext

from ballots.results import close_due_ballots


class Command(BaseCommand):
    help = gettext_lazy("Kết thúc các phiếu lấy ý kiến đã hết hạn và lập phiếu tổng hợp kết quả.")

    def handle(self, *args, **options):
        closed = close_due_ballots()
        self.stdout.write(
            ngettext("Đã kết thúc %(count)s phiếu.", "Đã kết thúc %(count)s phiếu.", closed) % {"count": closed}
        )
