"""Departments in the loop, end to end in Chromium: a department proposes two items for February
2024, the editor accepts one into the draft and rejects the other with a reason, the plan is issued,
the department uploads its dossier in time, the Office sees it on time, and a member of the
Committee downloads the session packet, whose pages include the uploaded PDF."""

import datetime
import re
import subprocess

import pytest
from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP, MEMBER_GROUP
from agenda.models import Agency, MonthlyPlan, Office
from issuing.services import publish_plan
from meetings.models import Item
from proposals.models import Proposal
from tests.browser.test_workspace import log_in, log_out, pick_agency
from tests.workspace.conftest import make_user
from tests.workspace.files import pdf_bytes
from workspace.services import create_plan_from_previous, moved_date


@pytest.fixture
def clock(monkeypatch):
    """The live server runs in this process: setting timezone.now moves its clock too."""
    import zoneinfo

    def travel(day):
        moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return travel


def test_department_proposes_office_decides_department_uploads_member_reads_the_packet(
    live_server, page, console_errors, sample_plan, settings, tmp_path, clock
):
    settings.MEDIA_ROOT = tmp_path / "media"
    january = publish_plan(sample_plan)
    first = Item.objects.get(plan=january, part="session", position=0)
    create_plan_from_previous(
        Office.objects.get_solo(), 2024, 2, source=january, carried=[(first, moved_date(first, 2024, 2))]
    )
    make_user("chuyenvien", EDITOR_GROUP)
    make_user("lanhdao", APPROVER_GROUP)
    make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))
    make_user("uyvien", MEMBER_GROUP)
    clock(datetime.date(2024, 1, 10))

    # The department proposes two items for February.
    log_in(page, live_server.url, "sokhdt")
    page.get_by_role("link", name="Đăng ký nội dung cho chương trình tháng tới").click()
    expect(page.get_by_role("heading", name="Đăng ký nội dung của Sở Kế hoạch và Đầu tư")).to_be_visible()
    form = page.locator("#proposal-form")
    form.get_by_label("Tháng").select_option(label="tháng 02 năm 2024")
    form.get_by_label("Hình thức").select_option(label="Phiên họp thường kỳ")
    form.get_by_label("Nội dung").fill("Dự thảo Nghị quyết quy định giá đất năm 2024")
    form.get_by_label("Ngày đề nghị").fill("2024-02-19")
    # The editing page's agency picker: its own agency leads already; a search adds Sở Nội vụ after it.
    expect(form.locator(".agency-chip")).to_have_text([re.compile("Sở KHĐT.*chủ trì")])
    pick_agency(form, "noi vu", "Sở Nội vụ")
    expect(form.locator(".agency-chip")).to_have_text(
        [re.compile("Sở KHĐT.*chủ trì"), re.compile("Sở Nội vụ.*phối hợp")]
    )
    form.get_by_label("Căn cứ").fill("Chương trình công tác năm 2024")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_text("Đã nhận đăng ký: Dự thảo Nghị quyết quy định giá đất năm 2024")).to_be_visible()
    form = page.locator("#proposal-form")
    form.get_by_label("Tháng").select_option(label="tháng 02 năm 2024")
    form.get_by_label("Hình thức").select_option(label="Trình Chủ tịch UBND tỉnh")
    form.get_by_label("Nội dung").fill("Đề án thí điểm chưa chín muồi")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.locator("#my-proposals [data-proposal-status='submitted']")).to_have_count(2)
    log_out(page)

    # The editor accepts the first into the draft and rejects the second with a reason.
    log_in(page, live_server.url, "chuyenvien")
    page.get_by_role("link", name="Công tác của UBND tỉnh tháng 02 năm 2024").click()
    page.get_by_role("link", name="Nội dung các sở, ngành đăng ký cho tháng này").click()
    expect(page.get_by_role("heading", name="Nội dung đăng ký cho tháng 02 năm 2024")).to_be_visible()
    page.get_by_label("Chọn: Dự thảo Nghị quyết quy định giá đất năm 2024").check()
    page.locator("#id_action").select_option(label="Đưa vào dự thảo")
    page.get_by_role("button", name="Xử lý các nội dung đã chọn").click()
    expect(page.get_by_text("Đã đưa 1 nội dung vào dự thảo.")).to_be_visible()
    page.get_by_label("Chọn: Đề án thí điểm chưa chín muồi").check()
    page.locator("#id_action").select_option(label="Không đưa vào")
    page.get_by_label("Lý do (bắt buộc khi không đưa vào)").fill("Chưa đủ căn cứ pháp lý")
    page.get_by_role("button", name="Xử lý các nội dung đã chọn").click()
    expect(page.get_by_text("Đã ghi 1 nội dung không đưa vào.")).to_be_visible()

    # The accepted item is in the draft, with its agencies, lead first.
    page.get_by_role("link", name="Xem trong dự thảo").click()
    expect(page.locator("#preview")).to_contain_text(
        "Dự thảo Nghị quyết quy định giá đất năm 2024 (Sở KHĐT, Sở Nội vụ chuẩn bị)"
    )
    item = Proposal.objects.get(status="accepted").item
    chips = page.locator(f"#muc-{item.pk} .agency-chip")
    expect(chips).to_have_text([re.compile("Sở KHĐT.*chủ trì"), re.compile("Sở Nội vụ.*phối hợp")])
    log_out(page)

    # The plan is issued (the issuing path as it stands).
    publish_plan(MonthlyPlan.objects.working().get(year=2024, month=2))

    # The department sees both decisions, then uploads its dossier before the deadline (05/02/2024).
    clock(datetime.date(2024, 2, 1))
    log_in(page, live_server.url, "sokhdt")
    card = page.locator(".card", has_text="Dự thảo Nghị quyết quy định giá đất năm 2024")
    expect(card.locator("[data-dossier-state]")).to_have_text("Chưa gửi")
    letter = tmp_path / "to-trinh-gia-dat.pdf"
    letter.write_bytes(pdf_bytes("Tờ trình dự thảo Nghị quyết giá đất"))
    card.locator("input[type=file]").set_input_files(str(letter))
    card.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đã nhận hồ sơ: Dự thảo Nghị quyết quy định giá đất năm 2024")).to_be_visible()
    page.goto(f"{live_server.url}/van-phong/bac-giang/de-xuat/")
    expect(page.locator("#my-proposals")).to_contain_text("Chưa đủ căn cứ pháp lý")
    log_out(page)

    # The Office's dossier page shows it on time.
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ho-so/")
    expect(page).to_have_url(re.compile(r"/van-phong/bac-giang/ho-so/2024/02/$"))
    row = page.locator(f"#hs-{item.pk}")
    expect(row.locator("[data-dossier-state]")).to_have_text("Đúng hạn")
    expect(row).to_contain_text("to-trinh-gia-dat.pdf")
    log_out(page)

    # A member of the Committee downloads the session packet.
    log_in(page, live_server.url, "uyvien")  # a member lands on the ballots waiting for them (issue 23)
    page.get_by_role("link", name="Tài liệu phiên họp").click()
    expect(page.get_by_role("heading", name="Tài liệu phiên họp")).to_be_visible()
    entry = page.locator(".list-group-item", has_text="19/02/2024")
    with page.expect_download() as download_info:
        entry.get_by_role("link", name="Tải tài liệu phiên họp (PDF)").click()
    packet = tmp_path / "packet.pdf"
    download_info.value.save_as(packet)
    text = subprocess.run(["pdftotext", str(packet), "-"], capture_output=True, text=True, check=True).stdout
    assert "TÀI LIỆU PHIÊN HỌP" in text
    assert "Dự thảo Nghị quyết quy định giá đất năm 2024" in text
    assert "Tờ trình dự thảo Nghị quyết giá đất" in text
    assert console_errors == []
