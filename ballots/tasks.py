"""The ballots' jobs (Celery beat, settings.CELERY_BEAT_SCHEDULE): the reminders before a deadline, and closing
the ballots whose deadline has passed with their result sheets. Both are safe to run again: a reminder goes once
per member and kind, a ballot closes once."""

from celery import shared_task
from django.conf import settings

from ballots import reminders, results
from jobs.queue import RETRIED, Job


@shared_task(base=Job, **RETRIED)
def send_ballot_reminders(self):
    return reminders.send_ballot_reminders(base_url=settings.SITE_URL)


@shared_task(base=Job, **RETRIED)
def close_due_ballots(self):
    return results.close_due_ballots()
