"""The office's daily tool, end to end in Chromium: prepare February 2024 from January, review,
issue, and a department marks its dossier."""

import hashlib
import re

from playwright.sync_api import expect

from access.permissions import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP
from agenda.models import MonthlyPlan, Office
from issuing.services import publish_plan
from issuing.verification import check_signature
from meetings.models import DossierMark, Item
from tests.workspace.conftest import PASSWORD, make_user

#: Signing renders, signs twice over and stores the PDF on the server: on a CI machine whose other core runs the
#: rest of the suite it may take longer than an expectation's default five seconds.
SIGNING_TIMEOUT = 20_000


def log_in(page, base_url, username):
    page.goto(f"{base_url}/van-phong/")
    expect(page).to_have_url(re.compile(r"/van-phong/dang-nhap/\?next="))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập Văn phòng")).to_be_visible()


def pick_agency(row, query, expected):
    search = row.get_by_placeholder("Tìm cơ quan: tên, tên viết tắt, gõ không dấu được")
    search.fill(query)
    row.get_by_role("option", name=re.compile(expected)).first.wait_for()
    search.press("Enter")
    expect(row.locator(".agency-chip", has_text=expected)).to_be_visible()


def test_editor_prepares_february_approver_issues_it_and_a_department_marks_its_dossier(
    live_server, page, console_errors, sample_plan, today
):
    from agenda.models import Agency

    publish_plan(sample_plan)
    make_user("chuyenvien", EDITOR_GROUP)
    make_user("lanhdao", APPROVER_GROUP)
    make_user("vanthu", CLERK_GROUP)
    make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))

    # The editor creates February from January, carrying two session items and a conference.
    log_in(page, live_server.url, "chuyenvien")
    expect(page.get_by_role("heading", name="Chương trình công tác theo tháng")).to_be_visible()
    page.get_by_role("link", name="Lập chương trình tháng mới").click()
    expect(page.get_by_role("heading", name="Lập chương trình tháng 02 năm 2024")).to_be_visible()
    page.get_by_label(re.compile("^Dự thảo Báo cáo của UBND tỉnh về tình hình kinh tế")).check()
    page.get_by_label(re.compile("^Dự thảo Kế hoạch triển khai Nghị quyết của Chính phủ")).check()
    page.get_by_label("Tiếp công dân định kỳ").check()
    page.get_by_role("button", name="Lập chương trình").click()

    expect(page.get_by_text("Đã lập Công tác của UBND tỉnh tháng 02 năm 2024")).to_be_visible()
    expect(page.locator("#preview")).to_contain_text("Hội nghị UBND tỉnh thường kỳ: Ngày 19/02/2024 (thứ Hai)")

    # Edit a session item.
    session_items = page.locator('[data-formset-list="items-session"] [data-formset-row]')
    expect(session_items).to_have_count(2)
    title = session_items.first.get_by_label("Nội dung")
    title.fill("Dự thảo Báo cáo tình hình kinh tế - xã hội tháng 01 và nhiệm vụ tháng 02 năm 2024")
    expect(page.locator("#preview")).to_contain_text(
        "1. Dự thảo Báo cáo tình hình kinh tế - xã hội tháng 01 và nhiệm vụ tháng 02 năm 2024 "
        "(Sở Kế hoạch và Đầu tư chuẩn bị);"
    )

    # Add a conference with two agencies, found by short name and without diacritics; forget its date.
    page.get_by_role("button", name="+ Thêm hội nghị").click()
    conference = page.locator('[data-formset-list="items-conference"] [data-formset-row]').last
    conference.get_by_label("Nội dung").fill("Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2024")
    pick_agency(conference, "khdt", "Sở KHĐT")
    pick_agency(conference, "noi vu", "Sở Nội vụ")
    page.get_by_role("button", name="Lưu chương trình").click()

    # Refused: the error sits next to the date, and everything typed is still there.
    conference = page.locator('[data-formset-list="items-conference"] [data-formset-row]').last
    expect(conference.get_by_text("Hãy nhập ngày diễn ra hội nghị.")).to_be_visible()
    expect(conference.get_by_label("Nội dung")).to_have_value(
        "Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2024"
    )
    expect(conference.locator(".agency-chip")).to_have_text([re.compile("Sở KHĐT"), re.compile("Sở Nội vụ")])
    expect(
        page.locator('[data-formset-list="items-session"] [data-formset-row]').first.get_by_label("Nội dung")
    ).to_have_value("Dự thảo Báo cáo tình hình kinh tế - xã hội tháng 01 và nhiệm vụ tháng 02 năm 2024")

    # The weekday shows as the date is typed, with a warning for Tết; then a working day.
    date = conference.get_by_label("Ngày")
    date.fill("2024-02-10")
    expect(conference.locator(".date-hint")).to_contain_text("Ngày 10/02/2024 (thứ Bảy)")
    expect(conference.locator(".date-hint")).to_contain_text("ngày nghỉ cuối tuần")
    date.fill("2024-02-20")
    expect(conference.locator(".date-hint")).to_have_text("Ngày 20/02/2024 (thứ Ba)")
    page.get_by_role("button", name="Lưu chương trình").click()
    expect(page.get_by_text("Đã lưu chương trình.")).to_be_visible()
    expect(page.locator("#preview")).to_contain_text(
        "Ngày 20/02/2024 (thứ Ba): Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2024 "
        "(Sở KHĐT, Sở Nội vụ chuẩn bị)./."
    )

    page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    expect(page.get_by_text("Đã gửi chương trình để lãnh đạo Văn phòng duyệt.")).to_be_visible()
    log_out(page)

    # The approver reviews the final PDF (number and date from the system: nothing to type) and signs.
    log_in(page, live_server.url, "lanhdao")
    page.get_by_role("link", name="Công tác của UBND tỉnh tháng 02 năm 2024").click()
    expect(page.locator("[data-plan-status]")).to_have_text("Chờ duyệt")
    page.get_by_role("link", name="Xem bản cuối và ký").click()
    expect(page.locator("[data-register-number]")).to_contain_text("Số: 02/CTr-VP")
    shown_sha256 = page.locator("[data-sha256]").inner_text()
    shown = page.request.get(f"{live_server.url}/van-phong/bac-giang/ke-hoach/2024/02/ky/pdf/").body()
    assert hashlib.sha256(shown).hexdigest() == shown_sha256
    page.get_by_label("Ghi chú khi ký").fill("Đã rà soát")
    page.once("dialog", lambda dialog: dialog.accept())  # "Ký số văn bản Số: 02/CTr-VP …?"
    page.get_by_role("button", name="Ký số bản này").click()
    expect(page.get_by_text("Đã ký Công tác của UBND tỉnh tháng 02 năm 2024.")).to_be_visible(timeout=SIGNING_TIMEOUT)
    expect(page.locator("[data-plan-status]")).to_have_text("Đã ký, chờ phát hành")
    log_out(page)

    # The văn thư applies the Office's signature and seal from the queue: the plan is issued.
    log_in(page, live_server.url, "vanthu")
    expect(page.get_by_role("heading", name="Văn bản đã ký, chờ phát hành")).to_be_visible()
    page.get_by_role("button", name="Đóng dấu và phát hành").click()
    expect(
        page.get_by_text("Đã đóng dấu và phát hành Công tác của UBND tỉnh tháng 02 năm 2024 (số 02).")
    ).to_be_visible(timeout=SIGNING_TIMEOUT)
    log_out(page)
    issued = MonthlyPlan.objects.published().get(year=2024, month=2).revisions.get()
    assert bytes(issued.pdf).startswith(shown)  # the signatures are appended to the bytes shown
    assert [info.signer for info in check_signature(bytes(issued.pdf)).signatures] == [
        "lanhdao – CHỨNG THƯ THỬ NGHIỆM",
        "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM",
    ]

    # Anybody now reads it on the public site, the new conference included.
    page.goto(f"{live_server.url}/bac-giang/ke-hoach/2024/02/")
    expect(page.locator("main")).to_contain_text("Công tác của UBND tỉnh tháng 02 năm 2024")
    expect(page.locator("main")).to_contain_text(
        "Hội nghị triển khai nhiệm vụ phát triển kinh tế - xã hội năm 2024 (Sở KHĐT, Sở Nội vụ chuẩn bị)."
    )
    february = MonthlyPlan.objects.published().get(year=2024, month=2)

    # The planning department marks its dossier as sent (in February: its page shows the recent months).
    today(february.first_day)
    log_in(page, live_server.url, "sokhdt")
    expect(page.get_by_role("heading", name="Nội dung Sở Kế hoạch và Đầu tư chuẩn bị")).to_be_visible()
    card = page.locator(".card", has_text="Dự thảo Báo cáo tình hình kinh tế - xã hội tháng 01 và nhiệm vụ tháng 02")
    card.get_by_label("Ghi chú").fill("Đã gửi qua hệ thống quản lý văn bản")
    card.get_by_label("Đã gửi hồ sơ").check()
    card.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận hồ sơ")).to_be_visible()

    item = Item.objects.get(plan=february, title__startswith="Dự thảo Báo cáo tình hình kinh tế")
    mark = DossierMark.objects.get(item=item)
    assert mark.is_sent and mark.note == "Đã gửi qua hệ thống quản lý văn bản"
    assert mark.agency.short_name == "Sở KHĐT"
    assert console_errors == []


