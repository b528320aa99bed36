"""Issue 18, the issuing workflow as careful users met it: long comments, the number and date the
register assigns (never the editor), unsigned renders always marked, the signing page's number as
the document reads, the Office's default signer, a signed plan's real state."""

import datetime
import io
import re
import subprocess

from django.core.management import call_command
from django.utils.html import escape

from agenda.models import MonthlyPlan, Office
from exports.pdf import render_plan
from issuing.models import ApproverSignature, Revision
from issuing.services import submit
from programme.document import BLANK, plans_for_document
from programme.services import publish_problems
from tests.workspace.conftest import editing_page, save
from tests.workspace.test_review import FEB, sign_through_the_page

#: 500 characters of Vietnamese: what the forms accept, five times what the history's reason column holds.
LONG = ("Đề nghị bổ sung hội nghị tổng kết công tác cải cách hành chính và rà soát lại thời gian các phiên họp. " * 6)[
    :500
].strip()
SHOWN = escape(LONG)


def pdftotext(content, tmp_path):
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def squeezed(text):
    return re.sub(r"\s+", " ", text)


# --- 1. comments of any accepted length: stored whole, shown whole, the history's reason a summary ---


def test_a_500_character_return_comment_is_stored_and_shown_whole(client, editor, approver, february):
    assert len(LONG) >= 490
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    response = client.post(FEB + "tra-lai/", {"comment": LONG})
    assert response.status_code == 302
    february.refresh_from_db()
    assert february.status == "returned" and february.review_comment == LONG
    reason = february.history.first().history_change_reason
    assert reason.startswith("Trả lại: Đề nghị bổ sung") and len(reason) <= 100 and reason.endswith("…")
    client.force_login(editor)
    assert SHOWN in client.get(FEB).text  # the editor reads the whole comment above the form
    assert SHOWN in client.get(FEB + "lich-su/").text  # and the history keeps it


def test_a_500_character_signing_note_is_stored_shown_to_the_clerk_and_kept_in_the_revision(
    client, approver, clerk, february
):
    client.force_login(approver)
    client.post(FEB + "gui-duyet/")
    response = sign_through_the_page(client, note=LONG)
    assert "Đã ký" in response.text
    february.refresh_from_db()
    assert february.status == "signed"
    assert ApproverSignature.objects.get(plan=february).note == LONG
    assert len(february.history.first().history_change_reason) <= 100
    client.force_login(clerk)
    assert SHOWN in client.get("/van-phong/bac-giang/phat-hanh/").text
    client.post(FEB + "phat-hanh/", {"note": "Phát hành đúng hạn"})
    revision = Revision.objects.get(plan=february)
    assert revision.approver_note == LONG and revision.note == "Phát hành đúng hạn"
    assert SHOWN in client.get(revision.get_absolute_url()).text


def test_a_500_character_sealing_note_is_stored_and_shown_whole(client, approver, clerk, february):
    client.force_login(approver)
    client.post(FEB + "gui-duyet/")
    sign_through_the_page(client)
    client.force_login(clerk)
    response = client.post(FEB + "phat-hanh/", {"note": LONG}, follow=True)
    assert "Đã đóng dấu và phát hành" in response.text
    february.refresh_from_db()
    assert february.status == "published"
    assert len(february.history.first().history_change_reason) <= 100
    revision = Revision.objects.get(plan=february)
    assert revision.note == LONG
    assert SHOWN in client.get(revision.get_absolute_url()).text


def test_a_500_character_amendment_reason_is_stored_and_shown_whole(client, approver, published_january):
    client.force_login(approver)
    response = client.post("/van-phong/bac-giang/ke-hoach/2024/01/dieu-chinh/", {"reason": LONG})
    assert response.status_code == 302
    working = MonthlyPlan.objects.working().get(year=2024, month=1)
    assert working.amendment_reason == LONG
    assert len(working.history.first().history_change_reason) <= 100
    assert SHOWN in client.get(f"/van-phong/bac-giang/ke-hoach/2024/01/?ban={working.pk}").text


# --- 2. number and date: assigned by the register at signing, never typed in the editor -------------


