"""Nothing of a draft reaches the public (page, PDF, calendars, agency pages, feed, platform home); the answers
are kept until the office publishes; the pages run a fixed number of queries, whatever the week's size; the
commune office has its own week, apart from the province's."""

import datetime
import subprocess

import pytest
from icalendar import Calendar

from tests.offices import create_commune
from weekly.models import Leader
from weekly.services import build_week

from .conftest import add_draft_entry, add_many_entries, publish_week, publish_week_3

SECRET = "Nội dung dự thảo chưa công bố"
WEEK_URLS = [
    "/bac-giang/lich-tuan/2024/03/",
    "/bac-giang/lich-tuan/2024/03/pdf/",
    "/bac-giang/lich-tuan/2024/03/lich.ics",
    "/bac-giang/lanh-dao/chu-tich/lich.ics",
    "/bac-giang/co-quan/so-tu-phap/",
    "/bac-giang/co-quan/so-tu-phap/lich.ics",
    "/bac-giang/lich-tuan/rss/",
    "/bac-giang/lich-tuan/",
]


@pytest.fixture
def in_week_3(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2024, 1, 16))


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_week_never_published_shows_nothing_of_its_draft(
    client, office, issued_january, leaders, in_week_3, tmp_path
):
    week, _added = build_week(office, 2024, 3)
    add_draft_entry(week, SECRET)
    for url in ("/bac-giang/lich-tuan/2024/03/pdf/", "/bac-giang/lich-tuan/2024/03/lich.ics"):
        assert client.get(url).status_code == 404, url
    response = client.get("/bac-giang/lich-tuan/2024/03/")
    assert response.status_code == 200  # this week: the empty state
    assert "Chưa có lịch công tác tuần nào được công bố." in response.content.decode()
    for url in WEEK_URLS[3:]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable(url, body_of(response), tmp_path)
        assert SECRET not in text and "Phiên họp thường kỳ UBND tỉnh tháng 01/2024" not in text, url


def test_a_draft_change_after_publishing_stays_out_until_published(client, published, in_week_3, tmp_path):
    week, _revision = published
    add_draft_entry(week, SECRET)
    client.logout()
    for url in WEEK_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in readable(url, body_of(response), tmp_path), url
    publish_week(week.__class__.objects.get(pk=week.pk), None, notify=False)
    # Published: every answer kept before is stale (public.signals), the entry is everywhere it belongs.
    for url in WEEK_URLS[:6]:
        assert SECRET in readable(url, body_of(client.get(url)), tmp_path), url


def readable(url, body, tmp_path):
    """What a reader gets of ``body``: a PDF's text (pdftotext), a calendar's summaries and descriptions (parsed:
    lines are folded), a page's or a feed's text."""
    if url.endswith("/pdf/"):
        path = tmp_path / "week.pdf"
        path.write_bytes(body)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
        return " ".join(text.decode().split())
    if url.endswith(".ics"):
        events = Calendar.from_ical(body).walk("VEVENT")
        return "\n".join(f"{event['SUMMARY']}\n{event.get('DESCRIPTION', '')}" for event in events)
    return body.decode()


def summaries(body):
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


def test_publishing_makes_the_kept_answers_stale(client, published, in_week_3, django_assert_num_queries):
    week, _revision = published
    client.get("/bac-giang/lich-tuan/2024/03/")
    with django_assert_num_queries(0):  # kept
        assert client.get("/bac-giang/lich-tuan/2024/03/").status_code == 200
    add_draft_entry(week, SECRET)
    with django_assert_num_queries(0):  # a draft changes nothing public
        client.get("/bac-giang/lich-tuan/2024/03/")
    publish_week(week.__class__.objects.get(pk=week.pk), None, notify=False)
    response = client.get("/bac-giang/lich-tuan/2024/03/")
    assert SECRET in response.content.decode() and "(Điều chỉnh lần 1)" in response.content.decode()


# The week's page: office, the week's revisions, the agencies' pages it names, the leaders it names.
WEEK_PAGE_QUERIES = 4
# The PDF and the week's calendar: office, the week's last revision.
WEEK_FILE_QUERIES = 2
# A leader's calendar: office, leader, the weeks of its window.
LEADER_CALENDAR_QUERIES = 3
# The RSS: office, the revisions.
FEED_QUERIES = 2
# The platform's home with two offices: the offices, their latest programmes, the offices whose week is published.
PLATFORM_HOME_QUERIES = 4


