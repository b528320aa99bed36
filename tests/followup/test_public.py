"""The public agency page and calendar show the agency's tasks of issued notices with their deadlines (stable
UIDs in the calendar), never a draft's; a change of a task's follow-up makes the kept page stale."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from followup import services
from tests.followup.conftest import TODAY, conclusion, task
from tests.workspace.files import pdf_bytes


@pytest.fixture
def listed(planning, finance):
    for each in (planning, finance):
        each.is_listed = True
        each.save()


@pytest.fixture
def tasks(office, notice, planning, finance, listed, on_day):
    on_day(TODAY)
    return {
        "issued": task(notice, planning, datetime.date(2024, 4, 30), text="Xây dựng đề án chuyển đổi số"),
        "supported": task(notice, finance, datetime.date(2024, 5, 15), supporting=[planning], text="Rà soát ngân sách"),
        "draft": task(conclusion(office, issued=False), planning, datetime.date(2024, 4, 1), text="Việc còn dự thảo"),
        "old": task(notice, planning, datetime.date(2022, 1, 10), reported=datetime.date(2022, 1, 5), text="Việc cũ"),
    }


def test_the_agency_page_shows_issued_tasks_only(client, planning, tasks):
    page = client.get(planning.get_absolute_url()).text
    assert "Xây dựng đề án chuyển đổi số" in page and "30/04/2024" in page
    assert "Rà soát ngân sách" in page and "phối hợp" in page
    assert "Việc còn dự thảo" not in page
    assert "Việc cũ" not in page  # done, and its deadline before the calendar's window


def test_the_agency_calendar_has_each_issued_deadline_with_a_stable_uid(client, planning, tasks):
    url = f"{planning.get_absolute_url()}lich.ics"
    body = client.get(url).content
    events = {str(event["uid"]): event for event in Calendar.from_ical(body).walk("VEVENT")}
    issued = events[f"nhiem-vu-{tasks['issued'].uid}@chuong-trinh-cong-tac.ubnd"]
    assert issued["dtstart"].dt == datetime.date(2024, 4, 30)
    assert "Xây dựng đề án chuyển đổi số" in str(issued["summary"]) and "chủ trì" in str(issued["summary"])
    assert f"nhiem-vu-{tasks['supported'].uid}@chuong-trinh-cong-tac.ubnd" in events
    assert not any(str(tasks["draft"].uid) in uid for uid in events)
    assert b"Vi\xe1\xbb\x87c c\xc3\xb2n d\xe1\xbb\xb1 th\xe1\xba\xa3o" not in body
    assert client.get(url).content == body  # the same bytes again: subscribed calendars update, never duplicate


def test_a_task_reported_done_makes_the_kept_page_stale(
    client, planning, planning_user, tasks, django_capture_on_commit_callbacks
):
    url = planning.get_absolute_url()
    before = client.get(url).text.split('id="nhiem-vu"', 1)[1]
    assert "chờ Văn phòng xác nhận" not in before
    assert client.get(url).text.split('id="nhiem-vu"', 1)[1] == before  # kept
    upload = SimpleUploadedFile("minh-chung.pdf", pdf_bytes("Minh chứng"), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_progress(
            tasks["issued"],
            planning,
            planning_user,
            text="Xong",
            files=[(upload, "pdf", "minh-chung.pdf")],
            marks_done=True,
        )
    assert "chờ Văn phòng xác nhận" in client.get(url).text.split('id="nhiem-vu"', 1)[1]


def test_the_agency_page_and_calendar_run_the_same_queries_for_5_or_50_tasks(client, notice, planning, listed):
    from django.core.cache import cache

    from public import cache as public_cache

    def counted(url):
        cache.clear()
        public_cache.clear_local()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    page, calendar = planning.get_absolute_url(), f"{planning.get_absolute_url()}lich.ics"
    for n in range(5):
        task(notice, planning, datetime.date(2024, 4, 1 + n), text=f"Nhiệm vụ {n}")
    small = (counted(page), counted(calendar))
    for n in range(45):
        task(notice, planning, datetime.date(2024, 5, 1 + n % 28), text=f"Nhiệm vụ thêm {n}")
    assert (counted(page), counted(calendar)) == small
