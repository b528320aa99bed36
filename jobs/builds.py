"""Files built by a job once and kept (a session packet), instead of on every download.

A build is a ``BuiltFile`` row under a key that fingerprints everything the file is made of: a download asks for
the key (``start``); the first asks creates the row, "building", and queues the job; the job (``build``) locks
the row, makes the bytes, stores them in Django's default storage (local files, or S3 when the deployment says
so) under a name derived from the key, and marks the row ready in the same transaction. A job run again (its
worker killed, delivered twice) finds the row ready, or locked by the job building it, and does nothing; a file
left behind by a job killed between storing and committing is replaced, under the same name: one file per key.
Once a subject's new file is ready, its older builds and their files are removed.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jobs.models import BuiltFile
from jobs.queue import run_now, test_pause

logger = logging.getLogger("jobs")


#: A build still "building" this long after it was queued has lost its job (the broker lost it): queued again.
STALE_AFTER = datetime.timedelta(minutes=10)


def start(key, subject, task, *args, again=False):
    """The build under ``key``: found, or created "building" with ``task(key, *args)`` queued; ``again``: a
    failed build is tried once more. A build whose job was lost is queued again (one asker wins the update)."""
    build, created = BuiltFile.objects.get_or_create(key=key, defaults={"subject": subject})
    same = BuiltFile.objects.filter(pk=build.pk)
    retried = (
        again
        and build.state == BuiltFile.State.FAILED
        and same.filter(state=BuiltFile.State.FAILED).update(state=BuiltFile.State.BUILDING, error="")
    )
    stale = (
        build.state == BuiltFile.State.BUILDING
        and build.created_at < timezone.now() - STALE_AFTER
        and same.filter(state=BuiltFile.State.BUILDING, created_at=build.created_at).update(created_at=timezone.now())
    )
    if created or retried or stale:
        run_now(task, key, *args)  # the row is committed already (or this is the caller's own transaction)
        build.refresh_from_db()
    return build


def storage_name(key, suffix):
    return "tep-tao-nen/" + "".join(c if c.isalnum() or c in "-_" else "-" for c in key) + suffix


def build(key, make, suffix=".pdf", last_try=True):
    """Run by the job: make the bytes of ``key`` with ``make()`` and keep them; True when this call built them.

    An error of ``make`` or of the storage is raised for the job to retry; on the ``last_try`` the row is marked
    failed with it, and the page says so."""
    with transaction.atomic():
        row = BuiltFile.objects.select_for_update(skip_locked=True).filter(key=key).first()
        if row is None or row.state == BuiltFile.State.READY:
            return False
        test_pause(f"build {key}")
        try:
            content = make()
            name = storage_name(key, suffix)
            if default_storage.exists(name):  # a killed job stored it but never committed: one file per key
                default_storage.delete(name)
            row.name = default_storage.save(name, ContentFile(content))
        except Exception as exc:
            if not last_try:
                raise
            logger.exception("build %s failed", key)
            _failed(row.pk, exc)
            return False
        row.state, row.size, row.finished_at, row.error = BuiltFile.State.READY, len(content), timezone.now(), ""
        row.save(update_fields=["state", "name", "size", "finished_at", "error"])
        older = list(
            BuiltFile.objects.filter(subject=row.subject).exclude(pk=row.pk).exclude(state=BuiltFile.State.BUILDING)
        )
        BuiltFile.objects.filter(pk__in=[old.pk for old in older]).delete()
        transaction.on_commit(lambda: _remove_files([old.name for old in older if old.name]))
    return True


def _failed(pk, exc):
    """Mark the build failed, in the transaction that holds its lock (the page then says so)."""
    BuiltFile.objects.filter(pk=pk).update(state=BuiltFile.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])


def _remove_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # a file left behind costs space, never a wrong answer
            logger.warning("older built file %s not removed", name, exc_info=True)


def open_file(build):
    """The stored bytes of a ready ``build`` (a file object to stream), or None when the storage lost them."""
    try:
        return default_storage.open(build.name, "rb")
    except (FileNotFoundError, OSError):
        return None
