"""The ``--office SLUG`` option of the management commands: which office a command works for. Optional while
the installation has one office; required once it has several."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agenda.offices import Office


def add_office_argument(parser):
    parser.add_argument(
        "--office",
        metavar="SLUG",
        help=_("Đường dẫn của cơ quan ban hành (không bắt buộc khi hệ thống chỉ có một cơ quan)."),
    )


def office_from(options):
    """The office ``--office`` names, or the only one; a CommandError in Vietnamese otherwise."""
    slug = options.get("office")
    try:
        return Office.objects.for_option(slug)
    except Office.DoesNotExist:
        raise CommandError(_("Không có cơ quan nào có đường dẫn “%(slug)s”.") % {"slug": slug}) from None
    except Office.MultipleObjectsReturned:
        slugs = ", ".join(Office.objects.order_by("pk").values_list("slug", flat=True))
        raise CommandError(
            _("Hệ thống có nhiều cơ quan: chọn một bằng --office (%(slugs)s).") % {"slugs": slugs}
        ) from None