def test_the_editing_page_has_no_number_or_date_field_and_ignores_them_when_posted(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    assert "plan-number" not in data and "plan-issue_date" not in data
    data["plan-number"] = "15"
    data["plan-issue_date"] = "2024-01-25"
    assert save(client, february, data).status_code == 302
    february.refresh_from_db()
    assert february.number == "" and february.issue_date is None


def test_a_draft_reads_with_a_blank_number_and_date_whatever_the_plan_carries(client, editor, february, tmp_path):
    MonthlyPlan.objects.filter(pk=february.pk).update(number="15", issue_date=datetime.date(2024, 1, 25))
    client.force_login(editor)
    page = client.get(FEB).text
    assert f"Số: {BLANK}/CTr-VP" in page and "15/CTr-VP" not in page
    assert f"Bắc Giang, ngày{BLANK}tháng{BLANK}năm 2024" in page and "25 tháng 01" not in page
    response = client.get(FEB + "pdf/")
    text = squeezed(pdftotext(response.content, tmp_path))
    assert "DỰ THẢO" in text
    assert "Số: /CTr-VP" in text and "15/CTr-VP" not in text
    assert "Bắc Giang, ngày tháng năm 2024" in text and "25 tháng 01" not in text


# --- 3. an issued plan: its signed file, and any unsigned render marked as a draft ------------------


def test_the_workspace_links_an_issued_plan_to_its_signed_file_not_a_draft_render(client, editor, published_january):
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/").text
    assert "PDF dự thảo" not in page
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-plan-pdf>([^<]+)</a>', page)
    assert link.group(2) == "Tệp PDF đã ký số"
    response = client.get(link.group(1).replace("&amp;", "&"))
    revision = Revision.objects.get(plan=published_january)
    assert response.status_code == 302 and response["Location"] == revision.get_pdf_url()
    assert client.get(response["Location"]).getvalue() == bytes(revision.pdf)


def test_any_unsigned_render_of_an_issued_plan_carries_the_draft_mark_and_no_number(published_january, tmp_path):
    plan = plans_for_document().get(pk=published_january.pk)
    assert plan.number == "01" and plan.issue_date is not None
    text = squeezed(pdftotext(render_plan(plan).content, tmp_path))
    assert "DỰ THẢO" in text and "Số: /CTr-VP" in text and "01/CTr-VP" not in text
    final = squeezed(pdftotext(render_plan(plan, final=True).content, tmp_path))
    assert "DỰ THẢO" not in final and "Số: 01/CTr-VP" in final


# --- 4. the signing page prints the number as the document will ---------------------------------------


def test_the_signing_page_shows_the_number_as_the_document_reads_with_the_register_year_apart(
    client, approver, sample_plan, time_machine
):
    time_machine(datetime.date(2023, 12, 27))  # January 2024 signed in December 2023: the register of 2023
    submit(sample_plan, None)
    client.force_login(approver)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/ky/").text
    number = re.search(r"data-register-number>(.*?)</dd>", page, re.S).group(1)
    assert "Số: 01/CTr-VP" in number and "/2024" not in number
    assert "2023" in number  # the register's year, said apart


# --- 5. a month with no previous plan: the Office's default signer -------------------------------------


def test_a_month_without_a_previous_plan_takes_the_offices_default_signer(client, editor, db):
    office = Office.objects.get_solo()
    office.signer_name = "Lê Tuấn Phú"
    office.save()
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/ke-hoach/moi/?year=2026&month=3").text
    assert "Lê Tuấn Phú" in page  # the page says whom the new month names as signer
    client.post("/van-phong/bac-giang/ke-hoach/moi/?year=2026&month=3", {})
    plan = MonthlyPlan.objects.get(year=2026, month=3)
    assert plan.signer_name == "Lê Tuấn Phú"
    assert "Chưa ghi họ tên người ký." not in publish_problems(plan)


def test_a_previous_plan_without_a_signer_name_leaves_the_offices_default(client, editor, published_january):
    office = Office.objects.get_solo()
    office.signer_name = "Lê Tuấn Phú"
    office.save()
    MonthlyPlan.objects.filter(pk=published_january.pk).update(signer_name="")
    client.force_login(editor)
    client.post("/van-phong/bac-giang/ke-hoach/moi/?year=2024&month=2", {})
    assert MonthlyPlan.objects.get(year=2024, month=2).signer_name == "Lê Tuấn Phú"


def test_the_demo_office_has_the_sample_signer_as_its_default(db):
    call_command("demo_setup", stdout=io.StringIO())
    assert Office.objects.get_solo().signer_name == "Lê Tuấn Phú"


# --- 6. a signed plan waiting for the seal shows its real state -----------------------------------------


def test_a_signed_plan_waiting_for_the_seal_is_not_shown_as_a_draft(client, editor, approver, february):
    client.force_login(approver)
    client.post(FEB + "gui-duyet/")
    sign_through_the_page(client)
    february.refresh_from_db()
    assert february.status == "signed"
    client.force_login(editor)
    page = client.get(FEB).text
    assert "DỰ THẢO" not in page
    assert "Đã ký, chờ đóng dấu" in page
    assert "Số: 02/CTr-VP" in page  # the number and date it was signed with


# --- 7. signing asks for a confirmation (static JS, no inline script) -------------------------------------


def test_the_sign_button_asks_for_confirmation_through_a_static_script(client, approver, february):
    client.force_login(approver)
    client.post(FEB + "gui-duyet/")
    page = client.get(FEB + "ky/")
    form = re.search(r"<form[^>]*data-sign-form[^>]*>", page.text).group(0)
    assert 'data-confirm="' in form and "Ký số" in form
    assert re.search(r'<script src="/static/workspace/confirm[^"]*\.js"', page.text)
    assert "onclick" not in page.text and "onsubmit" not in page.text
