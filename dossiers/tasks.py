"""The dossiers' jobs: the daily reminders (Celery beat, settings.CELERY_BEAT_SCHEDULE) and the session packets."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from dossiers import packet_store, reminders
from jobs.queue import RETRIED, Job


@shared_task(base=Job, **RETRIED)
def send_dossier_reminders(self, days=2):
    """What `manage.py send_dossier_reminders` does, for beat: each reminder is keyed by the day, so a second
    run the same day sends nothing more."""
    return reminders.dossier_reminders(timezone.localdate(), days, base_url=settings.SITE_URL)


@shared_task(base=Job, autoretry_for=(Exception,), **{**RETRIED, "retry_backoff": 5, "max_retries": 3})
def build_session_packet(self, key, session_pk):
    """Build and keep the packet of session ``session_pk`` under ``key`` (jobs.builds: once, whoever runs it)."""
    return packet_store.build(key, session_pk, last_try=self.request.is_eager or self.request.retries >= 3)
