"""An agency's page and calendar with a long history: what is ahead, the recent past, one page per year
for the rest, a calendar window of twelve months back, and a cost that does not grow with the history."""

import datetime
import re

import pytest

from agenda import dates
from agenda.models import Agency
from issuing.services import publish_plan
from meetings.models import Item
from programme.services import load_plan, start_amendment
from tests.factories import kept_for_the_group, load_and_publish, months_up_to, plan_data, publish_months
from tests.public.conftest import page_text
from tests.public.test_calendars import events_of
from tests.public.test_query_counts import AGENCY_PAGE_QUERIES
from tests.reference import normalise

# The year page: agency, office, the years of its history, that year's items (+ plan, session), their agencies,
# the year's changes concerning it, the conclusion notices assigning it tasks (conclusions).
AGENCY_YEAR_QUERIES = 7
# The page of an agency with nothing ahead or recent: agency, office, the years, its (empty) window, the
# changes concerning it, the items of its latest month (+ plan, session), their agencies, the conclusion
# notices assigning it tasks (conclusions), its tasks (followup), the published weeks.
AGENCY_LATEST_MONTH_QUERIES = 10
# The calendar: agency, office, its dated items of the window (+ plan, session), their agencies; its tasks'
# deadlines (followup); the published weeks of the window (their entries it prepares or is invited to).
AGENCY_CALENDAR_QUERIES = 6

TODAY = datetime.date(2025, 6, 19)  # the day of the regular session in plan_data(2025, 6)
MONTHS_AFTER = datetime.date(2026, 2, 19)  # seven months after the last month of a history (July 2025)
PAGE = "/bac-giang/co-quan/so-noi-vu/"  # a session item (the 19th), two chairman items, a conference (the 18th) a month
CALENDAR = "/bac-giang/co-quan/so-noi-vu/lich.ics"


def label(year, month):
    return dates.month_label(year, month)


def event_days(body):
    days = set()
    for event in events_of(body)[1].values():
        start = event.decoded("DTSTART")
        days.add(start.date() if isinstance(start, datetime.datetime) else start)
    return days


@pytest.fixture(scope="class", params=[3, 18], ids=["3-months", "18-months"])
def history(request, django_db_setup, django_db_blocker):
    """The last ``param`` months up to July 2025, issued once for the tests of a class."""
    with kept_for_the_group(django_db_blocker):
        yield publish_months(months_up_to(request.param))


@pytest.fixture(scope="class")
def sparse_months(django_db_setup, django_db_blocker):
    """Months ahead of TODAY, the three before, and older ones in other years, issued once for a class."""
    with kept_for_the_group(django_db_blocker):
        yield publish_months([(2023, 1), (2024, 11), (2025, 2), (2025, 3), (2025, 6), (2025, 7), (2026, 1)])


@pytest.fixture(scope="class")
def three_months(django_db_setup, django_db_blocker):
    """January 2023, and TODAY's month and the one before, issued once for a class."""
    with kept_for_the_group(django_db_blocker):
        yield publish_months([(2023, 1), (2025, 5), (2025, 6)])


class TestWhateverTheHistory:
    """The same pages and calendar over a short and a long history (the long one's months issued once)."""

    def test_agency_page_year_page_and_calendar_keep_their_query_counts_whatever_the_history(
        self, history, client, db, today, django_assert_num_queries
    ):
        today(TODAY)
        with django_assert_num_queries(AGENCY_PAGE_QUERIES):
            page = client.get(PAGE)
        assert "Hạn gửi hồ sơ:" in page.content.decode()
        with django_assert_num_queries(AGENCY_YEAR_QUERIES):
            year_page = client.get(PAGE, {"nam": 2025})
        assert label(2025, 5) in page_text(year_page)
        with django_assert_num_queries(AGENCY_CALENDAR_QUERIES):
            calendar = client.get(CALENDAR)
        assert TODAY in event_days(calendar.content)

    def test_an_agency_with_nothing_ahead_or_recent_shows_its_latest_months_items_in_fixed_queries(
        self, history, client, db, today, django_assert_num_queries
    ):
        today(MONTHS_AFTER)  # nothing since November 2025
        with django_assert_num_queries(AGENCY_LATEST_MONTH_QUERIES):
            response = client.get(PAGE)
        text = normalise(page_text(response))
        assert "Không có nội dung sắp tới." not in text and "Không có nội dung đã qua." not in text
        assert label(2025, 7) in text and label(2025, 6) not in text
        assert "Hạn gửi hồ sơ:" in text and 'class="agency-item"' in response.content.decode()

    @pytest.mark.parametrize("history", [18], ids=["18-months"], indirect=True)
    def test_page_and_calendar_stay_the_same_size_when_older_history_is_added(self, history, client, db, today):
        today(TODAY)
        # The history goes back to February 2024: the calendar's window and more.
        page, calendar = client.get(PAGE).content.decode(), client.get(CALENDAR).content
        publish_months([(2021, 8), (2022, 8), (2023, 8), (2024, 1)])  # the month before, and one a year back to 2021
        longer_page, longer_calendar = client.get(PAGE).content.decode(), client.get(CALENDAR).content
        assert longer_page.count('class="agency-item"') == page.count('class="agency-item"') > 0
        assert longer_calendar == calendar and event_days(calendar)
        assert f'href="{PAGE}?nam=2021"' in longer_page and f'href="{PAGE}?nam=2021"' not in page


