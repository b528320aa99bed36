from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import MonthlyPlan
from agenda.services import PlanError, publish_plan


class Command(BaseCommand):
    help = _("Ban hành một dự thảo chương trình tháng.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("month", type=int)
        parser.add_argument("--note", default="", help=_("ghi chú khi ban hành"))

    def handle(self, *args, year, month, note, **options):
        month_label = dates.month_label(year, month)
        plan = MonthlyPlan.objects.filter(year=year, month=month).first()
        if plan is None:
            raise CommandError(_("Không có chương trình %(month)s.") % {"month": month_label})
        try:
            publish_plan(plan, note=note)
        except PlanError as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(_("Đã ban hành chương trình %(month)s.") % {"month": month_label}))
