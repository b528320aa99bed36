"""The follow-up's job: the daily task reminders (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from followup import reminders
from jobs.queue import RETRIED, Job


@shared_task(base=Job, **RETRIED)
def send_task_reminders(self):
    """What `manage.py send_task_reminders` does, for beat: each reminder is recorded once per task and kind,
    and its e-mail keyed by the day, so a second run sends nothing more."""
    return len(reminders.send_task_reminders(timezone.localdate(), base_url=settings.SITE_URL))
