"""The leaders' weekly schedule end to end in Chromium (issue 22): the Office's editor builds week 3 of 2024 from
the issued January in the workspace, the approver publishes it, a department (Sở KHĐT) finds the entry it
prepares on its page, and a visitor opens the week, finds a leader's subscription link and reads the calendar
it points to; the public pages of the week are axe-clean and fit a 360 px phone."""

import datetime
import re
import subprocess

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP
from agenda.models import Agency, Office
from issuing.services import publish_plan
from tests.browser.conftest import axe_violations
from tests.browser.test_layout_accessibility import assert_fits
from tests.browser.test_workspace import log_in, log_out
from tests.weekly.conftest import add_leaders
from tests.workspace.conftest import make_user
from weekly.models import WeekRevision

SESSION = "Phiên họp thường kỳ UBND tỉnh tháng 01/2024"
CONFERENCE = "Hội nghị tổng kết phong trào thi đua"


@pytest.fixture
def on_tuesday_of_week_3(monkeypatch):
    """The clock reads Tuesday 16 January 2024 (the live server runs in this process)."""
    real_localdate = datetime.date

    def localdate(value=None, timezone=None):
        from django.utils.timezone import localtime

        return real_localdate(2024, 1, 16) if value is None else localtime(value, timezone).date()

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def january(sample_plan, on_tuesday_of_week_3):
    publish_plan(sample_plan)
    office = Office.objects.get_solo()
    add_leaders(office)
    make_user("chuyenvien", EDITOR_GROUP)
    make_user("lanhdao", APPROVER_GROUP)
    make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))
    return office


def test_a_week_is_built_published_read_by_a_department_and_subscribed_to(live_server, page, console_errors, january):
    # The editor builds week 3 from the issued January in the workspace.
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/van-phong/bac-giang/lich-tuan/2024/03/")
    page.get_by_role("button", name="Lập từ chương trình tháng").click()
    expect(page.locator("main")).to_contain_text(SESSION)
    expect(page.locator("main")).to_contain_text(CONFERENCE)
    expect(page.get_by_role("link", name="Xem trước và phát hành")).to_have_count(0)  # editors may not publish
    log_out(page)

    # The approver reviews and publishes it.
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/van-phong/bac-giang/lich-tuan/2024/03/")
    page.get_by_role("link", name="Xem trước và phát hành").click()
    expect(page.locator("main")).to_contain_text("Lần phát hành đầu tiên của tuần: 3 mục.")
    page.get_by_role("button", name="Phát hành").click()
    expect(page.locator("main")).not_to_contain_text("Lần phát hành đầu tiên")
    revision = WeekRevision.objects.get(office=january, iso_year=2024, iso_week=3)
    assert revision.number == 1
    log_out(page)

    # Sở KHĐT, which prepares the Friday session, finds it on its page.
    log_in(page, live_server.url, "sokhdt")
    page.goto(f"{live_server.url}/bac-giang/co-quan/so-ke-hoach-va-dau-tu/")
    week_section = page.locator("[data-agency-week]")
    expect(week_section).to_contain_text(SESSION)
    expect(week_section).to_contain_text("chủ trì")
    week_section.get_by_role("link", name=SESSION).click()
    expect(page).to_have_url(re.compile(r"/bac-giang/lich-tuan/2024/03/#muc-"))
    log_out_of_public(page, live_server)

    # A visitor opens the week, sees today (Tuesday) and subscribes to the Chairman's calendar.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/bac-giang/lich-tuan/2024/03/")
    expect(page.get_by_role("heading", level=1)).to_have_text("LỊCH CÔNG TÁC TUẦN 03/2024")
    expect(page.locator("[data-today] h2")).to_contain_text("Thứ Ba, 16/01/2024")
    subscribe = page.get_by_role("link", name="Đăng ký theo dõi lịch – Chủ tịch Nguyễn Văn Gấu")
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://.+/bac-giang/lanh-dao/chu-tich/lich\.ics$"))
    calendar_url = page.get_by_role("link", name="Thêm vào lịch (iCalendar) – Chủ tịch Nguyễn Văn Gấu").get_attribute(
        "href"
    )
    calendar = Calendar.from_ical(page.request.get(f"{live_server.url}{calendar_url}").body())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [SESSION]
    assert console_errors == []


def log_out_of_public(page, live_server):
    """Back to the workspace to sign out (the public pages have no account menu)."""
    page.goto(f"{live_server.url}/van-phong/")
    log_out(page)


@pytest.fixture
def published_week(january):
    from weekly.publishing import publish_week
    from weekly.services import build_week

    week, _added = build_week(january, 2024, 3)
    return publish_week(week, None, notify=False)


@pytest.mark.parametrize(
    "path",
    [
        "/bac-giang/lich-tuan/2024/03/",
        "/bac-giang/lich-tuan/",
        "/bac-giang/lanh-dao/",
        "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/",
        "/bac-giang/lich-tuan/2024/05/?",  # a week not published: its empty state (a 404)
    ],
)
def test_the_week_pages_are_axe_clean_at_360_px(live_server, page, console_errors, published_week, path):
    page.set_viewport_size({"width": 360, "height": 780})
    response = page.goto(f"{live_server.url}{path.rstrip('?')}")
    assert response.status == (404 if path.endswith("?") else 200)
    assert_fits(page, 360)
    assert axe_violations(page) == []
    expected = (
        ("404 ", "Failed to load resource: the server responded with a status of 404") if path.endswith("?") else ()
    )
    assert [error for error in console_errors if not error.startswith(expected or "\0")] == []


def test_the_week_prints_on_a4_landscape(live_server, page, published_week, tmp_path):
    """Chromium's own print of the page (what "In" gives): landscape pages, the navigation left out."""
    page.goto(f"{live_server.url}/bac-giang/lich-tuan/2024/03/")
    page.emulate_media(media="print")
    expect(page.locator(".week-nav")).to_be_hidden()
    path = tmp_path / "printed.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size: +841\.\d+ x 59[45]\.\d+ pts", info), info  # 297 x 210 mm
