"""Checking uploaded files: the type comes from the content, never from the name.

A PDF starts with ``%PDF-``; DOCX and XLSX are ZIP packages (Office Open XML) whose
``[Content_Types].xml`` and main part (``word/document.xml``, ``xl/workbook.xml``) are present.
The name the user gave must agree with the content, and is kept only as a display name
(no folders, no path characters).
"""

import os
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dossiers.models import FileKind

ZIP_MAIN_PARTS = {FileKind.DOCX: "word/document.xml", FileKind.XLSX: "xl/workbook.xml"}
NAME_MAX_LENGTH = 150


def sniff(upload):
    """The file's kind judged from its bytes (pdf, docx, xlsx), or None."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        return FileKind.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in ZIP_MAIN_PARTS.items():
        if part in names:
            return kind
    return None


def display_name(name):
    """The last component of ``name``, without control or path characters, at most NAME_MAX_LENGTH long."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C" and char not in '<>:"|?*')
    name = name.strip().lstrip(".").strip()
    if len(name) > NAME_MAX_LENGTH:
        stem, extension = os.path.splitext(name)
        name = stem[: NAME_MAX_LENGTH - len(extension)] + extension
    return name


def check_upload(upload, allowed):
    """(kind, display name) of an uploaded file of one of the ``allowed`` kinds; ValidationError otherwise."""
    name = display_name(upload.name)
    limit = settings.DOSSIER_MAX_UPLOAD_BYTES
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(limit)s.") % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = sniff(upload)
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    expected = ", ".join(kind.upper() for kind in allowed)
    if kind not in allowed or extension != kind:
        raise ValidationError(
            _("Tệp “%(name)s” không phải tệp %(kinds)s hợp lệ (kiểm tra theo nội dung tệp, không theo tên).")
            % {"name": name, "kinds": expected},
            code="wrong_type",
        )
    if not os.path.splitext(name)[0]:
        name = f"tep.{kind}"
    return kind, name
