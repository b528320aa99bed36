"""The public site in a real browser: a visitor reads the plan, finds their agency, searches, on a phone too."""

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.reference import assert_paragraphs_in_order

# The screenshot goes to test-results/ (git-ignored); `UPDATE_DOCS=1 make test` refreshes the copy in docs/.
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ("docs" if os.environ.get("UPDATE_DOCS") else "test-results")


def test_visitor_reads_the_plan_and_follows_an_agency_to_its_deadline(live_server, page, console_errors, issued):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Công tác của UBND tỉnh tháng 01 năm 2024")
    assert_paragraphs_in_order(page.locator("main").inner_text())

    page.get_by_role("link", name="Thanh tra tỉnh").first.click()
    expect(page).to_have_url(f"{live_server.url}/bac-giang/co-quan/thanh-tra-tinh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh tra tỉnh")
    expect(page.get_by_text("Dự thảo Kế hoạch công tác phòng, chống tham nhũng trên địa bàn năm 2024")).to_be_visible()
    expect(page.locator(".deadline")).to_have_text("Hạn gửi hồ sơ: Ngày 12/01/2024 (thứ Sáu)")
    assert console_errors == []


def test_visitor_searches_without_diacritics_and_lands_on_the_item(live_server, page, console_errors, issued):
    page.goto(f"{live_server.url}/tim-kiem/")
    page.get_by_role("main").get_by_label("Tìm nội dung", exact=True).fill("phong chong ma tuy")
    page.get_by_role("main").get_by_role("button", name="Tìm").click()
    result = page.get_by_role("link", name="Kế hoạch công tác phòng, chống ma túy năm 2024 (Công an tỉnh chuẩn bị)")
    expect(result).to_be_visible()

    page.goto(f"{live_server.url}/tim-kiem/?q=ke+hoach+dau+tu")
    expect(page.locator(".search-result").first).to_contain_text("Sở Kế hoạch và Đầu tư chuẩn bị")
    expect(page.locator(".search-result mark").first).to_have_text("Kế")  # the words found, highlighted
    found = page.locator(".search-result > a").all_inner_texts()  # the titles (not the offices that issued them)
    # The department's two session items and the conference it co-prepares, and a priority task (part A)
    assert len(found) == 4
    items = [text for text in found if "chuẩn bị)" in text]
    assert len(items) == 3
    assert all("(Sở Kế hoạch và Đầu tư chuẩn bị)" in text or "Sở KHĐT chuẩn bị)" in text for text in items)

    page.goto(f"{live_server.url}/tim-kiem/?q=phong+chong+ma+tuy")
    page.locator(".search-result > a").first.click()
    assert "#muc-" in page.url
    target = page.locator(":target")
    expect(target).to_have_text("8. Kế hoạch công tác phòng, chống ma túy năm 2024 (Công an tỉnh chuẩn bị);")
    assert console_errors == []


def test_phone_reads_the_plan_without_sideways_scrolling(live_server, page, console_errors, issued):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.doc-item')).fontSize)")
    assert font_size >= 16
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "screenshot-mobile.png"))
    page.get_by_role("button", name="Mở menu").click()
    expect(page.get_by_role("link", name="Cơ quan", exact=True)).to_be_visible()
    assert console_errors == []


def test_visitor_switches_to_english_and_back(live_server, page, console_errors, issued):
    page.goto(f"{live_server.url}/bac-giang/co-quan/thanh-tra-tinh/")
    page.get_by_role("link", name="English").click()
    expect(page.locator(".deadline")).to_contain_text("Dossier deadline:")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator(".deadline")).to_contain_text("Hạn gửi hồ sơ:")
    assert console_errors == []
