"""A department's dossier page with a long history: the working copies, this month, the months ahead and
the three before; older plans one year a page (?nam=); a cost that does not grow with the history."""

import datetime
import re

import pytest

from access.roles import DEPARTMENT_GROUP
from agenda.models import Agency
from meetings.models import Item
from programme.services import load_plan
from tests.conftest import make_user
from tests.factories import kept_for_the_group, months_up_to, plan_data, publish_months

TODAY = datetime.date(2025, 6, 19)
PAGE = "/van-phong/bac-giang/ho-so/"
# As tests/workspace/test_editing.py::test_dossier_page_runs_a_fixed_number_of_queries.
DOSSIER_PAGE_QUERIES = 9


def plan_title(year, month):
    return f"Công tác của UBND tỉnh tháng {month} năm {year}"  # plan_data's title


@pytest.fixture(scope="class")
def five_months(django_db_setup, django_db_blocker):
    """January 2023 and four months of 2025 around TODAY, issued once for a class."""
    with kept_for_the_group(django_db_blocker):
        yield publish_months([(2023, 1), (2025, 2), (2025, 3), (2025, 6), (2025, 7)])


@pytest.fixture
def noi_vu_user(db):
    def login(client):
        user = make_user("sonoivu", DEPARTMENT_GROUP, agency=Agency.objects.get(slug="so-noi-vu"))
        client.force_login(user)
        return user

    return login


class TestFiveMonths:
    def test_the_page_shows_working_copies_the_recent_months_and_links_to_each_year(
        self, five_months, client, noi_vu_user, today
    ):
        load_plan(plan_data(2025, 8))  # the draft of next month
        noi_vu_user(client)
        today(TODAY)
        page = client.get(PAGE).content.decode()
        for month in [(2025, 3), (2025, 6), (2025, 7), (2025, 8)]:
            assert plan_title(*month) in page
        for month in [(2025, 2), (2023, 1)]:
            assert plan_title(*month) not in page
        assert re.findall(r'href="/van-phong/bac-giang/ho-so/(?:\?nam=(\d+))?"', page) == ["", "2025", "2023"]
        oldest = client.get(PAGE, {"nam": "2023"}).content.decode()
        assert plan_title(2023, 1) in oldest and plan_title(2025, 6) not in oldest
        for item in Item.objects.filter(plan__year=2023, assignments__agency__slug="so-noi-vu"):
            assert f'id="hs-{item.pk}"' in oldest
        for year in ["2024", "1999", "hai-nghin"]:
            assert client.get(PAGE, {"nam": year}).status_code == 404

    def test_marking_an_old_items_dossier_returns_to_the_page_of_its_year(
        self, five_months, client, noi_vu_user, today
    ):
        old, recent = five_months[(2023, 1)], five_months[(2025, 6)]
        noi_vu_user(client)
        today(TODAY)
        for plan, expected in ((old, f"{PAGE}?nam=2023"), (recent, PAGE)):
            item = plan.items.filter(assignments__agency__slug="so-noi-vu").first()
            response = client.post(
                f"/van-phong/bac-giang/noi-dung/{item.pk}/ho-so/", {f"hs-{item.pk}-note": "Đã gửi bản giấy"}
            )
            assert response.status_code == 302
            assert response["Location"] == f"{expected}#hs-{item.pk}"
            assert f'id="hs-{item.pk}"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("months", [5, 13], ids=["5-months", "13-months"])
def test_the_page_keeps_its_query_count_and_size_whatever_the_history(
    client, noi_vu_user, today, django_assert_num_queries, months
):
    publish_months(months_up_to(months))
    noi_vu_user(client)
    today(TODAY)
    client.get(PAGE)
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        page = client.get(PAGE).content.decode()
    per_month = Item.objects.filter(plan__year=2025, plan__month=7, assignments__agency__slug="so-noi-vu").count()
    assert page.count('class="card mb-2') == 5 * per_month  # March to July, however long the history
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        assert client.get(PAGE, {"nam": "2025"}).status_code == 200
