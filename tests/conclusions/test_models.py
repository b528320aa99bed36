"""The task's displayed status (computed, never stored) and the notice's issuing deadline."""

import datetime

import pytest
from django.utils import timezone

from agenda.models import Agency, Office
from conclusions.models import Conclusion, Task, working_days_after

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2024, 2, 15)


@pytest.fixture
def conclusion(sample_plan):
    return Conclusion.objects.create(
        office=sample_plan.office,
        session=sample_plan.sessions.first(),
        session_date=datetime.date(2024, 1, 19),
        title="x",
    )


def make_task(conclusion, **fields):
    lead = Agency.objects.of(conclusion.office).first()
    return Task.objects.create(office=conclusion.office, conclusion=conclusion, text="Nhiệm vụ", lead=lead, **fields)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.mark.parametrize(
    ("today", "fields", "expected"),
    [
        (datetime.date(2024, 1, 20), {}, Task.Status.NOT_DUE),
        (datetime.date(2024, 2, 10), {}, Task.Status.IN_PROGRESS),
        (DEADLINE, {}, Task.Status.IN_PROGRESS),
        (datetime.date(2024, 2, 16), {}, Task.Status.OVERDUE),
        (datetime.date(2024, 3, 1), {"state": "done", "confirmed_at": at(DEADLINE)}, Task.Status.DONE),
        (datetime.date(2024, 3, 1), {"state": "done", "reported_done_at": at(DEADLINE)}, Task.Status.DONE),
        (
            datetime.date(2024, 3, 1),
            # reported on the deadline, confirmed by the Office later: the agency was on time
            {"state": "done", "reported_done_at": at(DEADLINE), "confirmed_at": at(datetime.date(2024, 2, 20))},
            Task.Status.DONE,
        ),
        (
            datetime.date(2024, 3, 1),
            {"state": "done", "reported_done_at": at(datetime.date(2024, 2, 16)), "confirmed_at": at(DEADLINE)},
            Task.Status.DONE_LATE,
        ),
        (DEADLINE, {"state": "done", "reported_done_at": at(datetime.date(2024, 2, 16))}, Task.Status.DONE_LATE),
    ],
)
def test_status_is_computed_from_deadline_today_and_done_dates(conclusion, today, fields, expected):
    task = make_task(conclusion, deadline=DEADLINE, **fields)
    assert Task.objects.with_status(today).get(pk=task.pk).status == expected
    assert task.status_on(today) == expected


def test_tasks_are_published_only_once_their_notice_is_issued(conclusion):
    task = make_task(conclusion, deadline=DEADLINE)
    assert not Task.objects.published().exists()
    Task.objects.filter(pk=task.pk).update(published_at=timezone.now())
    assert list(Task.objects.published()) == [task]


def test_issuing_deadline_counts_working_days_after_the_session(conclusion):
    assert working_days_after(datetime.date(2024, 1, 19), 5) == datetime.date(2024, 1, 26)
    assert conclusion.issue_deadline() == datetime.date(2024, 1, 26)
    assert conclusion.issue_deadline(1) == datetime.date(2024, 1, 22)
    assert Office.objects.get_solo().conclusion_settings.symbol == "TB-UBND"
