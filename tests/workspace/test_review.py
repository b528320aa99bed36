"""Review and issue, item status through the month, history, notifications."""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command

from access.permissions import DEPARTMENT_GROUP
from agenda.models import MonthlyPlan
from meetings.models import DossierMark, Item
from tests.workspace.conftest import editing_page, make_user, save

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"


def sign_through_the_page(client, url=FEB, **fields):
    """Open the signing page, read the SHA-256 it shows, sign that."""
    page = client.get(url + "ky/")
    sha256 = re.search(r"data-sha256>([0-9a-f]{64})<", page.text).group(1)
    return client.post(url + "ky/", {"sha256": sha256, **fields}, follow=True)


def issue_through_the_workspace(client, editor, approver, clerk, url=FEB):
    client.force_login(editor)
    client.post(url + "gui-duyet/")
    client.force_login(approver)
    sign_through_the_page(client, url)
    client.force_login(clerk)
    return client.post(url + "phat-hanh/", {"note": ""}, follow=True)


def test_submit_return_with_comments_sign_and_seal(
    client, editor, approver, clerk, february, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    february.refresh_from_db()
    assert february.status == "review" and february.submitted_by == editor

    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FEB + "tra-lai/", {"comment": "Bổ sung hội nghị tổng kết"})
    february.refresh_from_db()
    assert february.status == "returned" and february.review_comment == "Bổ sung hội nghị tổng kết"
    assert mail.outbox[-1].to == [editor.email]
    assert "Bổ sung hội nghị tổng kết" in mail.outbox[-1].body

    client.force_login(editor)
    assert "Bổ sung hội nghị tổng kết" in client.get(FEB).text
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    page = client.get(FEB + "ky/")
    assert "Số: 02/CTr-VP" in page.text  # January took number 01 this year; shown as the document reads it
    response = sign_through_the_page(client, note="Đồng ý")
    assert "Đã ký" in response.text
    february.refresh_from_db()
    assert february.status == "signed" and february.number == "02"

    client.force_login(clerk)
    queue = client.get("/van-phong/bac-giang/phat-hanh/").text
    assert february.display_title in queue
    response = client.post(FEB + "phat-hanh/", {"note": ""}, follow=True)
    assert "Đã đóng dấu và phát hành" in response.text
    february.refresh_from_db()
    assert february.status == "published" and february.published_at is not None
    assert february.revisions.get().approved_by == approver


def test_returning_needs_a_comment(client, editor, approver, february):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    response = client.post(FEB + "tra-lai/", {"comment": ""}, follow=True)
    assert "Hãy ghi ý kiến" in response.text
    february.refresh_from_db()
    assert february.status == "review"


def test_signing_page_shows_what_keeps_the_plan_from_being_issued(client, approver, february):
    february.signer_name = ""
    february.save()
    client.force_login(approver)
    client.post(FEB + "gui-duyet/")
    page = client.get(FEB + "ky/")
    assert "Chưa ghi họ tên người ký." in page.text and "data-sign-form" not in page.text
    sha256 = re.search(r"data-sha256>([0-9a-f]{64})<", page.text).group(1)
    response = client.post(FEB + "ky/", {"sha256": sha256})
    assert response.status_code == 409 and "Chưa ghi họ tên người ký." in response.text
    february.refresh_from_db()
    assert february.status == "review"


def test_submitting_bumps_the_version_so_an_open_editing_page_cannot_overwrite(client, editor, approver, february):
    client.force_login(approver)
    data = editing_page(client, february)
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    assert "vừa được người khác lưu" in save(client, february, data).text


