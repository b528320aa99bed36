from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from access.models import Membership
from access.roles import APPROVER, CLERK, DEPARTMENT, EDITOR, MEMBER, OFFICE_ADMIN
from agenda.commands import add_office_argument, office_from
from agenda.models import Agency, MonthlyPlan, Office
from issuing.appearance import generated_signature_png
from issuing.models import SignerProfile
from issuing.services import publish_plan
from weekly.demo import COMMUNE_LEADERS, PROVINCE_LEADERS, demo_week

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

# The commune's accounts, one per role (the approver is the Chairman who signs its sample).
COMMUNE_ACCOUNTS = [
    ("xa.chuyenvien", EDITOR, None, ("Đinh Thị", "Thu")),
    ("xa.lanhdao", APPROVER, None, ("Hoàng Văn", "Nam")),
    ("xa.vanthu", CLERK, None, ("Lương Thị", "Hằng")),
    ("xa.canbo", DEPARTMENT, "Phòng Kinh tế", ("Trịnh Văn", "Đức")),
    ("xa.quantri", OFFICE_ADMIN, None, ("Mai Văn", "Sơn")),
]

# One account per workspace role, so that the demo can be tried from every side.
ROLE_ACCOUNTS = [
    ("chuyenvien", EDITOR, None),
    ("lanhdao", APPROVER, None),
    ("vanthu", CLERK, None),
    ("sokhdt", DEPARTMENT, "Sở Kế hoạch và Đầu tư"),
    ("uyvien", MEMBER, None),
    ("quantri", OFFICE_ADMIN, None),
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
    "quantri": ("Vũ Thị", "Mai"),
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
                self._commune(office, password)

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
        for name, role, agency in ROLE_ACCOUNTS:
            user = users[name] = self._account(name, password, full_name=ACCOUNT_NAMES.get(name))
            agency = Agency.objects.of(office).get(name=agency) if agency else None
            Membership.objects.filter(user=user).exclude(office=office, role=role).delete()
            Membership.objects.grant(user, office, role, agency)
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
        self._week(office, PROVINCE_LEADERS, approver, place=_("Phòng họp số 1, UBND tỉnh"))
        names = ", ".join(name for name, _group, _agency in ROLE_ACCOUNTS)
        self.stdout.write(
            _(
                "Tài khoản thử: %(admin)s (quản trị), %(names)s "
                "(chuyên viên, lãnh đạo, văn thư, cán bộ Sở KHĐT, thành viên UBND, quản trị cơ quan)."
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

    def _commune(self, office, password):
        """The commune's accounts, and its programme of January 2024 loaded into ``office`` and issued by them
        (submitted, signed by xa.lanhdao and sealed by xa.vanthu with the office's own test keys), unless it is
        there already."""
        plans = MonthlyPlan.objects.of(office).for_month(2024, 1).exclude(status=MonthlyPlan.Status.SUPERSEDED)
        if not plans.exists():
            call_command("load_plan", str(COMMUNE_PROGRAMME), office=office.slug, stdout=self.stdout)
        users = {}
        for name, role, agency, full_name in COMMUNE_ACCOUNTS:
            user = users[name] = self._account(name, password, full_name=full_name)
            agency = Agency.objects.of(office).get(name=agency) if agency else None
            Membership.objects.grant(user, office, role, agency)
        plan = plans.first()
        if not plan.is_published:
            publish_plan(plan, approver=users["xa.lanhdao"], clerk=users["xa.vanthu"], note=_("Bản chạy thử"))
            self.stdout.write(_("Đã ban hành chương trình mẫu của %(office)s.") % {"office": office.reading_name})
        self._week(office, COMMUNE_LEADERS, users["xa.lanhdao"], place=_("Phòng họp UBND xã"), replaces_invitation=True)
        self.stdout.write(
            _("Tài khoản thử của %(office)s: %(names)s.")
            % {"office": office.reading_name, "names": ", ".join(account[0] for account in COMMUNE_ACCOUNTS)}
        )

    def _week(self, office, leaders, approver, **options):
        """The office's leaders and its week 3 of 2024, built from its January and published by its approver."""
        revision = demo_week(office, leaders, approver, **options)
        self.stdout.write(
            _("Lịch công tác tuần 03/2024 của %(office)s: %(label)s, %(count)d mục.")
            % {"office": office.reading_name, "label": revision.label, "count": len(revision.entries)}
        )

    def _account(self, username, password, is_superuser=False, full_name=None):
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        if full_name and not user.get_full_name():
            user.first_name, user.last_name = full_name
        user.is_staff = user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        return user