def test_a_stale_signing_page_is_refused_and_shows_the_new_render(live_server, page, console_errors, sample_plan):
    from issuing.services import submit

    make_user("lanhdao", APPROVER_GROUP)
    submit(sample_plan, None)
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ke-hoach/2024/01/ky/")
    first = page.locator("[data-sha256]").inner_text()
    # Meanwhile the plan changes (the approver edits it in another tab, say).
    plan = MonthlyPlan.objects.get(pk=sample_plan.pk)
    plan.title = "Chương trình công tác tháng 01 năm 2024 (đã sửa)"
    plan.version += 1
    plan.save()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký số bản này").click()
    expect(page.locator("[data-sign-error]")).to_contain_text(
        "Văn bản đã thay đổi kể từ khi trang ký được mở", timeout=SIGNING_TIMEOUT
    )
    assert page.locator("[data-sha256]").inner_text() != first
    plan.refresh_from_db()
    assert plan.status == "review"
    console_errors[:] = [error for error in console_errors if "409" not in error]  # the refusal itself
    assert console_errors == []


def test_signing_asks_for_a_confirmation_and_cancelling_it_signs_nothing(
    live_server, page, console_errors, sample_plan
):
    from issuing.services import submit

    make_user("lanhdao", APPROVER_GROUP)
    submit(sample_plan, None)
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ke-hoach/2024/01/ky/")
    asked = []

    def cancel(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.once("dialog", cancel)
    page.get_by_role("button", name="Ký số bản này").click()
    assert asked and asked[0][0] == "confirm" and "Số: 01/CTr-VP" in asked[0][1]
    expect(page.locator("[data-plan-status]")).to_have_text("Chờ duyệt")
    sample_plan.refresh_from_db()
    assert sample_plan.status == "review"  # cancelled: nothing was posted

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký số bản này").click()
    expect(page.get_by_text("Đã ký Công tác của UBND tỉnh tháng 01 năm 2024.")).to_be_visible(timeout=SIGNING_TIMEOUT)
    sample_plan.refresh_from_db()
    assert sample_plan.status == "signed"
    assert console_errors == []  # the CSP let the static script run, and nothing else failed


def test_editor_adds_a_session_and_puts_an_item_in_it_before_saving(live_server, page, console_errors, sample_plan):
    from agenda.models import Agency
    from workspace.services import create_plan_from_previous

    january = publish_plan(sample_plan)
    create_plan_from_previous(Office.objects.get_solo(), 2024, 2, source=january, carried=[])
    make_user("chuyenvien", EDITOR_GROUP)
    log_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/van-phong/bac-giang/ke-hoach/2024/02/")

    page.get_by_role("button", name="+ Thêm phiên họp").click()
    session = page.locator('[data-formset-list="sessions"] [data-formset-row]').last
    session.get_by_label("Ngày họp").fill("2024-02-28")
    page.get_by_role("button", name="+ Thêm nội dung trình phiên họp").click()
    item = page.locator('[data-formset-list="items-session"] [data-formset-row]').last
    item.get_by_label("Phiên họp").select_option(label="Phiên họp mới: Ngày 28/02/2024 (thứ Tư)")
    item.get_by_label("Nội dung").fill("Dự thảo Kế hoạch cải cách hành chính năm 2024")
    pick_agency(item, "khdt", "Sở KHĐT")
    page.get_by_role("button", name="Lưu chương trình").click()

    expect(page.get_by_text("Đã lưu chương trình.")).to_be_visible()
    saved = Item.objects.get(plan__month=2, title="Dự thảo Kế hoạch cải cách hành chính năm 2024")
    assert saved.session.date.isoformat() == "2024-02-28"
    assert saved.ordered_agencies == [Agency.objects.get(short_name="Sở KHĐT")]
    assert console_errors == []
