"""The public pages run a fixed number of queries, whatever the plan's size."""

import pytest

from meetings.models import Item

# Plan page: plan, priority tasks, sessions, items (+ session), item agencies, office.
PLAN_PAGE_QUERIES = 7  # with the list of issued revisions
# Agency page: agency, office, the years of its history, its items of the recent months and ahead
# (+ plan, session), their agencies, the changes concerning it (tests/public/test_agency_history.py: the
# same count whatever the history's length).
AGENCY_PAGE_QUERIES = 6
# Search: count, one page of items (+ plan, session), their agencies.
SEARCH_QUERIES = 3


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
        response = client.get("/co-quan/cong-an-tinh/")
    assert "Hạn gửi hồ sơ:" in response.content.decode()


def test_search_query_count_is_fixed(client, plan, django_assert_num_queries):
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get("/tim-kiem/", {"q": "phong chong ma tuy"})
    assert "#muc-" in response.content.decode()
