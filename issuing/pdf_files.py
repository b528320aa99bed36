"""The issued PDFs as stored files: each written once, named by its SHA-256, so that the public site sends it
like a static file (public.cache.file_response) and a restore or a clean-up can write it again from the
revision's stored bytes (issuing.models.Revision.pdf_file).

They live in :func:`ubnd_schedule.storage.artifact_storage`: files under ``VAR_DIR/artifacts/pdf`` on one
machine (which nginx may send itself, ARTIFACT_SENDFILE), the bucket's ``artifacts/pdf/`` with S3_BUCKET."""

import hashlib
import os
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from ubnd_schedule.storage import artifact_directory, artifact_storage

__all__ = ["artifact_directory", "artifact_storage", "pdf_file", "pdf_name", "pdf_path"]


def pdf_name(sha256):
    """The name, in the artifact storage, of the PDF whose SHA-256 is ``sha256`` (it may not be written yet)."""
    if len(sha256) != 64 or not all(char in "0123456789abcdef" for char in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return f"pdf/{sha256[:2]}/{sha256}.pdf"


def pdf_path(sha256):
    """Where the file of that PDF lives on this machine's disk (without object storage)."""
    return artifact_directory() / pdf_name(sha256)


def pdf_file(sha256, content):
    """The name of the stored file holding ``content`` (whose SHA-256 is ``sha256``), written once, atomically.

    ``content``: the bytes, or a function returning them, called only when the file is not there yet."""
    name = pdf_name(sha256)
    storage = artifact_storage()
    if storage.exists(name):
        return name
    if callable(content):
        content = content()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValueError("the content does not match its SHA-256")
    if isinstance(storage, FileSystemStorage):
        # Written beside it and renamed: a reader never sees half a file.
        path = pdf_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    else:
        storage.save(name, ContentFile(content))  # one PUT: an object appears whole or not at all
    return name
