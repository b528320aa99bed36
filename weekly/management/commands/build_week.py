from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.commands import add_office_argument, office_from
from weekly.errors import WeekError
from weekly.services import build_week


class Command(BaseCommand):
    help = _("Lập dự thảo lịch công tác tuần từ chương trình tháng đã ban hành (chạy lại chỉ thêm mục còn thiếu).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("week", type=int)
        add_office_argument(parser)

    def handle(self, *args, year, week, **options):
        office = office_from(options)
        try:
            built, added = build_week(office, year, week)
        except WeekError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Tuần %(week)02d/%(year)s của %(office)s: thêm %(added)d mục, tổng %(total)d mục.")
                % {
                    "week": week,
                    "year": year,
                    "office": office.reading_name,
                    "added": added,
                    "total": built.entries.count(),
                }
            )
        )
