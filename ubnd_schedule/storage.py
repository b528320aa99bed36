"""Where the app keeps its files, and how a kept file reaches a visitor.

Every file the app keeps is written and read through Django's storage API: dossier files and proposal letters
through their FileFields (``default_storage``), the issued PDFs through :func:`artifact_storage`, backups written
with ``--storage`` through ``default_storage``. So one setting moves all of them: without ``S3_BUCKET`` they are
files under ``MEDIA_ROOT`` and ``VAR_DIR/artifacts`` (one machine, as always); with it they are objects of one
private bucket (several app servers, none of which keeps a file of its own: docs/storage.md).

A download is answered by the app after its checks, never by a public URL of the bucket:
:func:`stored_file_response` streams the object through the app or, when ``S3_PRESIGNED_REDIRECT`` says the front
server lets the client go to the bucket, redirects to a link signed for ``S3_PRESIGNED_SECONDS`` that no shared
cache keeps.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

ARTIFACTS = "artifacts"
#: A redirect to a signed link: never kept by a shared cache, nor by the browser (the link expires).
REDIRECT_CACHE_CONTROL = "private, no-store"


def object_storage():
    """Whether the files are objects of a bucket (``S3_BUCKET``): then nothing may be written under VAR_DIR."""
    return bool(getattr(settings, "S3_BUCKET", ""))


_process_directories = {}


def process_directory(purpose):
    """A private directory of this process in the system's temporary directory (mode 0700, removed at exit), for
    what object-storage mode keeps out of VAR_DIR: things derived again at will (a converted font, a TEST key).
    Keyed by the process id: a worker forked after its parent made one makes its own (and removes only that)."""
    key = (os.getpid(), purpose)
    directory = _process_directories.get(key)
    if directory is None:
        directory = _process_directories[key] = Path(tempfile.mkdtemp(prefix=f"ubnd-{purpose}-"))
        atexit.register(_remove_own, key)
    return directory


def _remove_own(key):
    if key[0] == os.getpid():
        shutil.rmtree(_process_directories.get(key, ""), ignore_errors=True)


def artifact_storage():
    """The storage of the issued PDFs: the bucket's ``artifacts/`` prefix (``STORAGES["artifacts"]``, set with
    S3_BUCKET), else the files under ``VAR_DIR/artifacts`` that nginx may send itself (ARTIFACT_SENDFILE)."""
    if ARTIFACTS in settings.STORAGES:
        return storages[ARTIFACTS]
    return FileSystemStorage(location=artifact_directory())


def artifact_directory():
    return Path(settings.VAR_DIR) / ARTIFACTS


def is_bucket(storage):
    """Whether ``storage`` is an S3 bucket (django-storages' S3Storage), whose objects can be signed for."""
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def redirects(storage):
    """Whether a download from ``storage`` is a redirect to a signed link (S3_PRESIGNED_REDIRECT and a bucket)."""
    return bool(getattr(settings, "S3_PRESIGNED_REDIRECT", False)) and is_bucket(storage)


def stored_file_response(
    storage, name, *, filename, content_type, as_attachment=True, cache_control=REDIRECT_CACHE_CONTROL
):
    """The answer sending the file ``name`` of ``storage`` (the caller has checked the visitor may have it).

    Streamed through the app (``Cache-Control`` is ``cache_control``), or a 302 to a signed link when
    :func:`redirects`; raises FileNotFoundError when there is no such file.
    """
    if redirects(storage):
        disposition = content_disposition_header(as_attachment, filename)
        return presigned_redirect(
            storage, name, content_type=content_type, disposition=disposition, cache_control=cache_control
        )
    response = streamed(storage, name, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = cache_control
    return response


def streamed(storage, name, *, content_type):
    """A FileResponse reading ``name`` from ``storage`` chunk by chunk (a bucket's object is read as it is sent,
    never downloaded whole first); FileNotFoundError when it is missing."""
    handle, size = open_stream(storage, name)
    response = FileResponse(handle, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    return response


def open_stream(storage, name):
    """``(file, size)``: ``name`` of ``storage`` opened for reading from its start to its end, once; a bucket's
    object is its GET's body, read as it comes (django-storages' own file would download it whole first).
    FileNotFoundError when it is missing; ``size`` None when the storage's file tells it itself."""
    if not is_bucket(storage):
        return storage.open(name, "rb"), None
    from botocore.exceptions import ClientError

    try:
        answer = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=_key(storage, name))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise FileNotFoundError(name) from error
        raise
    return answer["Body"], answer["ContentLength"]


def presigned_redirect(storage, name, *, content_type, disposition, cache_control, check=True):
    """A 302 to a link to ``name`` signed for ``S3_PRESIGNED_SECONDS``, after checking that the object exists
    (``check``: FileNotFoundError otherwise).

    The bucket answers the link with the type, Content-Disposition and caching the app would have sent; the
    redirect itself is never kept (the link expires).
    """
    if check and not storage.exists(name):
        raise FileNotFoundError(name)
    parameters = {
        "ResponseContentType": content_type,
        "ResponseContentDisposition": disposition,
        "ResponseCacheControl": cache_control,
    }
    url = storage.url(name, parameters=parameters, expire=settings.S3_PRESIGNED_SECONDS)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = REDIRECT_CACHE_CONTROL
    return response


def _key(storage, name):
    """The object key of ``name`` in ``storage`` (its ``location`` prefix joined), as django-storages makes it."""
    from storages.utils import clean_name

    return storage._normalize_name(clean_name(name))
