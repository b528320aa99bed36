from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from issuing.services import verify_document


def _yes_no(value):
    return _("có") if value else _("không")


def _time(moment):
    return timezone.localtime(moment).isoformat() if moment else "—"


class Command(BaseCommand):
    help = _("Kiểm tra chữ ký số của một tệp PDF; mã thoát 0 chỉ khi chữ ký nguyên vẹn và do cơ quan ta ký.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                content = handle.read()
        except OSError as error:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": error.strerror})
        report = verify_document(content)
        check = report.check
        lines = [
            _("Tệp: %(file)s") % {"file": file},
            _("SHA-256: %(sha)s") % {"sha": report.sha256},
        ]
        if check.refused:
            lines += [check.refused, *(_("Vấn đề: %(problem)s") % {"problem": problem} for problem in check.problems)]
            self.stdout.write("\n".join(lines))
            raise CommandError(_("Tệp không được xác thực là văn bản do cơ quan ký."))
        lines += [
            _("Có chữ ký số: %(value)s") % {"value": _yes_no(check.signed)},
            _("Chữ ký nguyên vẹn: %(value)s") % {"value": _yes_no(check.valid)},
        ]
        for number, signature in enumerate(check.signatures, 1):
            lines.append(_("Chữ ký %(number)s: %(signer)s") % {"number": number, "signer": signature.signer or "—"})
            lines += [
                "  " + _("Cơ quan: %(value)s") % {"value": signature.organisation or "—"},
                "  " + _("Thời điểm ký: %(value)s") % {"value": _time(signature.signed_at)},
                "  " + _("Dấu thời gian: %(value)s") % {"value": _time(signature.timestamped_at)},
                "  " + _("Nguyên vẹn: %(value)s") % {"value": _yes_no(signature.intact)},
            ]
            if number == len(check.signatures):
                lines.append(
                    "  " + _("bao trùm toàn bộ tệp: %(value)s") % {"value": _yes_no(signature.covers_whole_file)}
                )
            elif not signature.intact:
                lines.append("  " + _("sau chữ ký chỉ thêm chữ ký số: không xác định (chữ ký không còn nguyên vẹn)"))
            else:
                lines.append(
                    "  "
                    + _("sau chữ ký chỉ thêm chữ ký số: %(value)s")
                    % {"value": _yes_no(signature.later_changes_allowed)}
                )
        if check.intact:
            lines.append(_("Chứng thư được tin cậy: %(value)s") % {"value": _yes_no(check.trusted)})
        lines.append(_("Bản đã ban hành: %(value)s") % {"value": report.revision or _("không trùng bản nào")})
        if report.superseded_by:
            lines.append(
                _("Đã được thay thế bởi: %(revision)s (%(url)s)")
                % {"revision": report.superseded_by, "url": settings.SITE_URL + report.superseded_by.get_absolute_url()}
            )
        if report.approver_only:
            lines.append(
                _("Chỉ có chữ ký của người có thẩm quyền, chưa có chữ ký số và dấu của cơ quan: CHƯA ban hành.")
            )
        lines += [_("Vấn đề: %(problem)s") % {"problem": problem} for problem in check.problems]
        self.stdout.write("\n".join(lines))
        if not report.ok:
            raise CommandError(_("Tệp không được xác thực là văn bản do cơ quan ký."))
        self.stdout.write(self.style.SUCCESS(_("Xác thực thành công.")))
