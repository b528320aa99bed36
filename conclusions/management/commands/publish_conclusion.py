import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.commands import add_office_argument, office_from
from conclusions.chain import publish_conclusion
from conclusions.models import Conclusion
from issuing.management.commands.publish_plan import _user
from programme.errors import PlanError


class Command(BaseCommand):
    help = _("Ban hành thông báo kết luận của phiên họp ngày YYYY-MM-DD: gửi duyệt, lãnh đạo ký, văn thư đóng dấu.")

    def add_arguments(self, parser):
        parser.add_argument("date")
        parser.add_argument("--approver", default="", help=_("tài khoản lãnh đạo ký văn bản"))
        parser.add_argument("--clerk", default="", help=_("tài khoản văn thư đóng dấu, phát hành"))
        add_office_argument(parser)

    def handle(self, *args, date, approver, clerk, **options):
        office = office_from(options)
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(_("“%(value)s” không phải là ngày hợp lệ (YYYY-MM-DD).") % {"value": date}) from None
        conclusion = Conclusion.objects.filter(office=office, session_date=day, conference__isnull=True).first()
        if conclusion is None:
            raise CommandError(_("Chưa có thông báo kết luận phiên họp ngày %(date)s.") % {"date": f"{day:%d/%m/%Y}"})
        if not settings.SIGNING_DEV_IDENTITIES and not (approver and clerk):
            raise CommandError(
                _("Cần --approver và --clerk: người ký và văn thư phát hành (ngoài môi trường phát triển).")
            )
        try:
            revision = publish_conclusion(conclusion, approver=_user(approver), clerk=_user(clerk))
        except PermissionDenied:
            raise CommandError(
                _("Tài khoản không có quyền: --approver phải là lãnh đạo, --clerk là văn thư.")
            ) from None
        except PlanError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ban hành thông báo kết luận: số %(number)s.") % {"number": revision.register_label}
            )
        )
