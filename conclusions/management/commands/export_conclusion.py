import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda.commands import add_office_argument, office_from
from conclusions.chain import notice_data
from conclusions.document import build_notice
from conclusions.drafting import conclusions_for_document
from conclusions.models import ConclusionRevision, ConclusionSettings
from conclusions.rendering import render_notice, render_notice_docx


class Command(BaseCommand):
    help = _(
        "Xuất thông báo kết luận của phiên họp ngày YYYY-MM-DD: JSON (nạp lại được), PDF (bản đã ký khi đã "
        "ban hành) hoặc Word."
    )

    def add_arguments(self, parser):
        parser.add_argument("date")
        parser.add_argument("--format", choices=["json", "pdf", "docx"], default="json")
        parser.add_argument("--output", "-o", default="", help=_("tệp ghi ra (mặc định: màn hình)"))
        add_office_argument(parser)

    def handle(self, *args, date, format, output, **options):
        office = office_from(options)
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(_("“%(value)s” không phải là ngày hợp lệ (YYYY-MM-DD).") % {"value": date}) from None
        conclusion = conclusions_for_document().filter(office=office, session_date=day, conference__isnull=True).first()
        if conclusion is None:
            raise CommandError(_("Chưa có thông báo kết luận phiên họp ngày %(date)s.") % {"date": f"{day:%d/%m/%Y}"})
        content = self.render(conclusion, format)
        if output:
            with open(output, "wb") as stream:
                stream.write(content)
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    def render(self, conclusion, format):
        if format == "json":
            return (json.dumps(notice_data(conclusion), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        latest = ConclusionRevision.objects.filter(conclusion=conclusion).order_by("-number").first()
        if format == "pdf" and latest is not None and conclusion.status == conclusion.Status.ISSUED:
            return bytes(latest.pdf)
        settings = ConclusionSettings.of(conclusion.office)
        if latest is not None and conclusion.status == conclusion.Status.ISSUED:
            document = build_notice(conclusion.office, settings, latest.snapshot, final=True)
        else:
            document = build_notice(conclusion.office, settings, notice_data(conclusion))
        if format == "pdf":
            return render_notice(document).content
        return render_notice_docx(document)
