"""The public pages of issued notices, under ``/<office>/ket-luan/`` (ubnd_schedule.urls)."""

from django.urls import path

from agenda.offices import office_view
from conclusions import public_views
from conclusions.feeds import IssuedNoticesFeed

app_name = "conclusions_public"

day = "<yyyy:year>/<mm:month>/<dd:day>/"
revision = f"{day}ban/<int:number>/"

urlpatterns = [
    path("rss/", office_view(IssuedNoticesFeed()), name="feed"),
    path(day, public_views.notice_detail, name="notice"),
    path(f"{day}pdf/", public_views.notice_pdf, name="notice_pdf"),
    path(revision, public_views.revision_detail, name="revision"),
    path(f"{revision}pdf/", public_views.revision_pdf, name="revision_pdf"),
]
