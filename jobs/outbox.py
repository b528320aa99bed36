"""E-mails sent by a job, each once.

``send(messages, keys)`` writes one ``OutboxMessage`` row per message, in the caller's transaction (the change the
e-mail tells of commits with it, or neither does), under a unique key naming what the e-mail is about (e.g.
``plan-issued:<revision>:<user>``): a second call for the same thing adds nothing. Once committed, a job per row
(``jobs.tasks.deliver_message``) locks it, sends it through Django's e-mail backend, marks it sent and commits; a
job run again (its worker was killed, the broker delivered it twice, the sweep found it) finds the row sent, or
locked by the job still sending it, and does nothing.
"""

import logging
import uuid

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from jobs.models import OutboxMessage
from jobs.queue import enqueue, test_pause
from ubnd_schedule import mail

logger = logging.getLogger("jobs")


def send(messages, keys=None):
    """Queue ``messages`` (EmailMessage) under ``keys`` (one each; None: a new key); returns how many are new."""
    keys = list(keys) if keys is not None else [None] * len(messages)
    if len(keys) != len(messages):
        raise ValueError("one key per message")
    created_pks = []
    with transaction.atomic():
        for message, key in zip(messages, keys, strict=True):
            row, created = OutboxMessage.objects.get_or_create(
                key=key or f"message:{uuid.uuid4()}", defaults=_fields(message)
            )
            if created:
                created_pks.append(row.pk)
    from jobs.tasks import deliver_message  # the task module imports this one

    for pk in created_pks:
        enqueue(deliver_message, pk)
    return len(created_pks)


def _fields(message):
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
    }


def email_of(row):
    return EmailMessage(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers={"X-Outbox-Key": row.key[:200]},
    )


def deliver(pk, last_try=False):
    """Send row ``pk`` unless it is sent or another job holds it; True when this call sent it.

    A send that fails is recorded (attempts, the error) and raised for the job to retry; on the ``last_try``
    the row is marked failed (the administrator sees it in the admin)."""
    error = None
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None or row.state == OutboxMessage.State.SENT:
            return False
        test_pause(f"deliver {row.key}")
        row.attempts += 1
        try:
            mail.send([email_of(row)])
        except Exception as exc:  # the backend's errors are many (SMTP, socket, TLS): each is recorded
            error = exc
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if last_try:
                row.state = OutboxMessage.State.FAILED
        else:
            row.state, row.sent_at, row.last_error = OutboxMessage.State.SENT, timezone.now(), ""
        row.save(update_fields=["attempts", "last_error", "state", "sent_at"])
    if error is not None:
        logger.warning("e-mail %s not sent (try %s): %s", row.key, row.attempts, row.last_error)
        raise error
    return True


def stale_pending(older_than):
    """Pks of the rows still pending ``older_than`` (a timedelta) after they were written."""
    since = timezone.now() - older_than
    pending = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, created_at__lt=since)
    return list(pending.values_list("pk", flat=True)[:1000])
