import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agenda import dates
from agenda.commands import add_office_argument, office_from
from exports.docx import render_plan_docx
from exports.pdf import PdfRenderError
from issuing.services import plan_pdf
from programme.document import plans_for_document
from programme.interchange import plan_to_data


def _pdf(plan):
    """An issued plan: the stored signed bytes of its latest revision; a draft: the "DỰ THẢO" render."""
    try:
        return plan_pdf(plan)
    except PdfRenderError as error:
        raise CommandError(str(error)) from error


FORMATS = {
    "json": lambda plan: (json.dumps(plan_to_data(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    "pdf": _pdf,
    "docx": render_plan_docx,  # the Word working copy; the signed PDF stays the official document
}


class Command(BaseCommand):
    help = _("Xuất chương trình tháng ra tệp.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("month", type=int)
        parser.add_argument("--format", choices=sorted(FORMATS), default="json")
        parser.add_argument("-o", "--output", help=_("tệp ghi ra (mặc định: màn hình)"))
        add_office_argument(parser)

    def handle(self, *args, year, month, format, output, **options):
        office = office_from(options)
        plan = plans_for_document().filter(office=office, year=year, month=month).first()
        if plan is None:
            raise CommandError(_("Không có chương trình %(month)s.") % {"month": dates.month_label(year, month)})
        if not output and format != "json" and sys.stdout.isatty():
            raise CommandError(_("Định dạng %(format)s là tệp nhị phân: ghi ra tệp với -o TỆP.") % {"format": format})
        content = FORMATS[format](plan)
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(_("Đã ghi %(file)s.") % {"file": output})
        elif format == "json":
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