def test_issuing_emails_the_departments_concerned(
    client, approver, clerk, february, department_user, other_department_user, django_capture_on_commit_callbacks
):
    from agenda.models import Agency

    make_user("soyte", DEPARTMENT_GROUP, agency=Agency.objects.get(name="Sở Y tế"))
    with django_capture_on_commit_callbacks(execute=True):
        issue_through_the_workspace(client, approver, approver, clerk)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["sokhdt@example.org", "songoaivu@example.org"]
    planning = next(message for message in mail.outbox if message.to == ["sokhdt@example.org"])
    assert planning.subject == "[Văn phòng UBND tỉnh Bắc Giang] Chương trình công tác tháng 02 năm 2024 đã ban hành"
    assert "Dự thảo Báo cáo của UBND tỉnh về tình hình kinh tế" in planning.body
    assert "Bản ghi nhớ" not in planning.body
    assert "http://127.0.0.1:8000/bac-giang/ke-hoach/2024/02/" in planning.body  # SITE_URL, not the request


def test_issuing_an_amendment_emails_that_the_plan_was_amended(
    client, approver, clerk, published_january, department_user, django_capture_on_commit_callbacks
):
    client.force_login(approver)
    client.post("/van-phong/bac-giang/ke-hoach/2024/01/dieu-chinh/", {"reason": "Lùi phiên họp"})
    with django_capture_on_commit_callbacks(execute=True):
        response = issue_through_the_workspace(
            client, approver, approver, clerk, url="/van-phong/bac-giang/ke-hoach/2024/01/"
        )
    assert "số 02" in response.text  # an amendment is a new document: the register's next number
    subjects = [message.subject for message in mail.outbox]
    assert subjects == ["[Văn phòng UBND tỉnh Bắc Giang] Chương trình công tác tháng 01 năm 2024 đã được điều chỉnh"]
    published_january.refresh_from_db()
    assert published_january.status == "superseded"


def test_item_status_through_the_month(client, editor, published_january):
    item = Item.objects.get(plan=published_january, part="session", position=0)
    client.force_login(editor)
    assert "Tình trạng thực hiện các nội dung" in client.get("/van-phong/bac-giang/ke-hoach/2024/01/").text
    url = f"/van-phong/bac-giang/noi-dung/{item.pk}/tinh-trang/"
    prefix = f"status-{item.pk}"
    client.post(url, {f"{prefix}-status": "postponed", f"{prefix}-postponed_to": "2024-02-06"})
    item.refresh_from_db()
    assert item.status == "postponed" and item.postponed_to == datetime.date(2024, 2, 6)
    client.post(url, {f"{prefix}-status": "postponed", f"{prefix}-postponed_to": ""})
    item.refresh_from_db()
    assert item.status == "postponed" and item.postponed_to is None  # to next month, no date yet
    client.post(url, {f"{prefix}-status": "done"})
    item.refresh_from_db()
    assert item.status == "done" and item.postponed_to is None
    response = client.post(url, {f"{prefix}-status": "cancelled", f"{prefix}-postponed_to": "2024-02-06"}, follow=True)
    assert "Chỉ ghi ngày mới khi nội dung bị hoãn." in response.text
    item.refresh_from_db()
    assert item.status == "done"


