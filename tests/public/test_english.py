"""The interface in English for who chose it (the language cookie); the document itself stays Vietnamese."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from access.permissions import EDITOR_GROUP
from tests.public.conftest import page_text
from tests.workspace.conftest import make_user

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
PUBLIC_CHROME = ["Skip to main content", "This month's programme", "Archive", "Agencies", "Search", "Follow by RSS"]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def editor(db):
    return make_user("chuyenvien", EDITOR_GROUP)


def english_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    return page_text(response)


def assert_contains(text, *phrases):
    for phrase in phrases:
        assert phrase in text, phrase


def assert_lacks(text, *phrases):
    for phrase in phrases:
        assert phrase not in text, phrase


def test_public_plan_page_chrome_is_english_and_the_document_stays_vietnamese(english, published_sample):
    text = english_page(english, "/bac-giang/ke-hoach/2024/01/")
    assert_contains(text, *PUBLIC_CHROME, "Download the digitally signed PDF", "View by agency", "Print")
    assert_lacks(text, "Chuyển đến nội dung chính", "Lưu trữ", "Tải bản PDF có chữ ký số", "Xem theo cơ quan")
    assert_contains(text, "CHƯƠNG TRÌNH", "A. NHIỆM VỤ TRỌNG TÂM", "(Sở Nội vụ chuẩn bị)", "Nơi nhận:")


def test_agency_page_is_english(english, published_sample, today):
    today(datetime.date(2024, 1, 25))  # the session is past, the month's other items are still ahead
    text = english_page(english, "/bac-giang/co-quan/so-noi-vu/")
    assert_contains(text, *PUBLIC_CHROME, "Add to calendar (iCalendar)", "Past", "Regular session", "For the Chairman")
    assert "Dossier deadline: Ngày 12/01/2024 (thứ Sáu)" in text
    rule = "Dossiers for a Committee session reach the Office at least 5 working days before the session"
    assert text.count(rule) == 1
    assert_lacks(text, "Hạn gửi hồ sơ", "Hồ sơ trình phiên họp", "Đã qua")


def test_search_page_is_english(english, published_sample):
    text = english_page(english, "/bac-giang/tim-kiem/?q=ma+tuy")
    assert_contains(text, *PUBLIC_CHROME, "Search the issued programmes", "1 result", "For the Chairman")
    assert "Kế hoạch công tác phòng, chống ma túy năm 2024" in text
    assert_lacks(text, "kết quả", "Tìm kiếm trong các chương trình đã ban hành")


def test_verify_page_is_english(english, db):
    text = english_page(english, "/xac-thuc/")
    assert_contains(text, "Verify a digitally signed document", "PDF file to verify", "Check")
    assert_lacks(text, "Xác thực văn bản đã ký số", "Tệp PDF cần xác thực", "Kiểm tra")


def test_revision_page_names_the_version_in_english(english, published_sample):
    text = english_page(english, "/bac-giang/ke-hoach/2024/01/ban/1/")
    assert_contains(text, "Version 1", "Issued at", "Signer", "Verify the signature")
    assert_lacks(text, "Bản 1", "Ban hành lúc")


def test_workspace_login_page_is_english(english, db):
    text = english_page(english, "/van-phong/dang-nhap/")
    assert_contains(text, "Office login", "Username", "Password", "Log in")
    assert_lacks(text, "Đăng nhập", "Mật khẩu")


def test_workspace_plan_list_is_english_for_a_logged_in_editor(english, editor, published_sample):
    english.force_login(editor)
    text = english_page(english, "/van-phong/bac-giang/")
    assert_contains(text, "Monthly work programmes", "Create a new monthly programme", "Log out", "Status", "Issued")
    assert "Next month to prepare: tháng 02 năm 2024." in text
    assert_lacks(text, "Chương trình công tác theo tháng", "Đăng xuất", "Trạng thái")


def editor_messages(response):
    found = re.search(r'<script id="editor-messages" type="application/json">(.*?)</script>', response.content.decode())
    assert found, "the editor page carries its script's messages"
    return json.loads(found.group(1))


def test_plan_editor_gives_its_script_the_messages_in_the_chosen_language(client, editor, sample_plan):
    client.force_login(editor)
    vietnamese = editor_messages(client.get("/van-phong/bac-giang/ke-hoach/2024/01/"))
    assert vietnamese["no_agency"] == "Không tìm thấy cơ quan."
    assert vietnamese["remove_agency"] == "Bỏ %(agency)s"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/van-phong/bac-giang/ke-hoach/2024/01/")
    assert editor_messages(response) == {
        "outside_month": "This date is not in the programme's month.",
        "move_first": "Move to the top",
        "remove_agency": "Remove %(agency)s",
        "no_agency": "No agency found.",
        "preview_updating": "updating…",
        "preview_current": "of the content being edited",
        "new_session": "New session: %(date)s",
    }
    text = page_text(response)
    assert_contains(text, "General information", "Add a session", "Save the programme", "Preview", "Draft PDF")
    assert_lacks(text, "Thông tin chung", "Lưu chương trình")


def po_entries(path):
    """The catalog's entries as dicts: msgid, msgstr (a list: one per plural form), flags; header and
    obsolete (#~) entries left out. A small reader: the .po format's blocks are separated by blank lines."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        if not lines or any(line.startswith("#~") for line in lines):
            continue
        fields, current = {}, None
        flags = set()
        for line in lines:
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += json.loads(line)
            else:
                current, _space, value = line.partition(" ")
                fields[current] = json.loads(value)
        if fields.get("msgid") == "":
            continue  # the header
        strings = [value for key, value in fields.items() if key.startswith("msgstr")]
        entries.append({"msgid": fields["msgid"], "msgstr": strings, "flags": flags})
    return entries


def test_english_catalog_has_no_untranslated_or_fuzzy_entry():
    entries = po_entries(PO_FILE)
    assert len(entries) > 400  # the reader read the catalog
    untranslated = [entry["msgid"] for entry in entries if not entry["msgstr"] or not all(entry["msgstr"])]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_english_translations_keep_the_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sdr]|%s|\{\d*\}")
    for entry in po_entries(PO_FILE):
        expected = sorted(placeholder.findall(entry["msgid"]))
        for string in entry["msgstr"]:
            assert sorted(placeholder.findall(string)) == expected, entry["msgid"]
