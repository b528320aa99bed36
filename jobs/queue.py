"""Running a job: after the transaction that asked for it commits, on a worker (or here, eagerly, without a broker).

Every job of the project is a Celery task built on ``Job`` with ``RETRIED``'s options: acknowledged only once done
(``acks_late``), given back to the queue when its worker dies (``reject_on_worker_lost``), retried with an
exponential backoff on the errors it names (``autoretry_for``). So a job may run twice: each is idempotent.
"""

import functools
import logging
import time

from celery import Task
from django.conf import settings
from django.db import transaction

logger = logging.getLogger("jobs")

#: Options of every retried job: 30 s, 60 s, 120 s... up to an hour between tries, 8 tries after the first.
RETRIED = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": False,
    "max_retries": 8,
}


class Job(Task):
    """A task that, run eagerly (no broker: in a web request), tries once.

    Retrying in a request would hold the user for every backoff (Celery retries an eager task at once, without
    waiting); the work stays recorded as not done (an outbox row pending, a build failed) and the next sweep or
    request does it."""

    def retry(self, args=None, kwargs=None, exc=None, throw=True, eta=None, countdown=None, max_retries=None, **opts):
        if self.request.is_eager and exc is not None:
            raise exc
        return super().retry(args, kwargs, exc, throw, eta, countdown, max_retries, **opts)


def enqueue(task, *args):
    """Run ``task(*args)`` once the current transaction commits (at once outside one).

    A job that cannot be queued (broker down) or that fails eagerly is logged, never undoes the change that asked
    for it: what it should have done is recorded (an outbox row, a build's state) and done again later."""
    transaction.on_commit(functools.partial(_send, task, args), robust=True)


def run_now(task, *args):
    """Run ``task(*args)`` now (eagerly) or queue it now: for a job whose inputs are committed already (a build
    a download asked for), not a change of the current transaction."""
    _send(task, args)


def _send(task, args):
    try:
        task.apply_async(args=args)
    except Exception:
        logger.exception("job %s%r not done now, left for later", task.name, args)


def test_pause(what):
    """A pause inside a job, after it took its lock, for the test that kills a worker in the middle of one
    (JOBS_TEST_PAUSE_SECONDS; 0 in every real deployment)."""
    seconds = getattr(settings, "JOBS_TEST_PAUSE_SECONDS", 0)
    if seconds:
        logger.warning("test pause in %s for %s s", what, seconds)
        time.sleep(seconds)
