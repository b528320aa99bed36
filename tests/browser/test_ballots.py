"""A written ballot in Chromium (issue 23): the Office's editor drafts it on an item and sends it for approval,
the approver approves sending, a member lands on their open ballots, answers (agree, with a comment) and sends
the answer signed with their own key; the Office sees who answered and who has not."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from access.permissions import APPROVER, EDITOR, MEMBER
from ballots.models import Answer, Ballot
from ballots.results import close_due_ballots
from tests.browser.conftest import axe_violations
from tests.browser.test_workspace import SIGNING_TIMEOUT, log_in, log_out
from tests.workspace.conftest import make_user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_member_answers_a_ballot(live_server, page, console_errors, sample_plan):
    make_user("chuyenvien", EDITOR)
    make_user("lanhdao", APPROVER, first_name="Lê Tuấn", last_name="Phú")
    make_user("uyvien", MEMBER, first_name="Đỗ Văn", last_name="Hùng")
    make_user("uyvien2", MEMBER, first_name="Nguyễn Thị", last_name="Hoa")

    # The editor drafts a ballot on a free matter, names the approver and sends it for approval.
    log_in(page, live_server.url, "chuyenvien")
    page.get_by_role("link", name="Lấy ý kiến").click()
    page.get_by_role("link", name="Lập phiếu lấy ý kiến").click()
    page.get_by_label("Vấn đề xin ý kiến").fill("Chủ trương đầu tư dự án đường vành đai")
    page.get_by_role("button", name="Lập dự thảo phiếu").click()
    expect(page.get_by_text("Đã lập dự thảo phiếu lấy ý kiến")).to_be_visible()
    page.get_by_label("Lãnh đạo duyệt gửi").select_option(label="lanhdao")
    page.get_by_role("button", name="Lưu phiếu").click()
    expect(page.get_by_text("Đã lưu phiếu.")).to_be_visible()
    page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    expect(page.locator("[data-state]")).to_have_text("Chờ lãnh đạo duyệt gửi")
    log_out(page)

    # The approver approves sending it.
    log_in(page, live_server.url, "lanhdao")
    page.get_by_role("link", name="Lấy ý kiến").click()
    page.get_by_role("link", name="Chủ trương đầu tư dự án đường vành đai").click()
    page.get_by_role("button", name="Duyệt và gửi thành viên").click()
    expect(page.locator("[data-state]")).to_have_text("Đang lấy ý kiến")
    log_out(page)

    # The member lands on their open ballots and answers.
    log_in(page, live_server.url, "uyvien")
    row = page.locator("[data-open]", has_text="Chủ trương đầu tư dự án đường vành đai")
    expect(row.locator("[data-my-answer]")).to_have_text("Chưa trả lời")
    row.get_by_role("link", name="Chủ trương đầu tư dự án đường vành đai").click()
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Ý kiến khác, góp ý (câu 1)").fill("Đề nghị bổ sung phương án tài chính")
    page.get_by_label("Ký số phiếu trả lời bằng khóa của tôi").check()
    page.get_by_role("button", name="Gửi ý kiến chính thức").click()
    expect(page.get_by_text("Đã gửi ý kiến chính thức.")).to_be_visible(timeout=SIGNING_TIMEOUT)
    expect(page.locator("[data-signed-answer]")).to_be_visible()
    expect(page.locator("[data-answer-state]")).to_contain_text("Ý kiến đã được xác nhận")
    expect(page.locator("[data-answer-form]")).to_have_count(0)
    log_out(page)
    answer = Answer.objects.get()
    assert answer.member.username == "uyvien" and answer.confirmed_at is not None
    assert answer.choices.get().comment == "Đề nghị bổ sung phương án tài chính" and answer.signed_pdf

    # The Office sees who answered and who has not; at the deadline the ballot closes.
    log_in(page, live_server.url, "chuyenvien")
    page.get_by_role("link", name="Lấy ý kiến").click()
    page.get_by_role("link", name="Chủ trương đầu tư dự án đường vành đai").click()
    expect(page.locator('[data-voter="uyvien"]')).to_have_attribute("data-answered", "1")
    expect(page.locator('[data-voter="uyvien2"]')).to_have_attribute("data-answered", "0")
    ballot = Ballot.objects.get()
    assert close_due_ballots(ballot.deadline) == 1
    page.reload()
    expect(page.locator("[data-outcome]")).to_have_text("Được thông qua")
    assert ballot.deadline > timezone.now()
    assert console_errors == []


@pytest.mark.parametrize(
    ("username", "page_name"),
    [("uyvien", "list"), ("uyvien", "answer"), ("chuyenvien", "draft"), ("chuyenvien", "detail"), ("lanhdao", "list")],
)
def test_the_ballot_pages_have_no_accessibility_violation_and_fit_a_phone(
    live_server, page, console_errors, sample_plan, username, page_name
):
    from ballots import services
    from tests.ballots.conftest import send_ballot

    editor = make_user("chuyenvien", EDITOR)
    approver = make_user("lanhdao", APPROVER)
    make_user("uyvien", MEMBER)
    office = sample_plan.office
    sent = send_ballot(office, editor, approver, now=timezone.now())
    draft = services.new_ballot(office, editor, title="Dự thảo phiếu")
    paths = {
        "list": f"/van-phong/{office.slug}/lay-y-kien/",
        "answer": f"/van-phong/{office.slug}/lay-y-kien/{sent.pk}/tra-loi/",
        "draft": f"/van-phong/{office.slug}/lay-y-kien/{draft.pk}/",
        "detail": f"/van-phong/{office.slug}/lay-y-kien/{sent.pk}/",
    }
    log_in(page, live_server.url, username)
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.goto(f"{live_server.url}{paths[page_name]}").status == 200
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert console_errors == []
