"""Warming the kept public pages of a freshly issued programme (public.tasks): after the issue commits, the
office's main pages are answered from the cache, without a query, by the first visitor already."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from issuing.services import publish_plan
from public.tasks import pages_of

PAGES = ["/bac-giang/", "/bac-giang/ke-hoach/", "/bac-giang/co-quan/", "/bac-giang/ke-hoach/rss/"]


def test_issuing_warms_the_offices_main_pages(
    settings, client, february, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.WARM_PUBLIC_PAGES = True
    with django_capture_on_commit_callbacks(execute=True):
        plan = publish_plan(february)
    assert pages_of(plan) == [*PAGES, "/bac-giang/ke-hoach/2024/02/", "/"]
    for path in pages_of(plan):
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response.status_code == 200, path
    assert "tháng 02 năm 2024" in client.get("/bac-giang/ke-hoach/2024/02/").content.decode()


def test_without_warming_the_first_visitor_renders(settings, client, february, django_capture_on_commit_callbacks):
    settings.WARM_PUBLIC_PAGES = False  # the default without a broker: one machine, as before
    with django_capture_on_commit_callbacks(execute=True):
        publish_plan(february)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bac-giang/").status_code == 200
    assert len(queries) > 0
