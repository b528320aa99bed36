from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agenda.models import MonthlyPlan
from agenda.services import publish_plan

SAMPLE_FIXTURE = settings.BASE_DIR / "fixtures" / "bac_giang_2024_01.json"


class Command(BaseCommand):
    help = _("Chuẩn bị bản chạy thử: nạp và ban hành chương trình mẫu, tạo tài khoản quản trị thử.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="demo-2024")

    def handle(self, *args, username, password, **options):
        plan = MonthlyPlan.objects.filter(year=2024, month=1).first()
        if plan is None:
            call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
            plan = MonthlyPlan.objects.get(year=2024, month=1)
            self.stdout.write(_("Đã nạp chương trình mẫu tháng 01/2024."))
        if not plan.is_published:
            publish_plan(plan, note=_("Bản chạy thử"))
            self.stdout.write(_("Đã ban hành chương trình mẫu."))

        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            (_("Đã tạo tài khoản quản trị “%(user)s”.") if created else _("Tài khoản quản trị “%(user)s” đã có."))
            % {"user": username}
        )
