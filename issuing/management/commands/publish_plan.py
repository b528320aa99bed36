import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda import dates
from agenda.commands import add_office_argument, office_from
from agenda.models import MonthlyPlan
from issuing import identities
from issuing.services import publish_plan
from programme.errors import PlanError

PIN_VARIABLE = "SIGNING_APPROVER_PIN"


def issue_with_command_options(plan, *, approver, clerk, note, stdin_is_tty):
    """Submit, sign and seal ``plan`` as ``publish_plan`` and ``load_plan --publish`` do.

    With test identities (development) the users may be omitted: the approver's test certificate
    is named after the plan's signer and the plan's office signs with its own test key. Otherwise both users
    are required, each must hold their role, and a token PIN comes from SIGNING_APPROVER_PIN or a
    prompt, never from the command line.
    """
    if not settings.SIGNING_DEV_IDENTITIES and not (approver and clerk):
        raise CommandError(_("Cần --approver và --clerk: người ký và văn thư phát hành (ngoài môi trường phát triển)."))
    approver_user, clerk_user = _user(approver), _user(clerk)
    pin = ""
    if approver_user is not None and identities.needs_pin(approver_user):
        pin = os.environ.get(PIN_VARIABLE, "")
        if not pin and stdin_is_tty:
            pin = getpass.getpass(_("Mã PIN thiết bị ký số của %(user)s: ") % {"user": approver})
        if not pin:
            raise CommandError(
                _("Thiếu mã PIN: đặt biến môi trường %(var)s hoặc chạy lệnh trong cửa sổ dòng lệnh.")
                % {"var": PIN_VARIABLE}
            )
    try:
        return publish_plan(plan, approver=approver_user, clerk=clerk_user, note=note, pin=pin)
    except PermissionDenied:
        raise CommandError(_("Tài khoản không có quyền: --approver phải là lãnh đạo Văn phòng, --clerk là văn thư."))
    except PlanError as error:
        raise CommandError(str(error))


def _user(username):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("Không có tài khoản đang hoạt động “%(user)s”.") % {"user": username})
    return user


class Command(BaseCommand):
    help = _("Ban hành chương trình tháng: gửi duyệt, lãnh đạo ký, văn thư đóng dấu và phát hành.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("month", type=int)
        parser.add_argument("--approver", default="", help=_("tài khoản lãnh đạo Văn phòng ký văn bản"))
        parser.add_argument("--clerk", default="", help=_("tài khoản văn thư đóng dấu, phát hành"))
        parser.add_argument("--note", default="", help=_("ghi chú khi ban hành"))
        add_office_argument(parser)

    def handle(self, *args, year, month, approver, clerk, note, **options):
        office = office_from(options)
        month_label = dates.month_label(year, month)
        plans = MonthlyPlan.objects.of(office).for_month(year, month)
        plan = plans.working().first()
        if plan is None:
            if plans.published().exists():
                raise CommandError(_("Chương trình %(month)s đã ban hành.") % {"month": month_label})
            raise CommandError(_("Không có chương trình %(month)s.") % {"month": month_label})
        plan = issue_with_command_options(
            plan, approver=approver, clerk=clerk, note=note, stdin_is_tty=self._stdin_is_tty()
        )
        revision = plan.revisions.order_by("-number").first()
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ban hành chương trình %(month)s: số %(number)s, %(revision)s.")
                % {"month": month_label, "number": f"{revision.register_number:02d}", "revision": revision.label}
            )
        )

    def _stdin_is_tty(self):
        stdin = getattr(self, "stdin", None)
        try:
            return bool(stdin and stdin.isatty())
        except (AttributeError, ValueError):
            return False
