"""The public pages run a fixed number of queries, whatever the plan's size."""

import pytest

from meetings.models import Item

# Plan page: plan, priority tasks, sessions, items (+ session), item agencies, office.
PLAN_PAGE_QUERIES = 7  # with the list of issued revisions
# Agency page: agency, office, its items (+ plan, session), their agencies, the changes concerning it.
AGENCY_PAGE_QUERIES = 5
# Search: count, one page of hits (ids in rank order), their items (+ plan, session), the items' agencies,
# their priority tasks (+ plan). A page without items or without tasks skips their queries.
SEARCH_QUERIES = 5


@pytest.fixture(params=["sample", "twenty_times"])
def plan(request, published_sample):
    if request.param == "sample":
        return published_sample
    return request.getfixturevalue("big_plan")


def test_big_plan_is_twenty_times_the_sample(published_sample, big_plan):
    assert big_plan.items.count() >= 20 * published_sample.items.count()
    assert big_plan.sessions.count() > 10
    assert Item.objects.filter(plan=big_plan).values("assignments__agency").distinct().count() >= 200


def test_plan_page_query_count_is_fixed(client, plan, django_assert_num_queries):
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(plan.get_absolute_url())
    assert response.status_code == 200


def test_home_query_count_is_fixed(client, plan, django_assert_num_queries, today):
    today(plan.first_day)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get("/")
    assert plan.display_title in response.content.decode()


def test_agency_page_query_count_is_fixed(client, plan, django_assert_num_queries):
    agency = Item.objects.filter(plan=plan).order_by("pk").first().ordered_agencies[0]
    assert Item.objects.filter(plan=plan, assignments__agency=agency).exists()
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = client.get(agency.get_absolute_url())
    assert response.status_code == 200


def test_busiest_agency_page_query_count_is_fixed(client, plan, django_assert_num_queries):
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = client.get("/co-quan/cong-an-tinh/")
    assert "Hạn gửi hồ sơ:" in response.content.decode()


def test_search_query_count_is_fixed(client, plan, django_assert_num_queries):
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get("/tim-kiem/", {"q": "phong chong"})
    html = response.content.decode()
    assert "#muc-" in html and "#nhiem-vu-" in html  # items and priority tasks on the page


@pytest.fixture(params=[0, 12])
def archive(request, published_sample):
    """The sample and ``param`` more months of the same content, issued (the status is what search reads:
    these plans are not signed, to keep the test fast)."""
    from django.utils import timezone

    from agenda.models import MonthlyPlan
    from agenda.services import load_plan
    from tests.factories import plan_data

    for month in range(1, request.param + 1):
        plan, _created = load_plan(plan_data(2023, month))
        MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.PUBLISHED, published_at=timezone.now())
    return MonthlyPlan.objects.published().count()


def test_search_query_count_is_fixed_whatever_the_archive(client, archive, django_assert_max_num_queries):
    from public.views import SEARCH_PAGE_SIZE

    with django_assert_max_num_queries(SEARCH_QUERIES) as first:
        response = client.get("/tim-kiem/", {"q": "phong chong"})
    html = response.content.decode()
    assert len(first.captured_queries) == SEARCH_QUERIES
    assert "#muc-" in html and "#nhiem-vu-" in html
    total = response.context["page"].paginator.count
    assert total >= 4 * archive  # per plan: two items and two tasks at least
    if archive > 1:
        assert total > SEARCH_PAGE_SIZE
    for number in range(2, response.context["page"].paginator.num_pages + 1):
        with django_assert_max_num_queries(SEARCH_QUERIES):
            page = client.get("/tim-kiem/", {"q": "phong chong", "trang": number})
        assert page.status_code == 200 and "#muc-" in page.content.decode()
