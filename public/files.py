"""The issued PDFs' answers: sent from their stored file (issuing.pdf_files), named to the front server, or
redirected to a short-lived signed link of the bucket. public.cache keeps these answers and sends them again."""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from ubnd_schedule.storage import artifact_storage, presigned_redirect, redirects, streamed

CONTENT_TYPE = "application/pdf"


def file_response(name, *, filename):
    """A response sending the PDF file ``name`` of the artifact storage (or naming it to the front server), its
    ETag the SHA-256 its name holds; the middleware keeps it."""
    response = file_answer(name)
    response["Content-Type"] = CONTENT_TYPE
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = f'"{Path(name).stem}"'
    response.artifact_file = name
    return response


def file_answer(name):
    """The body of the answer sending ``name``: its stream, or an empty answer naming it to nginx or Apache.

    With S3_PRESIGNED_REDIRECT an empty answer: the middleware sends :func:`file_redirect` in its place, so that
    the redirect is never given the PDF's long caching."""
    mode = getattr(settings, "ARTIFACT_SENDFILE", "")
    storage = artifact_storage()
    if mode:
        response = HttpResponse(content_type=CONTENT_TYPE)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.ARTIFACT_ACCEL_PREFIX.rstrip("/") + "/" + name
        else:  # x-sendfile
            response["X-Sendfile"] = storage.path(name)
        return response
    if redirects(storage):
        return HttpResponse(content_type=CONTENT_TYPE)
    return streamed(storage, name, content_type=CONTENT_TYPE)


def file_redirect(name, headers):
    """A 302 to a signed link of ``name`` (S3_PRESIGNED_REDIRECT): the bucket answers it with the type, name and
    caching of the kept answer (``headers``); the redirect itself is never kept by any cache (the link expires).
    The file was looked up just before (public.cache.lookup, or written by the view)."""
    return presigned_redirect(
        artifact_storage(),
        name,
        content_type=headers.get("Content-Type", CONTENT_TYPE),
        disposition=headers.get("Content-Disposition", "inline"),
        cache_control=headers.get("Cache-Control", "public"),
        check=False,
    )
