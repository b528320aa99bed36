"""A task's displayed status, as the follow-up reads it (conclusions' Task.objects.with_status), through the
follow-up's own writes: on time, done late, overdue, not yet due, confirmed."""

import datetime

from conclusions.models import Task
from tests.followup.conftest import TODAY, task

Status = Task.Status


def status_of(row):
    return Task.objects.with_status(TODAY).get(pk=row.pk).status


def test_each_status_from_the_deadline_and_the_day_done(notice, planning):
    day = datetime.timedelta(days=1)
    cases = {
        Status.DONE: task(notice, planning, TODAY - 5 * day, reported=TODAY - 6 * day),
        Status.DONE_LATE: task(notice, planning, TODAY - 5 * day, reported=TODAY - 2 * day),
        Status.OVERDUE: task(notice, planning, TODAY - day),
        Status.IN_PROGRESS: task(notice, planning, TODAY + 3 * day),
        Status.NOT_DUE: task(notice, planning, TODAY + 30 * day),
    }
    assert {expected: status_of(row) for expected, row in cases.items()} == {status: status for status in cases}


def test_a_task_due_today_is_not_overdue_yet_and_is_the_day_after(notice, planning):
    row = task(notice, planning, TODAY)
    assert status_of(row) == Status.IN_PROGRESS
    assert Task.objects.with_status(TODAY + datetime.timedelta(days=1)).get(pk=row.pk).status == Status.OVERDUE


def test_a_task_confirmed_by_the_office_before_its_deadline_is_done(notice, planning):
    row = task(notice, planning, TODAY, reported=TODAY - datetime.timedelta(days=3), confirmed=TODAY)
    assert status_of(row) == Status.DONE
    assert row.status_on(TODAY) == Status.DONE
