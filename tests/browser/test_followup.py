"""The follow-up, end to end in Chromium: the sample's conclusion of 19/01/2024 issued through the chain
(publish_conclusion), the Sở Kế hoạch và Đầu tư reports its task done with a PDF as evidence, the Office sees it
waiting on its dashboard and confirms it with its assessment; the agency's public page then shows it done."""

import datetime

from django.core.management import call_command
from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP
from agenda.models import Agency
from conclusions.chain import publish_conclusion
from conclusions.models import Conclusion, Task
from issuing.services import publish_plan
from tests.browser.conftest import axe_violations
from tests.browser.test_departments import clock  # noqa: F401 - the fixture
from tests.browser.test_workspace import log_in, log_out
from tests.conftest import make_user
from tests.workspace.files import pdf_bytes

SAMPLE = "fixtures/bac_giang_2024_01_ket_luan.json"
TASK = "Tổng hợp, hoàn thiện Báo cáo tình hình kinh tế - xã hội tháng 01, gửi Văn phòng UBND tỉnh"


def test_department_reports_a_task_done_and_the_office_confirms(
    live_server,
    page,
    console_errors,
    sample_plan,
    settings,
    tmp_path,
    clock,  # noqa: F811
):
    settings.MEDIA_ROOT = tmp_path / "media"
    publish_plan(sample_plan)
    call_command("load_conclusion", SAMPLE, verbosity=0)
    approver = make_user("lanhdao", APPROVER_GROUP)
    clerk = make_user("vanthu", CLERK_GROUP)
    publish_conclusion(Conclusion.objects.get(session_date="2024-01-19"), approver=approver, clerk=clerk)
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    make_user("sokhdt", DEPARTMENT_GROUP, agency=planning)
    clock(datetime.date(2024, 2, 1))
    evidence = tmp_path / "bao-cao-thang-01.pdf"
    evidence.write_bytes(pdf_bytes("Báo cáo tình hình kinh tế - xã hội tháng 01"))

    # The department finds its task through the menu and reports it done, with the report as evidence.
    log_in(page, live_server.url, "sokhdt")
    page.get_by_role("navigation").get_by_role("link", name="Nhiệm vụ").click()
    expect(page.get_by_role("heading", name="Nhiệm vụ của Sở Kế hoạch và Đầu tư")).to_be_visible()
    page.get_by_role("link", name=TASK).click()
    form = page.locator("form", has=page.get_by_role("button", name="Gửi báo cáo"))
    form.get_by_label("Nội dung báo cáo").fill("Đã hoàn thành báo cáo, gửi Văn phòng ngày 01/02/2024.")
    form.get_by_label("Báo cáo nhiệm vụ đã hoàn thành").check()
    form.get_by_role("button", name="Gửi báo cáo").click()  # without the evidence: refused, the text kept
    expect(page.get_by_text("Hãy đính kèm ít nhất một tệp minh chứng khi báo cáo hoàn thành.")).to_be_visible()
    expect(form.get_by_label("Nội dung báo cáo")).to_have_value("Đã hoàn thành báo cáo, gửi Văn phòng ngày 01/02/2024.")
    assert len(console_errors) == 2 and "400" in console_errors[0]  # the refusal answers 400 Bad Request
    console_errors.clear()
    form.get_by_label("Tệp kèm theo (PDF, DOCX, XLSX)").set_input_files(str(evidence))
    form.get_by_label("Báo cáo nhiệm vụ đã hoàn thành").check()
    form.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã báo cáo hoàn thành nhiệm vụ.")).to_be_visible()
    expect(page.locator("#tinh-trang")).to_contain_text("chờ Văn phòng xác nhận")
    expect(page.get_by_role("link", name="bao-cao-thang-01.pdf")).to_be_visible()
    assert axe_violations(page) == []
    log_out(page)

    # The Office sees it waiting on its dashboard, opens it and confirms it.
    log_in(page, live_server.url, "lanhdao")
    page.get_by_role("navigation").get_by_role("link", name="Theo dõi nhiệm vụ").click()
    expect(page.get_by_role("heading", name="Theo dõi thực hiện nhiệm vụ")).to_be_visible()
    expect(page.locator("svg[role=img] title").first).to_have_text("Nhiệm vụ theo tháng (theo hạn)")
    assert axe_violations(page) == []  # the chart named and described, its table, the filters labelled
    page.locator("#cho-xac-nhan").get_by_role("link").first.click()
    expect(page.locator("#noi-dung-nhiem-vu")).to_have_text(TASK)
    page.get_by_label("Xác nhận hoàn thành").check()
    page.get_by_label("Đánh giá của Văn phòng").fill("Hoàn thành đúng hạn, chất lượng tốt.")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã xác nhận nhiệm vụ hoàn thành.")).to_be_visible()
    expect(page.locator("#tinh-trang")).to_contain_text("Văn phòng đã xác nhận")
    expect(page.locator("#danh-gia")).to_have_text("Hoàn thành đúng hạn, chất lượng tốt.")
    task = Task.objects.get(text=TASK)
    assert task.confirmed_by == approver and task.state == Task.State.DONE

    # The agency's public page shows the task done.
    page.goto(f"{live_server.url}{planning.get_absolute_url()}")
    row = page.locator("#nhiem-vu").locator("..").locator("tr", has_text=TASK)
    expect(row).to_contain_text("Hoàn thành")
    expect(row).to_contain_text("05/02/2024")
    assert console_errors == []