def test_history_records_who_changed_what_and_the_reasons(client, editor, approver, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-title"] = "Tiêu đề mới của nội dung"
    save(client, february, data)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    client.post(FEB + "tra-lai/", {"comment": "Thiếu hội nghị tổng kết"})

    item = Item.objects.get(plan=february, title="Tiêu đề mới của nội dung")
    change = item.history.first()
    assert change.history_type == "~" and change.history_user == editor
    assert change.prev_record.title.startswith("Dự thảo Báo cáo của UBND tỉnh")
    assert february.history.first().history_change_reason == "Trả lại: Thiếu hội nghị tổng kết"

    page = client.get(FEB + "lich-su/").text
    assert "Tiêu đề mới của nội dung" in page
    assert "Lý do: Trả lại: Thiếu hội nghị tổng kết" in page
    assert "Lan Nguyễn" in page  # the editor's name (first name, last name)


def test_agency_changes_are_in_the_history(client, editor, february, planning_dept):
    from agenda.models import Agency

    client.force_login(editor)
    data = editing_page(client, february)
    interior = Agency.objects.get(name="Sở Nội vụ")
    data.setlist("items-session-0-agencies", [str(interior.pk), str(planning_dept.pk)])
    save(client, february, data)
    page = client.get(FEB + "lich-su/").text
    assert "Sở Nội vụ — Dự thảo Báo cáo của UBND tỉnh" in page


def test_department_user_marks_a_dossier_sent_with_a_note(client, february, department_user):
    item = Item.objects.get(plan=february, assignments__agency__short_name="Sở KHĐT")
    client.force_login(department_user)
    response = client.post(
        f"/van-phong/bac-giang/noi-dung/{item.pk}/ho-so/",
        {f"hs-{item.pk}-is_sent": "on", f"hs-{item.pk}-note": "Gửi bản giấy"},
    )
    assert response.status_code == 302
    mark = DossierMark.objects.get(item=item)
    assert mark.is_sent and mark.note == "Gửi bản giấy" and mark.marked_by == department_user
    assert mark.agency.short_name == "Sở KHĐT" and mark.sent_at is not None
    client.post(f"/van-phong/bac-giang/noi-dung/{item.pk}/ho-so/", {f"hs-{item.pk}-note": "Rút lại để sửa"})
    mark.refresh_from_db()
    assert not mark.is_sent and mark.sent_at is None


# --- the daily reminder --------------------------------------------------------------------


def issued_february(february):
    from issuing.services import publish_plan

    return publish_plan(february)


def test_reminder_goes_out_the_given_working_days_before_the_dossier_deadline(
    february, department_user, django_capture_on_commit_callbacks
):
    issued_february(february)
    # Session on Mon 19/02/2024; 5 working days before: Mon 05/02 (Tết is 08-14/02) is the deadline;
    # 2 working days before the deadline: Thu 01/02.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-01-31", "--days", "2", stdout=io.StringIO())
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-01", "--days", "2", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["sokhdt@example.org"]]
    assert "hạn gửi hồ sơ 05/02/2024" in mail.outbox[0].body
    assert "/van-phong/bac-giang/ho-so/" in mail.outbox[0].body


def test_no_reminder_once_the_dossier_is_marked_sent(
    february, department_user, planning_dept, django_capture_on_commit_callbacks
):
    issued_february(february)
    item = Item.objects.get(plan=february, assignments__agency=planning_dept)
    from dossiers.services import mark_dossier

    mark_dossier(item, planning_dept, department_user, is_sent=True, note="")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-01", stdout=io.StringIO())
    assert mail.outbox == []


def test_no_reminder_for_drafts(february, department_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-01", stdout=io.StringIO())
    assert mail.outbox == []


def test_reminder_dry_run_lists_without_sending(february, department_user, capsys, django_capture_on_commit_callbacks):
    issued_february(february)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-01", "--dry-run")
    assert "sokhdt@example.org\t05/02/2024" in capsys.readouterr().out
    assert mail.outbox == []


def test_plan_list_shows_plans_by_month_with_status(client, editor, february):
    client.force_login(editor)
    page = client.get("/van-phong/bac-giang/").text
    assert "Công tác của UBND tỉnh tháng 02 năm 2024" in page and "Dự thảo" in page
    assert "Đã ban hành" in page
    assert MonthlyPlan.objects.count() == 2


def test_reminder_includes_missing_dossiers_past_their_deadline(
    february, department_user, django_capture_on_commit_callbacks
):
    issued_february(february)
    # Deadline Mon 05/02/2024, session Mon 19/02: on 06/02 nothing has arrived.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-06", "--days", "2", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["sokhdt@example.org"]]
    assert "đã quá hạn, chưa nhận được hồ sơ" in mail.outbox[0].body


def test_no_reminder_once_the_lead_has_uploaded_its_dossier(
    february, department_user, planning_dept, django_capture_on_commit_callbacks
):
    from dossiers.models import DossierSubmission

    issued_february(february)
    item = Item.objects.get(plan=february, assignments__agency=planning_dept)
    DossierSubmission.objects.create(item=item, agency=planning_dept)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dossier_reminders", "--date", "2024-02-06", stdout=io.StringIO())
    assert mail.outbox == []
