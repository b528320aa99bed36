"""E-mails through the outbox (jobs.outbox), without a broker (the demo's path: every job runs eagerly once the
transaction commits): one e-mail per key, whatever runs twice; a failing e-mail server retried with backoff."""

import datetime
import io

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.management import call_command

from dossiers import reminders
from issuing.services import publish_plan
from jobs import outbox
from jobs.models import OutboxMessage
from jobs.tasks import deliver_message
from ubnd_schedule.celery import app as celery_app
from workspace import notifications


def test_without_a_broker_jobs_run_eagerly():
    assert celery_app.conf.task_always_eager and celery_app.conf.task_acks_late
    assert deliver_message.acks_late and deliver_message.reject_on_worker_lost


def test_issuing_sends_each_department_one_email_after_the_commit(
    february, department_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = publish_plan(february)
        assert mail.outbox == []  # nothing leaves before the issuing commits
    assert [message.to for message in mail.outbox] == [["sokhdt@example.org"]]
    row = OutboxMessage.objects.get()
    assert row.state == "sent" and row.attempts == 1 and row.key == f"plan-issued:{plan.pk}:{department_user.pk}"
    assert mail.outbox[0].extra_headers["X-Outbox-Key"] == row.key
    # The same notice again (a signal received twice), the same job again (a redelivery): nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.plan_issued(plan) == 0
    deliver_message.apply(args=[row.pk])
    assert outbox.deliver(row.pk) is False
    assert len(mail.outbox) == 1 and OutboxMessage.objects.count() == 1


def test_a_rolled_back_change_sends_nothing(february, department_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    plan = publish_plan(february)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notifications.plan_issued(plan)
        raise RuntimeError("the change failed")
    assert mail.outbox == [] and OutboxMessage.objects.count() == 0


def test_the_days_reminders_run_twice_are_sent_once(february, department_user, django_capture_on_commit_callbacks):
    publish_plan(february)
    for _run in range(2):  # cron and beat, or a retried job
        with django_capture_on_commit_callbacks(execute=True):
            reminders.dossier_reminders(datetime.date(2024, 2, 1), 2)
    assert [message.to for message in mail.outbox] == [["sokhdt@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):  # the next day is another reminder
        assert reminders.dossier_reminders(datetime.date(2024, 2, 6), 2) == 1
    assert len(mail.outbox) == 2


def test_a_failing_mail_server_leaves_the_issue_done_and_the_email_pending_for_the_sweep(
    february, department_user, failing_smtp, django_capture_on_commit_callbacks
):
    failing_smtp.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        plan = publish_plan(february)  # eagerly: one try, the error logged, the issue stands
    assert plan.status == "published" and mail.outbox == []
    row = OutboxMessage.objects.get()
    assert row.state == "pending" and row.attempts == 1 and "SMTPServerDisconnected" in row.last_error
    call_command("send_outbox", stdout=io.StringIO())
    call_command("send_outbox", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 2 and len(mail.outbox) == 1


@pytest.fixture
def on_a_broker():
    """The task as a worker runs it (not eagerly), its retries published to an in-memory broker: what Celery
    decides (retry or not, after how long) is seen in the Retry it raises."""
    conf = celery_app.conf
    before = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, "memory://"
    yield
    conf.task_always_eager, conf.broker_url = before


@pytest.mark.parametrize(("retries", "countdown"), [(0, 30), (1, 60), (2, 120), (6, 1920), (7, 3600)])
def test_a_failing_mail_server_is_retried_with_exponential_backoff(
    retries, countdown, department_user, failing_smtp, on_a_broker
):
    failing_smtp.failures = 1
    outbox.send([mail.EmailMessage("Thử", "Nội dung", to=["sokhdt@example.org"])], ["backoff-test"])
    row = OutboxMessage.objects.get(key="backoff-test")
    deliver_message.push_request(
        id="job-1", args=[row.pk], kwargs={}, retries=retries, called_directly=False, is_eager=False
    )
    try:
        with pytest.raises(Retry) as raised:
            deliver_message.run(row.pk)
    finally:
        deliver_message.pop_request()
    assert raised.value.when == countdown  # 30 s doubling at each try, never more than an hour
    row.refresh_from_db()
    assert row.state == "pending" and row.attempts == 1 and mail.outbox == []
    assert deliver_message.run(row.pk) is True  # the next try: the server answers
    assert len(mail.outbox) == 1


def test_the_last_try_marks_the_email_failed(department_user, failing_smtp, on_a_broker):
    import smtplib

    failing_smtp.failures = 1
    outbox.send([mail.EmailMessage("Thử", "Nội dung", to=["sokhdt@example.org"])], ["last-try"])
    row = OutboxMessage.objects.get(key="last-try")
    deliver_message.push_request(
        id="job-1", args=[row.pk], kwargs={}, retries=deliver_message.max_retries, called_directly=False
    )
    try:
        with pytest.raises(smtplib.SMTPServerDisconnected):
            deliver_message.run(row.pk)
    finally:
        deliver_message.pop_request()
    row.refresh_from_db()
    assert row.state == "failed" and row.attempts == 1
