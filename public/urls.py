from django.urls import path

from public import revisions, views
from public.cache import artifact
from public.feeds import PublishedPlansFeed

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/", views.archive, name="archive"),
    path("ke-hoach/rss/", artifact(PublishedPlansFeed()), name="feed"),
    path("ke-hoach/<yyyy:year>/<mm:month>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<yyyy:year>/<mm:month>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/", revisions.revision_detail, name="revision_detail"),
    path("ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/pdf/", revisions.revision_pdf, name="revision_pdf"),
    path(
        "ke-hoach/<yyyy:year>/<mm:month>/ban/<int:number>/xac-thuc/", revisions.revision_verify, name="revision_verify"
    ),
    path("ke-hoach/<yyyy:year>/<mm:month>/lich.ics", views.plan_ics, name="plan_ics"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("co-quan/<slug:slug>/lich.ics", views.agency_ics, name="agency_ics"),
    path("xac-thuc/", revisions.verify, name="verify"),
    path("tim-kiem/", views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
]
