"""Create an issuing office (a province's Office, a department, a commune's People's Committee).

    manage.py create_office xa-tan-yen --name "UBND XÃ TÂN YÊN" --parent-body "TỈNH BẮC NINH" \\
        --place "Tân Yên" --symbol CTr-UBND --code 000.00.31.H06 --level xa --parent bac-giang

Its headings, signer and deadlines start from the defaults of its level (agenda.offices.level_defaults: a
commune's People's Committee signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" under its own name, with no parent body
line unless --parent-body gives one) and are edited in the admin. The first office (the installation's own)
exists from the first migrate.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Office
from agenda.offices import level_defaults

LEVELS = {choice.value: choice for choice in Office.Level}


class Command(BaseCommand):
    help = gettext_lazy("Tạo một cơ quan ban hành chương trình công tác (tỉnh, sở, ngành hoặc xã).")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("Đường dẫn của cơ quan, ví dụ: xa-tan-yen."))
        parser.add_argument("--name", required=True, help=_("Tên cơ quan ban hành, ví dụ: UBND XÃ TÂN YÊN."))
        parser.add_argument(
            "--parent-body",
            help=_(
                "Cơ quan chủ quản (dòng trên của tiêu đề); mặc định: như của cơ quan cấp trên, không có đối với cấp xã."
            ),
        )
        parser.add_argument("--place", required=True, help=_("Địa danh ghi trước ngày tháng."))
        parser.add_argument("--symbol", required=True, help=_("Ký hiệu văn bản, ví dụ: CTr-UBND."))
        parser.add_argument("--code", required=True, help=_("Mã định danh điện tử, ví dụ: 000.00.31.H06."))
        parser.add_argument("--level", choices=sorted(LEVELS), default=Office.Level.PROVINCE.value)
        parser.add_argument("--parent", help=_("Đường dẫn của cơ quan cấp trên."))

    def handle(self, *args, slug, name, parent_body, place, symbol, code, level, parent, **options):
        parent_office = None
        if parent:
            parent_office = Office.objects.filter(slug=parent).first()
            if parent_office is None:
                raise CommandError(_("Không có cơ quan nào có đường dẫn “%(slug)s”.") % {"slug": parent})
        defaults = level_defaults(LEVELS[level], name)
        inherited = parent_office.parent_body if parent_office else Office._meta.get_field("parent_body").default
        usual_parent_body = defaults.pop("parent_body", inherited)  # a commune's UBND has none
        if parent_body is None:
            parent_body = usual_parent_body
        office = Office(
            **{**defaults, "document_symbol": symbol},
            slug=slug,
            name=name,
            parent_body=parent_body,
            place=place,
            code=code,
            level=LEVELS[level],
            parent=parent_office,
        )
        try:
            office.full_clean()
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        with transaction.atomic():
            office.save()
        self.stdout.write(_("Đã tạo cơ quan %(office)s (%(slug)s).") % {"office": office, "slug": office.slug})


def _describe(error):
    """The refusal as lines "field: message", in Vietnamese, for whoever runs the command."""
    lines = []
    for field, messages in error.message_dict.items():
        label = Office._meta.get_field(field).verbose_name if field != "__all__" else ""
        lines.extend(f"{label}: {message}" if label else message for message in messages)
    return "\n".join(lines)
