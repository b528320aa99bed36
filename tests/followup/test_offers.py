"""When a month is prepared, its unfinished tasks (deadline in that month) are offered for part A: the editing page
links the offers, and a chosen task becomes a priority task naming its lead agency."""

import datetime

import pytest

from agenda.models import MonthlyPlan, PriorityTask
from tests.followup.conftest import conclusion, task


@pytest.fixture
def january_tasks(office, sample_plan, planning, finance):
    notice = conclusion(office, session_date=datetime.date(2023, 12, 20))
    return {
        "open": task(notice, planning, datetime.date(2024, 1, 25), text="Trình đề án phát triển đô thị"),
        "done": task(notice, finance, datetime.date(2024, 1, 10), reported=datetime.date(2024, 1, 9), text="Đã xong"),
        "february": task(notice, finance, datetime.date(2024, 2, 5), text="Việc tháng hai"),
        "draft": task(conclusion(office, issued=False), planning, datetime.date(2024, 1, 20), text="Việc dự thảo"),
    }


URL = "/van-phong/bac-giang/nhiem-vu/chua-xong/2024/01/"


def test_the_editing_page_links_the_offers(client, sample_plan, editor):
    client.force_login(editor)
    assert URL in client.get("/van-phong/bac-giang/ke-hoach/2024/01/").text


def test_only_unfinished_issued_tasks_due_that_month_are_offered(client, january_tasks, editor):
    client.force_login(editor)
    page = client.get(URL).text
    assert "Trình đề án phát triển đô thị (Sở Kế hoạch và Đầu tư chủ trì)" in page
    assert "Đã xong" not in page and "Việc tháng hai" not in page and "Việc dự thảo" not in page


def test_a_chosen_task_becomes_a_priority_task_once(client, sample_plan, january_tasks, editor):
    client.force_login(editor)
    before = list(sample_plan.priority_tasks.values_list("text", flat=True))
    version = MonthlyPlan.objects.get(pk=sample_plan.pk).version
    response = client.post(URL, {"task": january_tasks["open"].pk, "version": version})
    assert response.status_code == 302
    texts = list(PriorityTask.objects.filter(plan=sample_plan).values_list("text", flat=True))
    assert texts == [*before, "Trình đề án phát triển đô thị (Sở Kế hoạch và Đầu tư chủ trì)"]
    plan = MonthlyPlan.objects.get(pk=sample_plan.pk)
    assert plan.version == version + 1
    again = client.post(URL, {"task": january_tasks["open"].pk, "version": plan.version}, follow=True)
    assert "đã có trong phần A" in again.text
    assert PriorityTask.objects.filter(plan=sample_plan).count() == len(before) + 1


def test_a_stale_page_or_another_months_task_adds_nothing(client, sample_plan, january_tasks, editor):
    client.force_login(editor)
    count = PriorityTask.objects.filter(plan=sample_plan).count()
    version = MonthlyPlan.objects.get(pk=sample_plan.pk).version
    stale = client.post(URL, {"task": january_tasks["open"].pk, "version": version - 1}, follow=True)
    assert "vừa được sửa ở nơi khác" in stale.text
    other = client.post(URL, {"task": january_tasks["february"].pk, "version": version}, follow=True)
    assert "Không có nhiệm vụ này" in other.text
    assert PriorityTask.objects.filter(plan=sample_plan).count() == count


def test_departments_cannot_add_priority_tasks(client, january_tasks, planning_user):
    client.force_login(planning_user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"task": january_tasks["open"].pk, "version": 1}).status_code == 403
