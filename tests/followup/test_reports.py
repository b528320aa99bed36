"""A department reports on its tasks (progress, done with evidence), the Office confirms or sends back; who may
do which; refusals keep what was typed and change nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.models import Task
from followup.models import OfficeReview, ProgressReport, ReportFile
from tests.followup.conftest import TODAY, conclusion, task
from tests.workspace.files import pdf_bytes

BASE = "/van-phong/bac-giang"


def evidence(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, pdf_bytes("Biên bản nghiệm thu"), content_type="application/pdf")


def version_of(client, row):
    page = client.get(f"{BASE}/nhiem-vu/{row.pk}/")
    assert page.status_code == 200
    return page.context["report_form" if page.context["report_form"] else "review_form"]["version"].value()


@pytest.fixture
def planning_task(notice, planning, finance):
    return task(notice, planning, TODAY + datetime.timedelta(days=10), supporting=[finance])


def report(client, row, **data):
    fields = {"text": "Đã trình UBND tỉnh dự thảo đề án.", "version": version_of(client, row), **data}
    return client.post(f"{BASE}/nhiem-vu/{row.pk}/bao-cao/", fields)


def test_the_department_reports_done_with_evidence_and_the_office_confirms(
    client, planning_task, planning_user, approver, on_day
):
    on_day(TODAY)
    client.force_login(planning_user)
    tasks_page = client.get(f"{BASE}/nhiem-vu/")
    assert planning_task.text in tasks_page.text and "25/03/2024" in tasks_page.text
    response = report(client, planning_task, marks_done="on", files=[evidence()])
    assert response.status_code == 302
    planning_task.refresh_from_db()
    assert planning_task.state == Task.State.DONE and planning_task.reported_done_at is not None
    stored = ReportFile.objects.get(report__task=planning_task)
    assert stored.name == "bien-ban.pdf" and stored.file.read().startswith(b"%PDF-")

    client.force_login(approver)
    assert planning_task.text[:50] in client.get(f"{BASE}/theo-doi/").text  # waiting for the Office
    assert client.get(f"{BASE}/nhiem-vu/tep/{stored.pk}/").status_code == 200
    response = client.post(
        f"{BASE}/nhiem-vu/{planning_task.pk}/danh-gia/",
        {"decision": "xac-nhan", "assessment": "Hoàn thành tốt.", "version": version_of(client, planning_task)},
    )
    assert response.status_code == 302
    planning_task.refresh_from_db()
    assert planning_task.confirmed_by == approver and planning_task.assessment == "Hoàn thành tốt."
    assert Task.objects.with_status(TODAY).get(pk=planning_task.pk).status == Task.Status.DONE
    assert "Văn phòng đã xác nhận" in client.get(f"{BASE}/nhiem-vu/{planning_task.pk}/").text


def test_done_without_evidence_is_refused_keeping_what_was_typed(client, planning_task, planning_user):
    client.force_login(planning_user)
    response = report(client, planning_task, text="Báo cáo của tôi vẫn còn đây", marks_done="on")
    assert response.status_code == 400
    assert "Báo cáo của tôi vẫn còn đây" in response.text
    assert "ít nhất một tệp minh chứng" in response.text
    assert not ProgressReport.objects.exists()
    assert Task.objects.get(pk=planning_task.pk).state == Task.State.OPEN


def test_a_file_that_is_not_what_its_name_says_is_refused(client, planning_task, planning_user):
    client.force_login(planning_user)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = report(client, planning_task, files=[fake])
    assert response.status_code == 400
    assert "không phải tệp" in response.text and "chọn lại các tệp" in response.text
    assert not ProgressReport.objects.exists()


def test_a_progress_report_with_a_percent_keeps_the_task_open(client, planning_task, planning_user):
    client.force_login(planning_user)
    assert report(client, planning_task, percent="40").status_code == 302
    saved = ProgressReport.objects.get()
    assert (saved.percent, saved.marks_done, saved.by) == (40, False, planning_user)
    assert Task.objects.get(pk=planning_task.pk).state == Task.State.OPEN


def test_a_page_loaded_before_the_office_decided_is_refused(client, planning_task, planning_user, approver):
    client.force_login(planning_user)
    report(client, planning_task, marks_done="on", files=[evidence()])
    client.force_login(approver)
    stale = version_of(client, planning_task)
    client.force_login(planning_user)
    report(client, planning_task, text="Bổ sung thêm")  # a new report after the Office opened the page
    client.force_login(approver)
    response = client.post(
        f"{BASE}/nhiem-vu/{planning_task.pk}/danh-gia/", {"decision": "xac-nhan", "assessment": "", "version": stale}
    )
    assert response.status_code == 400 and "vừa được cập nhật" in response.text
    assert Task.objects.get(pk=planning_task.pk).confirmed_at is None


def test_the_office_sends_back_with_a_reason(client, planning_task, planning_user, editor):
    client.force_login(planning_user)
    report(client, planning_task, marks_done="on", files=[evidence()])
    client.force_login(editor)
    url = f"{BASE}/nhiem-vu/{planning_task.pk}/danh-gia/"
    refused = client.post(url, {"decision": "tra-lai", "assessment": "", "version": version_of(client, planning_task)})
    assert refused.status_code == 400 and "lý do trả lại" in refused.text
    sent_back = {"decision": "tra-lai", "assessment": "Thiếu quyết định phê duyệt."}
    assert client.post(url, {**sent_back, "version": version_of(client, planning_task)}).status_code == 302
    planning_task.refresh_from_db()
    assert (planning_task.state, planning_task.reported_done_at) == (Task.State.OPEN, None)
    assert OfficeReview.objects.get().decision == OfficeReview.Decision.RETURNED
    client.force_login(planning_user)
    assert "Thiếu quyết định phê duyệt." in client.get(f"{BASE}/nhiem-vu/{planning_task.pk}/").text


def test_a_supporting_agency_reads_but_does_not_report(client, planning_task, finance_user):
    client.force_login(finance_user)
    page = client.get(f"{BASE}/nhiem-vu/{planning_task.pk}/")
    assert page.status_code == 200 and page.context["report_form"] is None
    response = client.post(f"{BASE}/nhiem-vu/{planning_task.pk}/bao-cao/", {"text": "x"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_another_agency_sees_nothing_of_the_task(client, planning_task, health_user):
    client.force_login(health_user)
    assert client.get(f"{BASE}/nhiem-vu/{planning_task.pk}/").status_code == 404
    assert client.post(f"{BASE}/nhiem-vu/{planning_task.pk}/bao-cao/", {"text": "x"}).status_code == 404
    assert planning_task.text not in client.get(f"{BASE}/nhiem-vu/").text


def test_a_department_neither_confirms_nor_opens_the_dashboard(client, planning_task, planning_user):
    client.force_login(planning_user)
    assert client.post(f"{BASE}/nhiem-vu/{planning_task.pk}/danh-gia/", {"decision": "xac-nhan"}).status_code == 403
    assert client.get(f"{BASE}/theo-doi/").status_code == 403


def test_a_draft_notices_tasks_are_nobodys_yet(client, office, planning, planning_user, editor):
    draft_task = task(conclusion(office, issued=False), planning, TODAY, text="Nhiệm vụ trong dự thảo")
    client.force_login(planning_user)
    assert client.get(f"{BASE}/nhiem-vu/{draft_task.pk}/").status_code == 404
    assert "Nhiệm vụ trong dự thảo" not in client.get(f"{BASE}/nhiem-vu/").text
    client.force_login(editor)
    assert client.get(f"{BASE}/nhiem-vu/{draft_task.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, planning_task):
    for url in (f"{BASE}/nhiem-vu/", f"{BASE}/nhiem-vu/{planning_task.pk}/", f"{BASE}/theo-doi/"):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("page", ["list", "task"])
def test_the_department_pages_run_the_same_queries_for_few_or_many_tasks_and_reports(
    client, notice, planning, finance, planning_user, page
):
    first = task(notice, planning, TODAY, supporting=[finance])
    url = f"{BASE}/nhiem-vu/" if page == "list" else f"{BASE}/nhiem-vu/{first.pk}/"
    client.force_login(planning_user)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ProgressReport.objects.create(task=first, agency=planning, text="Báo cáo 0")
    few = counted()
    for n in range(30):
        task(notice, planning if n % 2 else finance, TODAY, supporting=[planning])
        report_row = ProgressReport.objects.create(task=first, agency=planning, text=f"Báo cáo {n + 1}")
        ReportFile.objects.create(report=report_row, file=f"nhiem-vu/{n}.pdf", name=f"{n}.pdf", kind="pdf", size=1)
    assert counted() == few
