import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.commands import add_office_argument, office_from
from agenda.models import Office
from issuing import identities
from issuing.certificates import create_test_pki


class Command(BaseCommand):
    help = _(
        "Tạo chứng thư THỬ NGHIỆM (CA tự ký và chứng thư của cơ quan ban hành) để ký số khi phát triển; "
        "không dùng để ban hành thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=_("tạo khóa mới thay cho khóa đã có"))
        add_office_argument(parser)

    def handle(self, *args, force, **options):
        p12_path = settings.SIGNING_P12_PATH
        if not p12_path:
            raise CommandError(_("SIGNING_P12_PATH trống: chỉ tạo chứng thư thử nghiệm khi phát triển (DEBUG)."))
        if not settings.SIGNING_DEV_IDENTITIES:
            raise CommandError(
                _("Chỉ tạo chứng thư thử nghiệm khi phát triển (DEBUG hoặc SIGNING_DEV_IDENTITIES bật).")
            )
        office = office_from(options) if options.get("office") else Office.objects.get_solo()
        first = Office.objects.get_solo()
        directory = Path(p12_path).parent
        # The development CA, and the first office's key where the settings find it (as before offices were many).
        pki, created = create_test_pki(
            directory,
            organisation=str(first),
            common_name=first.name,
            password=settings.SIGNING_P12_PASSWORD,
            force=force and office == first,
        )
        if pki.signer_p12 != Path(p12_path):
            pki.signer_p12.replace(p12_path)
        if created:  # a new CA: the test keys it did not issue would no longer be trusted
            for leaves in (identities.PEOPLE_DIR, identities.DEV_OFFICES_DIR):
                shutil.rmtree(directory / leaves, ignore_errors=True)
        key_path = p12_path
        if office != first:
            existed = identities.dev_office_key_path(office).is_file()
            key_path = identities.issue_dev_office_key(office, force=force)
            created = created or force or not existed
        if created:
            self.stdout.write(self.style.SUCCESS(_("Đã tạo chứng thư thử nghiệm trong %(dir)s.") % {"dir": directory}))
        else:
            self.stdout.write(
                _("Giữ nguyên khóa thử nghiệm đã có trong %(dir)s (dùng --force để tạo mới).") % {"dir": directory}
            )
        self.stdout.write(
            _("Cơ quan: %(office)s. Tệp khóa: %(p12)s; CA tin cậy: %(ca)s")
            % {"office": office, "p12": key_path, "ca": pki.ca_cert}
        )