@pytest.fixture(params=["small", "big"])
def week_of_size(request, office, issued_january, leaders):
    week, _revision = publish_week_3(office)
    if request.param == "big":
        week = add_many_entries(week, 120)
        publish_week(week, None, notify=False)
    return request.param


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/bac-giang/lich-tuan/2024/03/", WEEK_PAGE_QUERIES),
        ("/bac-giang/lich-tuan/", WEEK_PAGE_QUERIES),
        ("/bac-giang/lich-tuan/2024/03/pdf/", WEEK_FILE_QUERIES),
        ("/bac-giang/lich-tuan/2024/03/lich.ics", WEEK_FILE_QUERIES),
        ("/bac-giang/lanh-dao/chu-tich/lich.ics", LEADER_CALENDAR_QUERIES),
        ("/bac-giang/lanh-dao/", 2),
        ("/bac-giang/lich-tuan/rss/", FEED_QUERIES),
    ],
)
def test_the_pages_run_a_fixed_number_of_queries(
    client, week_of_size, in_week_3, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    body = body_of(response)
    big = week_of_size == "big"
    if url.endswith(("03/", "lich-tuan/")):
        assert ("Làm việc với các cơ quan số 119" in body.decode()) == big
    elif url.endswith("03/lich.ics"):
        assert len(summaries(body)) == (123 if big else 3)


def test_the_platform_home_links_each_offices_week(client, published, in_week_3, django_assert_num_queries):
    commune = create_commune()
    with django_assert_num_queries(PLATFORM_HOME_QUERIES):
        body = client.get("/").content.decode()
    assert 'href="/bac-giang/lich-tuan/2024/03/"' in body and "Lịch công tác tuần 03/2024 của lãnh đạo" in body
    assert f'href="/{commune.slug}/lich-tuan/2024/03/"' not in body


def test_the_commune_has_its_own_week(client, published, in_week_3):
    commune = create_commune()
    chair = Leader.objects.create(office=commune, name="Hoàng Văn Bình", title="Chủ tịch", slug="chu-tich", order=0)
    from weekly.models import Entry, EntryLeader
    from weekly.services import get_or_create_week, save_entry

    week = get_or_create_week(commune, 2024, 3)
    data = {
        "date": datetime.date(2024, 1, 15),
        "half_day": Entry.HalfDay.MORNING,
        "start_time": datetime.time(7, 30),
        "content": "Giao ban UBND xã đầu tuần",
        "place": "Hội trường xã",
        "participants": "",
        "invited_text": "",
        "accompanying": "",
        "recurring": True,
        "leaders": [(chair, EntryLeader.Role.CHAIR)],
        "agencies": [],
        "invited": [],
    }
    save_entry(week, data, version=week.version)
    publish_week(week.__class__.objects.get(pk=week.pk), None, notify=False)
    page = client.get(f"/{commune.slug}/lich-tuan/2024/03/").content.decode()
    assert "Giao ban UBND xã đầu tuần" in page and "UBND xã Tân Yên" in page
    assert "Phiên họp thường kỳ UBND tỉnh" not in page
    assert "Giao ban UBND xã đầu tuần" not in client.get("/bac-giang/lich-tuan/2024/03/").content.decode()
    calendar = client.get(f"/{commune.slug}/lanh-dao/chu-tich/lich.ics").content.decode()
    assert "Giao ban UBND xã đầu tuần" in calendar and f"-{commune.slug}@" in calendar
    assert "Giao ban UBND xã đầu tuần" not in client.get("/bac-giang/lanh-dao/chu-tich/lich.ics").content.decode()
    assert "Giao ban UBND xã đầu tuần" not in client.get(f"/{commune.slug}/lich-tuan/2024/04/").content.decode()


def test_a_leaders_change_makes_the_leaders_page_stale(client, leaders, django_assert_num_queries):
    assert "Mai Sơn" in client.get("/bac-giang/lanh-dao/").content.decode()
    with django_assert_num_queries(0):
        client.get("/bac-giang/lanh-dao/")
    leader = leaders[1]
    leader.name = "Mai Sơn Hà"
    leader.save()
    assert "Mai Sơn Hà" in client.get("/bac-giang/lanh-dao/").content.decode()
