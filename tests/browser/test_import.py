"""An editor imports a programme file from the new-month page, in Chromium: review beside the source, confirm."""

import re

from playwright.sync_api import expect

from access.permissions import EDITOR_GROUP
from agenda.models import MonthlyPlan
from meetings.models import Item
from tests.browser.test_workspace import log_in
from tests.reference import REFERENCE_TXT
from tests.workspace.conftest import make_user


def march_programme(tmp_path):
    """The reference moved to March 2024 (its weekdays now wrong) with an agency the directory lacks."""
    text = REFERENCE_TXT.read_text(encoding="utf-8").replace("01/2024", "03/2024").replace("tháng 01", "tháng 3")
    text = text.replace("địa bàn tỉnh năm 2024 (Sở Tư pháp chuẩn bị)", "địa bàn tỉnh năm 2024 (Ban Pháp chế chuẩn bị)")
    path = tmp_path / "chuong-trinh-thang-3.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_editor_imports_a_file_maps_an_agency_and_creates_the_draft(
    live_server, page, console_errors, sample_plan, tmp_path
):
    make_user("chuyenvien", EDITOR_GROUP)
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ke-hoach/moi/")
    page.get_by_label("Tệp chương trình (.docx, .pdf hoặc .txt)").set_input_files(str(march_programme(tmp_path)))
    page.get_by_role("button", name="Đọc tệp").click()

    expect(page.get_by_role("heading", name="Xem lại “chuong-trinh-thang-3.txt”")).to_be_visible()
    expect(page.get_by_role("strong").filter(has_text="Công tác của UBND tỉnh tháng 3 năm 2024")).to_be_visible()
    expect(page.get_by_text("ngày 19/3/2024 là thứ Ba, không phải “thứ Sáu”")).to_be_visible()
    expect(page.locator("tr[data-problem]").first).to_be_visible()
    page.get_by_label("Ban Pháp chế").select_option(label="Sở Tư pháp")
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận, tạo dự thảo").click()

    expect(page).to_have_url(re.compile(r"/van-phong/bac-giang/ke-hoach/2024/03/$"))
    expect(page.get_by_text("Đã tạo dự thảo tháng 3 năm 2024 từ tệp.")).to_be_visible()
    plan = MonthlyPlan.objects.get(year=2024, month=3)
    item = plan.items.get(part=Item.Part.CHAIRMAN, position=2)
    assert [agency.name for agency in item.ordered_agencies] == ["Sở Tư pháp"]
    assert console_errors == []
