"""The issued PDFs as files: each written once under ``VAR_DIR/artifacts/pdf``, named by its SHA-256, so that
the public site sends it like a static file (public.cache.file_response) and a restore or a clean-up can
write it again from the revision's stored bytes (issuing.models.Revision.pdf_file)."""

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings


def artifact_directory():
    return Path(settings.VAR_DIR) / "artifacts"


def pdf_path(sha256):
    """Where the file of the PDF whose SHA-256 is ``sha256`` lives (it may not be written yet)."""
    if len(sha256) != 64 or not all(char in "0123456789abcdef" for char in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return artifact_directory() / "pdf" / sha256[:2] / f"{sha256}.pdf"


def pdf_file(sha256, content):
    """The path of the file holding ``content`` (whose SHA-256 is ``sha256``), written once, atomically."""
    path = pdf_path(sha256)
    if not path.exists():
        if hashlib.sha256(content).hexdigest() != sha256:
            raise ValueError("the content does not match its SHA-256")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    return path
