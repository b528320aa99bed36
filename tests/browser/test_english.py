"""The plan editor's script speaks the reader's language: its messages come from the page."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from access.permissions import EDITOR_GROUP
from tests.workspace.conftest import PASSWORD, make_user

LANGUAGES = {
    "vi": {
        "username": "Tên đăng nhập",
        "password": "Mật khẩu",
        "log_in": "Đăng nhập",
        "add_conference": "Thêm hội nghị",
        "search": "Tìm cơ quan: tên, tên viết tắt, gõ không dấu được",
        "date": "Ngày",
        "no_agency": "Không tìm thấy cơ quan.",
        "remove": "Bỏ Sở KHĐT",
        "move_first": "Đưa lên đầu",
        "outside_month": "Ngày này không thuộc tháng của chương trình.",
        "preview_current": "theo nội dung đang soạn",
    },
    "en": {
        "username": "Username",
        "password": "Password",
        "log_in": "Log in",
        "add_conference": "Add a conference",
        "search": "Find an agency: name or short name, diacritics optional",
        "date": "Date",
        "no_agency": "No agency found.",
        "remove": "Remove Sở KHĐT",
        "move_first": "Move to the top",
        "outside_month": "This date is not in the programme's month.",
        "preview_current": "of the content being edited",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_editor_script_messages_follow_the_chosen_language(live_server, page, console_errors, sample_plan, language):
    text = LANGUAGES[language]
    make_user("chuyenvien", EDITOR_GROUP)
    if language == "en":
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/van-phong/dang-nhap/?next=/van-phong/bac-giang/ke-hoach/2024/01/")
    page.get_by_label(text["username"]).fill("chuyenvien")
    page.get_by_label(text["password"]).fill(PASSWORD)
    page.get_by_role("button", name=text["log_in"], exact=True).click()

    page.get_by_role("button", name=re.compile(re.escape(text["add_conference"]))).click()
    conference = page.locator('[data-formset-list="items-conference"] [data-formset-row]').last
    search = conference.get_by_placeholder(text["search"])
    search.fill("khong co co quan nay")
    expect(conference.locator(".agency-results")).to_have_text(text["no_agency"])
    search.fill("khdt")
    conference.get_by_role("option", name=re.compile("Sở KHĐT")).first.wait_for()
    search.press("Enter")
    chip = conference.locator(".agency-chip", has_text="Sở KHĐT")
    expect(chip.get_by_role("button", name=text["remove"])).to_be_visible()
    expect(chip.get_by_role("button", name=text["move_first"])).to_be_visible()

    conference.get_by_label(text["date"], exact=True).fill("2024-02-10")
    expect(conference.locator(".date-hint")).to_have_text(text["outside_month"])
    expect(page.locator("[data-preview-state]")).to_have_text(text["preview_current"])
    assert console_errors == []
