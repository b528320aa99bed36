"""The public URLs: the platform's pages, the old unprefixed URLs of the first office, then every office's pages
under its slug (``/<office>/…``, the canonical URLs: links, QR codes, feeds and calendars print them)."""

from django.urls import include, path

from agenda.offices import office_view
from public import legacy, platform, revisions, views, weekly
from public.cache import artifact
from public.feeds import PublishedPlansFeed, PublishedWeeksFeed

app_name = "public"

month = "ke-hoach/<yyyy:year>/<mm:month>/"
revision = f"{month}ban/<int:number>/"
plans_feed = artifact(office_view(PublishedPlansFeed()))
week = "lich-tuan/<yyyy:year>/<ww:week>/"  # the ISO week, two digits (weekly.converters)

office_urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/", views.archive, name="archive"),
    path("ke-hoach/rss/", plans_feed, name="feed"),
    path(month, views.plan_detail, name="plan_detail"),
    path(f"{month}pdf/", views.plan_pdf, name="plan_pdf"),
    path(f"{month}lich.ics", views.plan_ics, name="plan_ics"),
    path(revision, revisions.revision_detail, name="revision_detail"),
    path(f"{revision}pdf/", revisions.revision_pdf, name="revision_pdf"),
    path(f"{revision}xac-thuc/", revisions.revision_verify, name="revision_verify"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("co-quan/<slug:slug>/lich.ics", views.agency_ics, name="agency_ics"),
    path("tim-kiem/", views.search, name="search"),
    # The leaders' weekly schedule (issue 22): public.weekly.
    path("lich-tuan/", weekly.week_current, name="week_current"),
    path("lich-tuan/rss/", artifact(office_view(PublishedWeeksFeed())), name="week_feed"),
    path(week, weekly.week_detail, name="week_detail"),
    path(f"{week}pdf/", weekly.week_pdf, name="week_pdf"),
    path(f"{week}lich.ics", weekly.week_ics, name="week_ics"),
    path("lanh-dao/", weekly.leader_list, name="leader_list"),
    path("lanh-dao/<slug:slug>/lich.ics", weekly.leader_ics, name="leader_ics"),
]

# Printed before offices were many: the first office's, forever (public.legacy).
legacy_urlpatterns = [
    path("ke-hoach/", legacy.moved_to("archive"), name="legacy_archive"),
    path("ke-hoach/rss/", legacy.answered_for_the_first_office(plans_feed), name="legacy_feed"),
    path(month, legacy.moved_to("plan_detail"), name="legacy_plan_detail"),
    path(f"{month}pdf/", legacy.moved_to("plan_pdf"), name="legacy_plan_pdf"),
    path(f"{month}lich.ics", legacy.answered_for_the_first_office(views.plan_ics), name="legacy_plan_ics"),
    path(revision, legacy.moved_to("revision_detail"), name="legacy_revision_detail"),
    path(f"{revision}pdf/", legacy.moved_to("revision_pdf"), name="legacy_revision_pdf"),
    path(f"{revision}xac-thuc/", legacy.moved_to("revision_verify"), name="legacy_revision_verify"),
    path("co-quan/", legacy.moved_to("agency_list"), name="legacy_agency_list"),
    path("co-quan/<slug:slug>/", legacy.moved_to("agency_detail"), name="legacy_agency_detail"),
    path(
        "co-quan/<slug:slug>/lich.ics",
        legacy.answered_for_the_first_office(views.agency_ics),
        name="legacy_agency_ics",
    ),
]

urlpatterns = [
    path("", platform.platform_home, name="platform_home"),
    path("tim-kiem/", platform.platform_search, name="platform_search"),
    path("xac-thuc/", revisions.verify, name="verify"),
    path("healthz", views.healthz, name="healthz"),
    *legacy_urlpatterns,
    path("<office:office>/", include(office_urlpatterns)),
]
