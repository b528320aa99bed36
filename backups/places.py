"""Where an archive is written and read: a path on this machine (as always), a name in the app's file storage
(``--storage``: the bucket when S3_BUCKET is set, so that no app server keeps it), or ``s3://bucket/key`` (any
bucket the S3_* credentials reach, e.g. a backup bucket with its own retention).

An archive going to or coming from a storage passes through a spooled temporary file (memory, then the system's
temporary directory, never VAR_DIR): a zip is written and read with seeks."""

import os
import shutil
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from ubnd_schedule.s3 import S3_BACKEND, s3_options
from ubnd_schedule.storage import open_stream

S3_SCHEME = "s3://"
SPOOL_BYTES = 64 * 1024 * 1024


class PlaceError(Exception):
    """The place of an archive cannot be used (no such archive, a malformed s3:// address)."""


def _place(spec, in_storage):
    """``(storage, name)`` of an archive named ``spec``; storage None for a path of this machine."""
    if spec.startswith(S3_SCHEME):
        bucket, _slash, key = spec.removeprefix(S3_SCHEME).partition("/")
        if not bucket or not key or key.endswith("/"):
            raise PlaceError(f"{spec}: an archive in a bucket is s3://bucket/key.zip")
        return _bucket(bucket), key
    if in_storage:
        return default_storage, spec
    return None, spec


def _bucket(name):
    """The bucket ``name`` reached with the app's S3 settings (its endpoint, keys, region), or the S3_*
    variables of the environment when the app's files are not in a bucket."""
    from storages.backends.s3 import S3Storage

    default = settings.STORAGES["default"]
    if default.get("BACKEND") == S3_BACKEND:
        options = dict(default.get("OPTIONS", {}))
    else:
        options = s3_options({**os.environ, "S3_BUCKET": name}, expire=60)
    options.update(bucket_name=name, location="", file_overwrite=True)
    return S3Storage(**options)


def write(spec, writer, *, in_storage=False):
    """``writer(target)`` writes the archive to ``target``; returns (where it went, what ``writer`` returned)."""
    storage, name = _place(spec, in_storage)
    if storage is None:
        return spec, writer(spec)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        result = writer(buffer)
        buffer.seek(0)
        saved = storage.save(name, File(buffer, name=name))
    return (spec if spec.startswith(S3_SCHEME) else saved), result


@contextmanager
def readable(spec, *, in_storage=False):
    """The archive named ``spec``, ready for zipfile: the path itself, or a seekable copy of the stored one."""
    storage, name = _place(spec, in_storage)
    if storage is None:
        yield spec
        return
    try:
        handle, _size = open_stream(storage, name)
    except FileNotFoundError as error:
        raise PlaceError(f"{spec}: no such archive in the storage") from error
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        with handle:
            shutil.copyfileobj(handle, buffer)
        buffer.seek(0)
        yield buffer
