"""Every page fits a 360 px phone without sideways scrolling, and axe-core finds no violation on it.

axe-core comes from the axe-playwright-python package (tests/browser/conftest.py): no network.
"""

import re

import pytest
from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP, MEMBER_GROUP
from agenda.models import Office
from issuing import services as issuing
from programme.services import load_plan
from tests.browser.conftest import axe_violations
from tests.factories import plan_data
from tests.workspace.conftest import PASSWORD, make_user

PUBLIC_PAGES = [
    "/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/co-quan/",
    "/bac-giang/co-quan/thanh-tra-tinh/",
    "/tim-kiem/",
    "/tim-kiem/?q=phong+chong+ma+tuy",
    "/xac-thuc/",
    "/bac-giang/ke-hoach/2024/01/ban/1/",
    "/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/",
]

# (who, page): the workspace as each role sees it, February 2024 a draft made from the issued January.
WORKSPACE_PAGES = [
    (None, "/van-phong/dang-nhap/"),
    ("chuyenvien", "/van-phong/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/moi/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/2024/02/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/2024/02/xem-truoc/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/2024/02/lich-su/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/2024/01/"),
    ("lanhdao", "/van-phong/bac-giang/ke-hoach/2024/02/"),
    ("sokhdt", "/van-phong/bac-giang/ho-so/"),
    ("sokhdt", "/van-phong/bac-giang/de-xuat/"),
    ("chuyenvien", "/van-phong/bac-giang/ke-hoach/2024/02/de-xuat/"),
    ("chuyenvien", "/van-phong/bac-giang/ho-so/2024/01/"),
    ("lanhdao", "/van-phong/bac-giang/ke-hoach/2024/03/ky/"),
    ("lanhdao", "/van-phong/bac-giang/tai-khoan/"),
    ("vanthu", "/van-phong/bac-giang/phat-hanh/"),
    ("vanthu", "/van-phong/bac-giang/ke-hoach/2024/04/"),
    ("uyvien", "/van-phong/bac-giang/phien-hop/"),
]


@pytest.fixture
def workspace(issued):
    from agenda.models import Agency
    from meetings.models import Item
    from workspace.services import create_plan_from_previous, moved_date

    carried = [(item, moved_date(item, 2024, 2)) for item in Item.objects.filter(plan=issued, part="session")[:2]]
    create_plan_from_previous(Office.objects.get_solo(), 2024, 2, source=issued, carried=carried)
    make_user("chuyenvien", EDITOR_GROUP)
    make_user("lanhdao", APPROVER_GROUP)
    make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))
    make_user("vanthu", CLERK_GROUP)
    make_user("uyvien", MEMBER_GROUP)
    # March waits for the approver's signature, April for the văn thư's seal.
    march, _created = load_plan(plan_data(2024, 3))
    issuing.submit(march, None)
    april, _created = load_plan(plan_data(2024, 4))
    april = issuing.submit(april, None)
    issuing.sign(april, None, expected_sha256=issuing.prepare_signing(april).sha256)
    return issued


def log_in(page, base_url, username):
    page.goto(f"{base_url}/van-phong/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile("dang-nhap"))


WIDER_THAN_VIEWPORT = """width => Array.from(document.querySelectorAll("body *"))
  .filter(el => el.getBoundingClientRect().right > width)
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "")
    + " right=" + Math.round(el.getBoundingClientRect().right))"""


def assert_fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (scroll_width, page.evaluate(WIDER_THAN_VIEWPORT, width))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_fits_a_360_px_phone(live_server, page, console_errors, issued, path):
    page.set_viewport_size({"width": 360, "height": 780})
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert_fits(page, 360)
    assert console_errors == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violation(live_server, page, console_errors, issued, path):
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert axe_violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize(("username", "path"), WORKSPACE_PAGES)
def test_workspace_page_has_no_accessibility_violation_and_fits_a_phone(
    live_server, page, console_errors, workspace, username, path
):
    if username:
        log_in(page, live_server.url, username)
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 780})
    assert_fits(page, 360)
    assert console_errors == []
