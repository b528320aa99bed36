"""A commune's People's Committee on the same platform, end to end in Chromium (issue 20): its editor submits
its own January, its Chairman signs, its văn thư seals with the commune's own key and number, and the public
reads it on the commune's pages, while the province's programme of the same month stays the province's."""

import json
import re

from django.conf import settings
from playwright.sync_api import expect

from access.permissions import APPROVER, CLERK, EDITOR
from agenda.models import MonthlyPlan, Office
from issuing.services import publish_plan
from issuing.verification import check_signature
from programme.services import load_plan
from tests.browser.test_workspace import SIGNING_TIMEOUT, log_in, log_out
from tests.offices import create_commune
from tests.workspace.conftest import make_user


def test_a_commune_issues_its_own_programme_from_editor_to_public(live_server, page, console_errors, sample_plan):
    publish_plan(sample_plan)  # the province's January: 01/CTr-VP
    commune = create_commune()
    data = json.loads((settings.BASE_DIR / "fixtures" / "xa_tan_yen_2024_01.json").read_text(encoding="utf-8"))
    load_plan(data, office=commune)
    for username, role in (("xa.chuyenvien", EDITOR), ("xa.lanhdao", APPROVER), ("xa.vanthu", CLERK)):
        make_user(username, role, office=commune)
    title = data["title"]

    # The commune's editor lands in the commune's workspace (the only office they work in) and submits.
    log_in(page, live_server.url, "xa.chuyenvien")
    expect(page).to_have_url(f"{live_server.url}/van-phong/xa-tan-yen/")
    expect(page.get_by_role("link", name="Công tác của UBND tỉnh tháng 01 năm 2024")).to_have_count(0)
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Gửi lãnh đạo duyệt").click()
    expect(page.locator("[data-plan-status]")).to_have_text("Chờ duyệt")
    log_out(page)

    # Its Chairman reviews the final PDF, numbered in the commune's own register, and signs.
    log_in(page, live_server.url, "xa.lanhdao")
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Xem bản cuối và ký").click()
    expect(page.locator("[data-register-number]")).to_contain_text("Số: 01/CTr-UBND")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ký số bản này").click()
    expect(page.locator("[data-plan-status]")).to_have_text("Đã ký, chờ phát hành", timeout=SIGNING_TIMEOUT)
    log_out(page)

    # Its văn thư seals it with the commune's key: issued.
    log_in(page, live_server.url, "xa.vanthu")
    page.get_by_role("button", name="Đóng dấu và phát hành").click()
    sealed = page.get_by_text(re.compile(r"Đã đóng dấu và phát hành .* \(số 01\)\."))
    expect(sealed).to_be_visible(timeout=SIGNING_TIMEOUT)
    log_out(page)
    revision = MonthlyPlan.objects.of(commune).published().get(year=2024, month=1).revisions.get()
    signers = [info.signer for info in check_signature(bytes(revision.pdf)).signatures]
    assert len(signers) == 2 and "TÂN YÊN" in signers[1].upper()
    province = MonthlyPlan.objects.of(Office.objects.get_solo()).published().get(year=2024, month=1)
    assert (province.register_entry.number, revision.register_number) == (1, 1)  # each office its own 01

    # The public reads it on the commune's pages; the province's January stays on the province's.
    page.goto(f"{live_server.url}/xa-tan-yen/ke-hoach/2024/01/")
    expect(page.locator("main")).to_contain_text(title)
    expect(page.locator("main")).not_to_contain_text("Công tác của UBND tỉnh tháng 01 năm 2024")
    page.goto(f"{live_server.url}/bac-giang/ke-hoach/2024/01/")
    expect(page.locator("main")).to_contain_text("Công tác của UBND tỉnh tháng 01 năm 2024")
    expect(page.locator("main")).not_to_contain_text(title)
