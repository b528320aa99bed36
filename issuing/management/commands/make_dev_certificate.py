from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.models import Office
from issuing.certificates import create_test_pki


class Command(BaseCommand):
    help = _(
        "Tạo chứng thư THỬ NGHIỆM (CA tự ký và chứng thư người ký) để ký số khi phát triển; "
        "không dùng để ban hành thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=_("tạo khóa mới thay cho khóa đã có"))

    def handle(self, *args, force, **options):
        p12_path = settings.SIGNING_P12_PATH
        if not p12_path:
            raise CommandError(_("SIGNING_P12_PATH trống: chỉ tạo chứng thư thử nghiệm khi phát triển (DEBUG)."))
        directory = Path(p12_path).parent
        office = Office.objects.get_solo()
        pki, created = create_test_pki(
            directory,
            organisation=str(office),
            common_name=office.name,
            password=settings.SIGNING_P12_PASSWORD,
            force=force,
        )
        if pki.signer_p12 != Path(p12_path):
            pki.signer_p12.replace(p12_path)
        if created:
            self.stdout.write(self.style.SUCCESS(_("Đã tạo chứng thư thử nghiệm trong %(dir)s.") % {"dir": directory}))
        else:
            self.stdout.write(
                _("Giữ nguyên khóa thử nghiệm đã có trong %(dir)s (dùng --force để tạo mới).") % {"dir": directory}
            )
        self.stdout.write(_("Tệp khóa: %(p12)s; CA tin cậy: %(ca)s") % {"p12": p12_path, "ca": pki.ca_cert})
