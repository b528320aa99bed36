from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from access.roles import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP, MEMBER_GROUP
from agenda.commands import add_office_argument, office_from
from agenda.models import Agency, MonthlyPlan, Office
from issuing.appearance import generated_signature_png
from issuing.models import SignerProfile
from issuing.services import publish_plan
from workspace.models import AgencyMembership

SAMPLE_FIXTURE = settings.BASE_DIR / "fixtures" / "bac_giang_2024_01.json"
# The demo's commune: its People's Committee issues its own programme for the same month (sample data, in the
# interchange format), with its own numbers and seal.
COMMUNE_PROGRAMME = settings.BASE_DIR / "fixtures" / "xa_tan_yen_2024_01.json"
COMMUNE = {
    "slug": "xa-tan-yen",
    "name": "UBND XÃ TÂN YÊN",
    "place": "Tân Yên",
    "symbol": "CTr-UBND",
    "code": "000.00.31.H06",
    "level": "xa",
}

# One account per workspace role, so that the demo can be tried from every side.
ROLE_ACCOUNTS = [
    ("chuyenvien", EDITOR_GROUP, None),
    ("lanhdao", APPROVER_GROUP, None),
    ("vanthu", CLERK_GROUP, None),
    ("sokhdt", DEPARTMENT_GROUP, "Sở Kế hoạch và Đầu tư"),
    ("uyvien", MEMBER_GROUP, None),
]
# The approver signs the sample: the name the sample's signature block carries.
APPROVER_NAME = ("Lê Tuấn", "Phú")
# Every account has a person's name (family and middle names, given name), as the pages that say who
# did what show it; an account that already has one keeps it.
ACCOUNT_NAMES = {
    "chuyenvien": ("Nguyễn Thị", "Lan"),
    "vanthu": ("Trần Thị", "Hà"),
    "sokhdt": ("Phạm Văn", "Minh"),
    "uyvien": ("Đỗ Văn", "Hùng"),
}
ADMIN_NAME = ("Quản trị", "hệ thống")


class Command(BaseCommand):
    help = _(
        "Chuẩn bị bản chạy thử: nạp và ban hành chương trình mẫu của tỉnh và của một xã, tạo các tài khoản thử "
        "(--office: chỉ phần của cơ quan đó)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="demo-2024")
        add_office_argument(parser)

    def handle(self, *args, username, password, **options):
        """Without --office, the whole demo: the first office (the province's, as before offices were many) and
        the commune; with it, that office's part only (the commune's sample goes to any office but the first)."""
        slug, first = options.get("office"), Office.objects.get_solo()
        if slug in (None, COMMUNE["slug"]) and not Office.objects.filter(slug=COMMUNE["slug"]).exists():
            self._create_commune(first)
        offices = [office_from(options)] if slug else [first, Office.objects.get(slug=COMMUNE["slug"])]
        for office in offices:
            if office == first:
                self._province(office, username, password)
            else:
                self._commune(office)

    def _province(self, office, username, password):
        plan = MonthlyPlan.objects.of(office).for_month(2024, 1).exclude(status=MonthlyPlan.Status.SUPERSEDED).first()
        if plan is None:
            if MonthlyPlan.objects.exists() or Agency.objects.exists():  # the fixture's rows have fixed ids
                raise CommandError(
                    _(
                        "Chỉ nạp được chương trình mẫu của tỉnh vào cơ sở dữ liệu chưa có chương trình, cơ quan nào: "
                        "chạy demo_setup (không có --office) trên cơ sở dữ liệu mới."
                    )
                )
            call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
            plan = MonthlyPlan.objects.of(office).get(year=2024, month=1)
            self.stdout.write(_("Đã nạp chương trình mẫu tháng 01/2024."))
        if not office.signer_name:  # the default signer of a month with no previous plan
            office.signer_name = plan.signer_name
            office.save()
        self._account(username, password, is_superuser=True, full_name=ADMIN_NAME)
        users = {}
        for name, group, agency in ROLE_ACCOUNTS:
            user = users[name] = self._account(name, password, full_name=ACCOUNT_NAMES.get(name))
            user.groups.set([Group.objects.get(name=group)])
            if agency:
                AgencyMembership.objects.update_or_create(
                    user=user, defaults={"agency": Agency.objects.of(office).get(name=agency)}
                )
        approver = users["lanhdao"]
        approver.first_name, approver.last_name = APPROVER_NAME
        approver.save()
        SignerProfile.objects.update_or_create(
            user=approver,
            defaults={"signature_image": generated_signature_png(approver.get_full_name())},
        )

        if not plan.is_published:
            # The same chain as in the workspace: submitted, signed by lanhdao, sealed by vanthu.
            publish_plan(plan, approver=approver, clerk=users["vanthu"], note=_("Bản chạy thử"))
            self.stdout.write(_("Đã ban hành chương trình mẫu."))
        names = ", ".join(name for name, _group, _agency in ROLE_ACCOUNTS)
        self.stdout.write(
            _(
                "Tài khoản thử: %(admin)s (quản trị), %(names)s "
                "(chuyên viên, lãnh đạo, văn thư, cán bộ Sở KHĐT, thành viên UBND)."
            )
            % {"admin": username, "names": names}
        )

    def _create_commune(self, province):
        call_command(
            "create_office",
            COMMUNE["slug"],
            name=COMMUNE["name"],
            place=COMMUNE["place"],
            symbol=COMMUNE["symbol"],
            code=COMMUNE["code"],
            level=COMMUNE["level"],
            parent=province.slug,
            stdout=self.stdout,
        )

    def _commune(self, office):
        """The commune's programme of January 2024, loaded into ``office`` and issued (submitted, signed and
        sealed with the office's own test keys), unless it is there already."""
        plans = MonthlyPlan.objects.of(office).for_month(2024, 1).exclude(status=MonthlyPlan.Status.SUPERSEDED)
        if not plans.exists():
            call_command("load_plan", str(COMMUNE_PROGRAMME), office=office.slug, publish=True, stdout=self.stdout)
        elif not plans.filter(status=MonthlyPlan.Status.PUBLISHED).exists():
            call_command("publish_plan", "2024", "1", office=office.slug, note=_("Bản chạy thử"), stdout=self.stdout)

    def _account(self, username, password, is_superuser=False, full_name=None):
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        if full_name and not user.get_full_name():
            user.first_name, user.last_name = full_name
        user.is_staff = user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        return user
