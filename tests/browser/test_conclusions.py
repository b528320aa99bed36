"""The story of issue 23 in Chromium, the Office's side: the Office drafts the notice of the session of 19/01/2024
from its items (a conclusion, a task with the agency picker, a deferred item), submits it; the approver signs it;
the văn thư seals it; the public sees it. (The department's report and the Office's confirmation: the follow-up's
browser test.)"""

import re

from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, CLERK_GROUP, EDITOR_GROUP
from conclusions.models import Conclusion, Task
from issuing.services import publish_plan
from tests.browser.test_workspace import SIGNING_TIMEOUT, log_in, log_out, pick_agency
from tests.workspace.conftest import make_user


def test_office_drafts_the_notice_approver_signs_clerk_seals(live_server, page, console_errors, sample_plan):
    publish_plan(sample_plan)
    make_user("chuyenvien", EDITOR_GROUP)
    make_user("lanhdao", APPROVER_GROUP)
    make_user("vanthu", CLERK_GROUP)

    log_in(page, live_server.url, "chuyenvien")
    page.get_by_role("link", name="Kết luận", exact=True).click()
    expect(page.get_by_role("heading", name="Thông báo kết luận phiên họp")).to_be_visible()
    page.get_by_role("button", name="Lập thông báo kết luận").click()
    expect(page.get_by_text("Đã lập dự thảo thông báo kết luận")).to_be_visible()

    first = page.locator("[data-entry='1']")
    first.get_by_label("Kết luận").fill("Thống nhất với dự thảo Báo cáo; chăm lo Tết cho người dân.")
    first.get_by_role("button", name="Lưu kết luận").click()
    expect(page.get_by_text("Đã lưu kết luận nội dung 1.")).to_be_visible()
    last = page.locator("[data-entry='9']")
    last.get_by_label("Kết luận").fill("Bổ sung đánh giá thực trạng.")
    last.get_by_label("Hoãn sang tháng").select_option(label="tháng 02 năm 2024")
    last.get_by_role("button", name="Lưu kết luận").click()
    expect(page.locator("[data-entry='9']").get_by_text("Hoãn sang tháng 02 năm 2024")).to_be_visible()

    page.get_by_role("link", name="Thêm nhiệm vụ").click()
    page.get_by_label("Nhiệm vụ").fill("Hoàn thiện Báo cáo tình hình kinh tế - xã hội tháng 01")
    form = page.locator("#conclusion-task-form")
    pick_agency(form, "khdt", "Sở KHĐT")
    pick_agency(form, "tu phap", "Sở Tư pháp")
    page.get_by_label("Thời hạn").fill("2024-02-15")
    page.get_by_label("Thuộc nội dung").select_option(index=1)
    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.get_by_text("Đã lưu nhiệm vụ.")).to_be_visible()
    task = Task.objects.get()
    assert (task.lead.short_name, [a.short_name for a in task.supporting.all()]) == ("Sở KHĐT", ["Sở Tư pháp"])
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_text("Đã gửi duyệt thông báo kết luận.")).to_be_visible()
    log_out(page)

    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ket-luan/")
    page.locator("[data-session-date='2024-01-19']").get_by_role("link").click()
    page.get_by_role("link", name="Duyệt và ký").click()
    expect(page.locator("[data-register-number]")).to_have_text(re.compile("Số: 01/TB-UBND"))
    page.get_by_role("button", name="Ký số bản này").click()
    expect(page.get_by_text("Đã ký thông báo kết luận.")).to_be_visible(timeout=SIGNING_TIMEOUT)
    log_out(page)

    log_in(page, live_server.url, "vanthu")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ket-luan/")
    page.locator("[data-session-date='2024-01-19']").get_by_role("link").click()
    page.get_by_role("button", name="Đóng dấu, phát hành").click()
    expect(page.get_by_text("Đã đóng dấu, phát hành thông báo kết luận.")).to_be_visible(timeout=SIGNING_TIMEOUT)
    assert Conclusion.objects.get().status == Conclusion.Status.ISSUED and Task.objects.published().count() == 1

    page.goto(f"{live_server.url}/bac-giang/ket-luan/2024/01/19/")
    expect(page.get_by_text("Số: 01/TB-UBND")).to_be_visible()
    expect(page.get_by_text(re.compile("Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tư pháp"))).to_be_visible()
    assert console_errors == []


def test_an_agency_typed_before_the_picker_script_ran_is_searched_when_it_runs(live_server, page, sample_plan):
    """On a slow line the form is there before its script (loaded after it): what was typed meanwhile is searched
    once the script runs, rather than waiting for another key (the script held back, then added by hand)."""
    publish_plan(sample_plan)
    make_user("chuyenvien", EDITOR_GROUP)
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ket-luan/")
    page.get_by_role("button", name="Lập thông báo kết luận").click()
    expect(page.get_by_text("Đã lập dự thảo thông báo kết luận")).to_be_visible()
    page.route("**/workspace/editor*.js", lambda route: route.abort())
    page.get_by_role("link", name="Thêm nhiệm vụ").click()
    form = page.locator("#conclusion-task-form")
    search = form.get_by_placeholder("Tìm cơ quan: tên, tên viết tắt, gõ không dấu được").first
    search.fill("khdt")
    page.wait_for_timeout(500)
    expect(form.get_by_role("option", name=re.compile("Sở KHĐT"))).to_have_count(0)  # no script, no search yet
    page.unroute("**/workspace/editor*.js")
    page.add_script_tag(url=f"{live_server.url}/static/workspace/editor.js")
    expect(form.get_by_role("option", name=re.compile("Sở KHĐT")).first).to_be_visible()
