import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from agenda import dates
from agenda.commands import add_office_argument, office_from
from programme.errors import PlanError
from programme.importing import ImportRefused, import_programme
from programme.interchange import InterchangeError
from programme.services import load_plan


class Command(BaseCommand):
    help = _("Nhập chương trình tháng từ tệp Word (.docx), PDF hoặc văn bản (.txt) theo thể thức chính thức.")

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("tệp .docx, .pdf hoặc .txt"))
        parser.add_argument("--dry-run", action="store_true", help=_("chỉ đọc tệp, không ghi gì"))
        parser.add_argument("--format", choices=["text", "json"], default="text", help=_("json: in dữ liệu đọc được"))
        parser.add_argument("--year", type=int, help=_("năm (mặc định: theo tiêu đề)"))
        parser.add_argument("--month", type=int, help=_("tháng (mặc định: theo tiêu đề)"))
        add_office_argument(parser)

    def handle(self, *args, path, dry_run, format, year, month, **options):
        found = []

        def office():  # asked once the file has text: a file refused for its form needs no database
            found.append(office_from(options))
            return found[0]

        if month is not None and not 1 <= month <= 12:
            raise CommandError(_("Tháng phải từ 1 đến 12."))
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": path, "error": error})
        try:
            result = import_programme(content, Path(path).name, year=year, month=month, office=office)
        except ImportRefused as error:
            raise CommandError(self._refusal(path, error.problems)) from error

        for problem in result.problems:
            self.stderr.write(problem)
        if format == "json":
            self.stdout.write(json.dumps(result.data, ensure_ascii=False, indent=2))
        if dry_run:
            if format != "json":
                self.stdout.write(
                    _("Đọc được %(month)s (chạy thử, không ghi gì).") % {"month": self._month(result.data)}
                )
            return
        plan, created = self._load(path, result.data, found[0])
        message = _("Đã tạo dự thảo %(month)s.") if created else _("Đã thay dự thảo %(month)s.")
        out = self.stderr if format == "json" else self.stdout  # stdout holds only the JSON
        out.write(self.style.SUCCESS(message % {"month": dates.month_label(plan.year, plan.month)}))

    def _load(self, path, data, office):
        try:
            with transaction.atomic():
                plan, created = load_plan(data, office=office)
        except InterchangeError as error:
            raise CommandError(self._refusal(path, error.problems)) from error
        except PlanError as error:
            raise CommandError(str(error)) from error
        return plan, created

    @staticmethod
    def _month(data):
        return dates.month_label(data["year"], data["month"])

    @staticmethod
    def _refusal(path, problems):
        lines = "\n".join(f"  - {problem}" for problem in problems)
        return _("Không nhập được %(file)s, không có gì thay đổi:\n%(lines)s") % {"file": path, "lines": lines}