class TestSparseMonths:
    def test_agency_page_shows_everything_ahead_and_the_last_three_months(self, sparse_months, client, db, today):
        today(TODAY)
        response = client.get(PAGE)
        text = normalise(page_text(response))
        upcoming, rest = text.split("Đã qua", 1)
        past, _years = rest.split("Các nội dung theo năm", 1)
        # Ahead: today's session and the month's undated items, next month, and a plan half a year ahead.
        for month in ((2025, 6), (2025, 7), (2026, 1)):
            assert label(*month) in upcoming
        assert dates.dated_label(TODAY, start=True) in upcoming
        # The recent past: this month's conference of yesterday, and the three months before.
        assert label(2025, 6) in past and dates.dated_label(datetime.date(2025, 6, 18), start=True) in past
        assert label(2025, 3) in past
        # Older months are on the year pages, not here.
        for month in ((2025, 2), (2024, 11), (2023, 1)):
            assert label(*month) not in upcoming + past
        links = re.findall(r'href="/bac-giang/co-quan/so-noi-vu/(?:\?nam=(\d+))?"', response.content.decode())
        assert links == ["", "2026", "2025", "2024", "2023"]  # this page first, then the years, newest first

    def test_year_pages_reach_the_oldest_item(self, sparse_months, client, db, today):
        plans = sparse_months
        today(TODAY)
        page = client.get(PAGE).content.decode()
        assert f'href="{PAGE}?nam=2023"' in page
        oldest = client.get(PAGE, {"nam": "2023"})
        assert oldest.status_code == 200
        html = oldest.content.decode()
        for item in plans[(2023, 1)].items.filter(assignments__agency__slug="so-noi-vu"):
            assert f'href="/bac-giang/ke-hoach/2023/01/#muc-{item.pk}"' in html
        assert label(2023, 1) in page_text(oldest) and 'aria-current="page">2023<' in html
        year = normalise(page_text(client.get(PAGE, {"nam": "2025"})))
        assert year.index(label(2025, 6)) < year.index(label(2025, 3)) < year.index(label(2025, 2))
        assert label(2024, 11) not in year


