import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.commands import add_office_argument, office_from
from conclusions.drafting import load_conclusion
from conclusions.interchange import ConclusionFileError
from ubnd_schedule.errors import ConflictError


class Command(BaseCommand):
    help = _("Nạp thông báo kết luận của một phiên họp từ tệp JSON (docs/conclusions.md) thành dự thảo.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_office_argument(parser)

    def handle(self, *args, file, **options):
        office = office_from(options)
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(_("Không tìm thấy tệp “%(file)s”.") % {"file": file}) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(_("Tệp “%(file)s” không phải JSON hợp lệ: %(error)s") % {"file": file, "error": error})
        try:
            conclusion, created = load_conclusion(data, office)
        except ConclusionFileError as error:
            raise CommandError(_("Không nạp được tệp, chưa có gì thay đổi:") + "\n" + "\n".join(error.problems))
        except ConflictError as error:
            raise CommandError(str(error)) from None
        message = _("Đã tạo dự thảo %(title)s.") if created else _("Đã cập nhật dự thảo %(title)s.")
        self.stdout.write(self.style.SUCCESS(message % {"title": conclusion.title}))
