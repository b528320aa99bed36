"""Give a person a role in an office.

    manage.py grant_role xa.chuyenvien xa-tan-yen chuyen-vien
    manage.py grant_role so.khdt bac-giang can-bo --agency so-ke-hoach-va-dau-tu

ROLE is one of chuyen-vien (editor), lanh-dao (approver), van-thu (clerk), can-bo (department staff, with
--agency: the slug of one of the office's agencies), thanh-vien (member of the Committee), quan-tri (the
office's administrator). The system administrator is a superuser (createsuperuser). Granting a role held
already changes nothing (a department's agency is updated); --revoke takes it away.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.models import Membership
from access.roles import DEPARTMENT, ROLE_SLUGS
from agenda.models import Agency, Office


class Command(BaseCommand):
    help = gettext_lazy("Giao cho một tài khoản một vai trò trong một cơ quan ban hành.")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Tên đăng nhập của tài khoản."))
        parser.add_argument("office", help=_("Đường dẫn của cơ quan ban hành, ví dụ: xa-tan-yen."))
        parser.add_argument("role", choices=list(ROLE_SLUGS), help=_("Vai trò."))
        parser.add_argument("--agency", metavar="AGENCY_SLUG", help=_("Cơ quan, đơn vị của cán bộ (vai trò can-bo)."))
        parser.add_argument("--revoke", action="store_true", help=_("Thu hồi vai trò thay vì giao."))

    def handle(self, *args, username, office, role, agency, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Không có tài khoản “%(user)s”.") % {"user": username})
        the_office = Office.objects.filter(slug=office).first()
        if the_office is None:
            raise CommandError(_("Không có cơ quan nào có đường dẫn “%(slug)s”.") % {"slug": office})
        role_code = ROLE_SLUGS[role]
        if revoke:
            removed = Membership.objects.filter(user=user, office=the_office, role=role_code).first()
            if removed is not None:
                removed.delete()
            self.stdout.write(
                _("Đã thu hồi vai trò %(role)s của %(user)s tại %(office)s.") % self._words(user, the_office, role_code)
            )
            return
        the_agency = self._agency(the_office, role_code, agency)
        try:
            with transaction.atomic():
                Membership.objects.grant(user, the_office, role_code, the_agency)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            _("Đã giao vai trò %(role)s cho %(user)s tại %(office)s.") % self._words(user, the_office, role_code)
        )

    def _agency(self, office, role, slug):
        if role != DEPARTMENT:
            if slug:
                raise CommandError(_("Chỉ vai trò can-bo mới có cơ quan, đơn vị (--agency)."))
            return None
        if not slug:
            raise CommandError(_("Vai trò can-bo cần --agency: đường dẫn của cơ quan, đơn vị mà cán bộ làm việc."))
        agency = Agency.objects.of(office).filter(slug=slug).first()
        if agency is None:
            raise CommandError(
                _("Cơ quan ban hành %(office)s không có cơ quan, đơn vị nào có đường dẫn “%(slug)s”.")
                % {"office": office.slug, "slug": slug}
            )
        return agency

    @staticmethod
    def _words(user, office, role):
        return {"role": Membership.Role(role).label, "user": user.get_username(), "office": office.slug}
