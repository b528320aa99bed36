import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from agenda import dates
from agenda.commands import add_office_argument, office_from
from issuing.management.commands.publish_plan import issue_with_command_options
from programme.errors import PlanError
from programme.interchange import InterchangeError
from programme.services import load_plan


class Command(BaseCommand):
    help = _("Nạp chương trình tháng từ tệp JSON theo định dạng trao đổi.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("tệp JSON"))
        parser.add_argument(
            "--publish", action="store_true", help=_("ban hành ngay sau khi nạp (gửi duyệt, ký, đóng dấu)")
        )
        parser.add_argument("--approver", default="", help=_("với --publish: tài khoản lãnh đạo ký"))
        parser.add_argument("--clerk", default="", help=_("với --publish: tài khoản văn thư phát hành"))
        parser.add_argument("--dry-run", action="store_true", help=_("kiểm tra tệp, không ghi gì"))
        add_office_argument(parser)

    def handle(self, *args, file, publish, dry_run, approver, clerk, **options):
        office = office_from(options)
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": error})
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(_("Tệp %(file)s không phải JSON hợp lệ: %(error)s") % {"file": file, "error": error})

        try:
            with transaction.atomic():
                plan, created = load_plan(data, office=office)
                if publish:
                    issue_with_command_options(plan, approver=approver, clerk=clerk, note="", stdin_is_tty=False)
                if dry_run:
                    transaction.set_rollback(True)
        except InterchangeError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                _("Tệp %(file)s có lỗi, không có gì thay đổi:\n%(lines)s") % {"file": file, "lines": lines}
            )
        except PlanError as error:
            raise CommandError(str(error))

        self._warn_about_issuer(data.get("issuer"), office)
        month = dates.month_label(plan.year, plan.month)
        if dry_run:
            self.stdout.write(_("Tệp hợp lệ (chạy thử, không ghi gì): %(month)s.") % {"month": month})
        elif created:
            self.stdout.write(self.style.SUCCESS(_("Đã tạo chương trình %(month)s.") % {"month": month}))
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã thay dự thảo chương trình %(month)s.") % {"month": month}))
        if publish and not dry_run:
            self.stdout.write(self.style.SUCCESS(_("Đã ban hành.")))

    def _warn_about_issuer(self, issuer, office):
        if not isinstance(issuer, dict):
            return
        ours = {"parent_body": office.parent_body, "name": office.name, "place": office.place}
        differing = {key: value for key, value in issuer.items() if key in ours and ours[key] != value}
        if differing:
            self.stderr.write(
                self.style.WARNING(
                    _("Lưu ý: cơ quan ban hành trong tệp (%(file)s) khác với cơ quan đã cấu hình (%(ours)s).")
                    % {"file": ", ".join(map(str, issuer.values())), "ours": ", ".join(ours.values())}
                )
            )
