"""The public pages run a fixed number of queries, whatever the plan's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import MonthlyPlan
from meetings.models import Item
from tests.factories import publish_months

# Plan page: plan, priority tasks, sessions, items (+ session), item agencies, office.
PLAN_PAGE_QUERIES = 8  # with the list of issued revisions and the month's conclusion notices (conclusions)
# Agency page: agency, office, the years of its history, its items of the recent months and ahead
# (+ plan, session), their agencies, the changes concerning it (tests/public/test_agency_history.py: the
# same count whatever the history's length), the conclusion notices assigning it tasks (conclusions), its
# tasks of issued notices (followup.public, + lead, notice), the published weeks from this one on.
AGENCY_PAGE_QUERIES = 9
# Search: count, one page of hits (ids in rank order), their items (+ plan, session), the items' agencies,
# their priority tasks (+ plan). A page without items or without tasks skips their queries. One more: the office
# (/<office>/tim-kiem/), or the offices whose name matches, on the first page of the search of every office. One more
# on the first page of an office's search: its conclusion notices (conclusions).
SEARCH_QUERIES = 7


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


def test_agency_page_query_count_is_fixed(client, plan, django_assert_num_queries, today):
    today(plan.first_day)
    agency = Item.objects.filter(plan=plan).order_by("pk").first().ordered_agencies[0]
    assert Item.objects.filter(plan=plan, assignments__agency=agency).exists()
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = client.get(agency.get_absolute_url())
    assert response.status_code == 200


def test_busiest_agency_page_query_count_is_fixed(client, plan, django_assert_num_queries, today):
    today(plan.first_day)
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = client.get("/bac-giang/co-quan/cong-an-tinh/")
    assert "Hạn gửi hồ sơ:" in response.content.decode()


def search_page(client, query, page=1, url="/bac-giang/tim-kiem/"):
    """The search page and its query count, checked against what the page shows: a count, a page of
    hits, its items with their agencies (when it has items), its tasks (when it has tasks), and the office (or
    the matching offices, on the first page of the search of every office)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": query, "trang": page})
    html = response.content.decode()
    has_items, has_tasks = "#muc-" in html, "#nhiem-vu-" in html
    offices = url != "/tim-kiem/" or page == 1
    notices = url != "/tim-kiem/" and page == 1
    assert len(queries.captured_queries) == offices + notices + 2 + 2 * has_items + has_tasks <= SEARCH_QUERIES
    return response, has_items, has_tasks


@pytest.mark.parametrize("url", ["/bac-giang/tim-kiem/", "/tim-kiem/"])
def test_search_query_count_is_fixed(client, plan, url):
    response, has_items, _has_tasks = search_page(client, "phong chong", url=url)
    assert has_items and response.context["page"].paginator.count >= 4
    assert search_page(client, "tuyen quan", url=url)[1:] == (True, True)


@pytest.fixture(params=[0, 12])
def archive(request, published_sample):
    """The sample and ``param`` more months of the same content, issued."""
    publish_months((2023, month) for month in range(1, request.param + 1))
    return MonthlyPlan.objects.published().count()


@pytest.mark.parametrize("url", ["/bac-giang/tim-kiem/", "/tim-kiem/"])
def test_search_query_count_is_fixed_whatever_the_archive(client, archive, url):
    # "phong chong": per plan, two items with the words as typed in their title and two priority tasks.
    response, *_kinds = search_page(client, "phong chong", url=url)
    paginator = response.context["page"].paginator
    assert paginator.count >= 4 * archive
    if archive > 1:
        assert paginator.num_pages > 1
    kinds = [search_page(client, "phong chong", number, url=url)[1:] for number in paginator.page_range]
    assert any(items for items, _tasks in kinds) and any(tasks for _items, tasks in kinds)
    # "tuyen quan": per plan, a task and two items of equal rank, newest plan first: both on the page.
    assert search_page(client, "tuyen quan", url=url)[1:] == (True, True)
