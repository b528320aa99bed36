"""The jobs of the outbox: send one e-mail, and the sweep that queues again the e-mails whose job was lost."""

import datetime
import smtplib

from celery import shared_task

from jobs import outbox
from jobs.queue import RETRIED, Job, enqueue

#: What a failing e-mail server raises: worth another try later.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(base=Job, autoretry_for=MAIL_ERRORS, **RETRIED)
def deliver_message(self, pk):
    return outbox.deliver(pk, last_try=self.request.retries >= self.max_retries)


@shared_task(base=Job, **RETRIED)
def sweep_outbox(self, minutes=10):
    """Queue a job for each e-mail still pending ``minutes`` after it was written (its job was never queued, or
    lost); a row being sent is skipped by its lock, a sent one does nothing."""
    pks = outbox.stale_pending(datetime.timedelta(minutes=minutes))
    for pk in pks:
        enqueue(deliver_message, pk)
    return len(pks)
