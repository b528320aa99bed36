"""RSS feed of an office's issued notices (each revision: an amendment is news too), newest first. Titles
and descriptions are HTML-escaped once (readers take them as HTML); links are absolute at SITE_URL."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from conclusions.models import ConclusionRevision


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


class IssuedNoticesFeed(Feed):
    def get_object(self, request, office):
        return office

    def title(self, office):
        return escape(_("Thông báo kết luận đã ban hành – %(office)s") % {"office": office.reading_name})

    def description(self, office):
        return escape(_("Thông báo kết luận các phiên họp của %(office)s.") % {"office": office.reading_name})

    def link(self, office):
        return site_url(reverse("public:home", kwargs={"office": office}))

    def feed_url(self, office):
        return site_url(reverse("conclusions_public:feed", kwargs={"office": office}))

    def items(self, office):
        return ConclusionRevision.objects.without_pdf().of(office).order_by("-issued_at", "-pk")[:24]

    def item_title(self, revision):
        return escape(revision.title)

    def item_description(self, revision):
        return escape(
            _("Số %(number)s, ngày %(date)s.")
            % {"number": revision.register_label, "date": revision.issue_date.strftime("%d/%m/%Y")}
        )

    def item_link(self, revision):
        return site_url(revision.get_absolute_url())

    def item_guid(self, revision):
        return f"{revision.get_absolute_url()}#{revision.sha256[:16]}"

    item_guid_is_permalink = False

    def item_pubdate(self, revision):
        return revision.issued_at
