from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from access.models import Membership
from access.roles import APPROVER
from agenda.commands import add_office_argument, office_from
from weekly.errors import WeekError
from weekly.models import Week
from weekly.publishing import publish_week


def publisher(office, username):
    """The user publishing: ``--by``; without it, in development (test identities, as publish_plan), the
    office's first approver, or the system itself when it has none. Elsewhere --by is required."""
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Không có tài khoản đang hoạt động “%(user)s”.") % {"user": username})
        return user
    if not settings.SIGNING_DEV_IDENTITIES:
        raise CommandError(_("Cần --by: tài khoản phát hành lịch tuần (ngoài môi trường phát triển)."))
    membership = Membership.objects.filter(office=office, role=APPROVER, user__is_active=True).order_by("pk")
    membership = membership.select_related("user").first()
    return membership.user if membership else None


class Command(BaseCommand):
    help = _("Phát hành lịch công tác tuần: lần đầu là lịch tuần, các lần sau là “Điều chỉnh lần N”.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("week", type=int)
        parser.add_argument("--by", default="", metavar="USERNAME", help=_("tài khoản phát hành"))
        add_office_argument(parser)

    def handle(self, *args, year, week, by, **options):
        office = office_from(options)
        draft = Week.objects.of(office).for_week(year, week).select_related("office").first()
        if draft is None:
            raise CommandError(
                _("Chưa có lịch tuần %(week)02d/%(year)s: chạy build_week trước.") % {"week": week, "year": year}
            )
        try:
            revision = publish_week(draft, publisher(office, by))
        except PermissionDenied:
            raise CommandError(_("Tài khoản không có quyền phát hành lịch tuần của cơ quan này.")) from None
        except WeekError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã phát hành lịch tuần %(week)02d/%(year)s: %(label)s.")
                % {"week": week, "year": year, "label": revision.label}
            )
        )
