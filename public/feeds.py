"""RSS feeds of an office's issued plans and of its published weekly schedules, newest first.

RSS 2.0 readers treat a title and a description as HTML. The XML writer escapes once for XML;
the text is HTML-escaped first, so a title typed with ``<script>`` reaches the reader as the
text ``<script>``, never as markup.

Its links are absolute at ``SITE_URL`` (Django's feed would take the request's Host and scheme): the
feed is kept and served to every reader.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import MonthlyPlan
from agenda.offices import FIRST_OFFICE_PK
from public.cache import site_url
from weekly.models import WeekRevision


class PublishedPlansFeed(Feed):
    """The office's feed (``office``: the Office that agenda.offices.office_view passes)."""

    def get_object(self, request, office):
        return office

    def title(self, office):
        return escape(_("Chương trình công tác đã ban hành – %(office)s") % {"office": office.reading_name})

    def description(self, office):
        return escape(
            _("Chương trình công tác tháng của %(office)s, khi được ban hành hoặc điều chỉnh.")
            % {"office": office.reading_name}
        )

    def link(self, office):
        return site_url(reverse("public:archive", kwargs={"office": office}))

    def feed_url(self, office):
        return site_url(reverse("public:feed", kwargs={"office": office}))

    def items(self, office):
        return MonthlyPlan.objects.of(office).published().order_by("-published_at", "-pk")[:24]

    def item_title(self, plan):
        return escape(plan.display_title)

    def item_description(self, plan):
        issued = plan.header_date
        number = f"Số {plan.number}. " if plan.number else ""
        return escape(_("%(number)sBan hành %(date)s.") % {"number": number, "date": dates.long_date(issued)})

    def item_link(self, plan):
        return site_url(plan.get_absolute_url())

    def item_guid(self, plan):
        """Stable: the first office's items keep the guid they had before offices were many (their address
        then), so that a reader does not list them again."""
        path = plan.get_absolute_url()
        if plan.office_id == FIRST_OFFICE_PK:
            path = "/" + path.split("/", 2)[2]
        return f"{path}#ban-{plan.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, plan):
        return plan.published_at

    def item_updateddate(self, plan):
        return plan.published_at


class PublishedWeeksFeed(Feed):
    """The office's leaders' weekly schedules, each publishing an item (the week, then each adjustment), newest
    first: a reader learns of "Điều chỉnh lần N" as of the week itself."""

    def get_object(self, request, office):
        return office

    def title(self, office):
        return escape(_("Lịch công tác tuần – %(office)s") % {"office": office.reading_name})

    def description(self, office):
        return escape(
            _("Lịch công tác tuần của lãnh đạo %(office)s, khi được công bố hoặc điều chỉnh.")
            % {"office": office.reading_name}
        )

    def link(self, office):
        return site_url(reverse("public:week_current", kwargs={"office": office}))

    def feed_url(self, office):
        return site_url(reverse("public:week_feed", kwargs={"office": office}))

    def items(self, office):
        revisions = WeekRevision.objects.of(office).defer("snapshot").order_by("-published_at", "-pk")[:24]
        for revision in revisions:
            revision.office = office
        return revisions

    def item_title(self, revision):
        title = _("Lịch công tác tuần %(week)02d/%(year)d") % {"week": revision.iso_week, "year": revision.iso_year}
        if revision.number > 1:
            title += f" ({revision.label})"
        return escape(title)

    def item_description(self, revision):
        monday = revision.monday
        text = _("Từ ngày %(monday)s đến ngày %(sunday)s. Cập nhật lúc %(published)s.") % {
            "monday": dates.short_date(monday),
            "sunday": dates.short_date(monday + datetime.timedelta(days=6)),
            "published": timezone.localtime(revision.published_at).strftime("%H:%M %d/%m/%Y"),
        }
        changes = revision.changelog or {}
        count = sum(len(changes.get(kind, [])) for kind in ("added", "changed", "removed"))
        if revision.number > 1 and count:
            text += " " + _("%(count)d nội dung thay đổi.") % {"count": count}
        return escape(text)

    def item_link(self, revision):
        return site_url(self._path(revision))

    def item_guid(self, revision):
        return f"{self._path(revision)}#lan-{revision.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, revision):
        return revision.published_at

    def item_updateddate(self, revision):
        return revision.published_at

    @staticmethod
    def _path(revision):
        kwargs = {"office": revision.office, "year": revision.iso_year, "week": revision.iso_week}
        return reverse("public:week_detail", kwargs=kwargs)