class TestThreeMonths:
    @pytest.mark.parametrize("year", ["2022", "2024", "2100", "1999", "hai-nghin", "2025.5"])
    def test_a_year_without_a_published_plan_or_not_a_year_is_not_found(self, three_months, client, db, today, year):
        today(TODAY)
        assert client.get(PAGE, {"nam": year}).status_code == 404

    def test_a_year_in_which_the_agency_had_nothing_says_so(self, three_months, client, db, today):
        data = plan_data(2024, 3)
        for item in data["chairman_items"] + [item for s in data["regular_sessions"] for item in s["items"]]:
            item["agencies"] = [name for name in item["agencies"] if name != "Sở Nội vụ"] or ["Sở Y tế"]
        for conference in data["conferences"]:
            conference["agencies"] = [name for name in conference["agencies"] if name != "Sở Nội vụ"]
        load_and_publish(data)
        today(TODAY)
        response = client.get(PAGE, {"nam": "2024"})
        assert response.status_code == 200
        assert "Cơ quan không có nội dung nào trong các chương trình đã ban hành của năm này." in page_text(response)
        assert 'class="agency-item"' not in response.content.decode()

    def test_unpublished_plans_never_appear_on_the_page_the_year_pages_or_the_calendar(
        self, three_months, client, db, today
    ):
        for year, month in ((2025, 7), (2027, 1)):
            data = plan_data(year, month)
            data["chairman_items"][0]["title"] = "Nội dung của một bản dự thảo chưa ban hành"
            load_plan(data)  # a draft
        today(TODAY)
        page = client.get(PAGE).content.decode()
        assert "bản dự thảo chưa ban hành" not in page and label(2025, 7) not in page_text(client.get(PAGE))
        assert f"{PAGE}?nam=2027" not in page
        assert client.get(PAGE, {"nam": "2027"}).status_code == 404
        assert "bản dự thảo chưa ban hành" not in client.get(PAGE, {"nam": "2025"}).content.decode()
        days = event_days(client.get(CALENDAR).content)
        assert days and not [day for day in days if (day.year, day.month) in ((2025, 7), (2027, 1))]

    def test_the_year_page_lists_that_years_changes_concerning_the_agency(self, three_months, client, db, today):
        plan, _created = load_and_publish(plan_data(2024, 3))
        amendment = start_amendment(plan)
        removed = Item.objects.filter(plan=amendment, assignments__agency__slug="so-noi-vu").order_by("pk").first()
        removed.delete()
        publish_plan(amendment)
        today(TODAY)
        assert "Thay đổi liên quan" not in client.get(PAGE).content.decode()  # March 2024 is not recent
        year = client.get(PAGE, {"nam": "2024"})
        text = normalise(page_text(year))
        assert "Thay đổi liên quan trong các lần điều chỉnh" in text
        assert removed.title in text and "Rút khỏi chương trình" in text
        assert 'href="/bac-giang/ke-hoach/2024/03/ban/2/"' in year.content.decode()
        other_year = normalise(page_text(client.get(PAGE, {"nam": "2025"})))
        assert "Thay đổi liên quan" not in other_year

    def test_an_agency_that_never_had_an_item_says_so_once(self, three_months, client, db, today):
        Agency.objects.create(name="Ban Quản lý dự án thử nghiệm", short_name="BQLDA thử nghiệm", is_listed=True)
        today(TODAY)
        text = normalise(page_text(client.get("/bac-giang/co-quan/ban-quan-ly-du-an-thu-nghiem/")))
        assert "Cơ quan chưa có nội dung nào trong các chương trình đã ban hành." in text
        assert "Không có nội dung sắp tới." not in text and "Đã qua" not in text


def test_calendar_holds_the_past_twelve_months_and_everything_ahead(client, db, today):
    plans = publish_months([(2024, 5), (2024, 6), (2024, 7), (2025, 6), (2025, 9)])
    today(TODAY)  # the window opens on 19/06/2024
    body = client.get(CALENDAR).content
    events, days = events_of(body)[1], event_days(body)

    def uids(month):
        return {f"{item.uid}@chuong-trinh-cong-tac.ubnd" for item in plans[month].items.all()}

    assert not uids((2024, 5)) & set(events)  # 13 months ago
    assert uids((2024, 7)) & set(events)  # 11 months ago
    assert datetime.date(2024, 6, 18) not in days  # June's conference, one day before the window
    assert datetime.date(2024, 6, 19) in days  # June's session, the window's first day
    assert {datetime.date(2024, 7, 18), datetime.date(2024, 7, 19)} <= days  # 11 months ago
    assert {datetime.date(2025, 6, 18), datetime.date(2025, 6, 19)} <= days  # this month
    assert {datetime.date(2025, 9, 18), datetime.date(2025, 9, 19)} <= days  # ahead
    page = client.get(PAGE).content.decode()
    assert "12 tháng qua và mọi nội dung sắp tới" in page  # the help says what the calendar holds


def test_the_calendar_window_starts_the_same_day_a_year_before():
    from exports.ics import calendar_window_start

    assert calendar_window_start(datetime.date(2025, 6, 19)) == datetime.date(2024, 6, 19)
    assert calendar_window_start(datetime.date(2025, 1, 31)) == datetime.date(2024, 1, 31)
    assert calendar_window_start(datetime.date(2025, 2, 28)) == datetime.date(2024, 2, 28)
    assert calendar_window_start(datetime.date(2024, 2, 29)) == datetime.date(2023, 2, 28)
