"""Reminders of task deadlines: before the deadline and once it has passed, each once per task; to the lead
agency's department users; the command's --office and --dry-run; a commune's tasks its own."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from access.permissions import DEPARTMENT_GROUP
from followup.models import FollowupSettings, TaskReminder
from followup.reminders import send_task_reminders
from tests.conftest import make_user
from tests.followup.conftest import TODAY, agency, conclusion, task
from tests.offices import create_commune


@pytest.fixture(autouse=True)
def _jobs_at_once(jobs_at_once):
    """E-mails leave through the outbox as soon as they are written (see tests/conftest.py)."""


@pytest.fixture
def overdue_task(notice, planning, finance):
    return task(notice, planning, TODAY - datetime.timedelta(days=4), supporting=[finance], text="Báo cáo quý I")


def kinds(sent):
    return [kind for due in sent for _task, kind in due.entries]


def test_a_task_past_its_deadline_triggers_one_reminder_to_its_lead(overdue_task, planning_user, finance_user):
    sent = send_task_reminders(TODAY)
    assert [(due.agency, kinds([due])) for due in sent] == [(overdue_task.lead, ["overdue"])]
    assert [message.to for message in mail.outbox] == [[planning_user.email]]  # the lead's, not the supporter's
    message = mail.outbox[0]
    assert "Báo cáo quý I" in message.body and "đã quá hạn" in message.body and "11/03/2024" in message.body
    assert "/van-phong/bac-giang/nhiem-vu/" in message.body and message.subject.startswith("[")
    assert TaskReminder.objects.filter(task=overdue_task, kind="overdue").count() == 1
    assert send_task_reminders(TODAY) == [] and send_task_reminders(TODAY + datetime.timedelta(days=3)) == []
    assert len(mail.outbox) == 1


def test_before_the_deadline_then_after_it(notice, planning, planning_user):
    FollowupSettings.objects.create(office=notice.office, remind_days_before=2)
    row = task(notice, planning, datetime.date(2024, 3, 20))  # a Wednesday: 2 working days before is Monday 18
    assert send_task_reminders(datetime.date(2024, 3, 15)) == []
    assert kinds(send_task_reminders(datetime.date(2024, 3, 18))) == ["before"]
    assert send_task_reminders(datetime.date(2024, 3, 19)) == []
    assert send_task_reminders(datetime.date(2024, 3, 20)) == []  # the deadline itself: not overdue yet
    assert kinds(send_task_reminders(datetime.date(2024, 3, 21))) == ["overdue"]
    assert sorted(TaskReminder.objects.filter(task=row).values_list("kind", flat=True)) == ["before", "overdue"]
    assert len(mail.outbox) == 2


def test_done_and_unpublished_tasks_are_not_reminded(office, notice, planning, planning_user):
    task(notice, planning, TODAY - datetime.timedelta(days=4), reported=TODAY - datetime.timedelta(days=5))
    task(conclusion(office, issued=False), planning, TODAY - datetime.timedelta(days=4))
    assert send_task_reminders(TODAY) == [] and mail.outbox == []


def test_an_agency_nobody_can_receive_for_keeps_its_reminder_for_later(overdue_task):
    assert send_task_reminders(TODAY) == [] and not TaskReminder.objects.exists()
    make_user("sokhdt", DEPARTMENT_GROUP, agency=overdue_task.lead)
    assert len(send_task_reminders(TODAY)) == 1 and len(mail.outbox) == 1


def test_the_command_dry_run_writes_and_sends_nothing(overdue_task, planning_user):
    out = io.StringIO()
    call_command("send_task_reminders", "--date", TODAY.isoformat(), "--dry-run", stdout=out)
    assert "overdue" in out.getvalue() and planning_user.email in out.getvalue()
    assert "Sẽ gửi 1 thư nhắc." in out.getvalue()
    assert mail.outbox == [] and not TaskReminder.objects.exists()
    call_command("send_task_reminders", "--date", TODAY.isoformat(), "--office", "bac-giang", stdout=out)
    assert "Đã gửi 1 thư nhắc." in out.getvalue() and len(mail.outbox) == 1


def test_a_commune_reminds_its_own_agencies_only(overdue_task, planning_user):
    commune = create_commune()
    economy = agency(commune, "Phòng Kinh tế", "Phòng KT")
    commune_user = make_user("xa.canbo", DEPARTMENT_GROUP, agency=economy)
    task(conclusion(commune, session_date=datetime.date(2024, 1, 22)), economy, TODAY - datetime.timedelta(days=1))
    call_command("send_task_reminders", "--date", TODAY.isoformat(), "--office", "xa-tan-yen", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[commune_user.email]]
    assert "UBND xã Tân Yên" in mail.outbox[0].subject and "/van-phong/xa-tan-yen/nhiem-vu/" in mail.outbox[0].body
    assert not TaskReminder.objects.filter(task=overdue_task).exists()  # the province's: not this run's


def test_an_unknown_office_or_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Không có cơ quan ban hành"):
        call_command("send_task_reminders", "--office", "khong-co")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_task_reminders", "--date", "2024-13-01")
