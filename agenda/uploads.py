"""Checks of uploaded files by their content, shared by the admin and the workspace."""

import io
import struct
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(content):
    """(width, height) as the PNG's IHDR chunk states them, read before any decoder sees the file; None if absent."""
    if len(content) < 24 or content[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", content[16:24])


def validated_transparent_png(upload, max_bytes, max_side):
    """The bytes of ``upload`` when it is a PNG with transparency within the limits; else a form error.

    The size the header claims is checked before Pillow decodes anything: a 74-byte file may claim
    60000 × 60000 pixels (a decompression bomb).
    """
    from PIL import Image

    if upload.size > max_bytes:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s KB); tối đa %(max)s KB.") % {"size": upload.size // 1024, "max": max_bytes // 1024}
        )
    content = upload.read()
    if not content.startswith(PNG_SIGNATURE):
        raise ValidationError(_("Tệp không phải ảnh PNG."))
    damaged = ValidationError(_("Không đọc được ảnh PNG (tệp hỏng)."))
    size = png_size(content)
    if size is None:
        raise damaged
    if max(size) > max_side:
        raise ValidationError(
            _("Ảnh quá lớn (%(w)s × %(h)s điểm ảnh); tối đa %(max)s điểm ảnh mỗi chiều.")
            % {"w": size[0], "h": size[1], "max": max_side}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            image.verify()
            image = Image.open(io.BytesIO(content))
            image.load()  # every pixel there: a truncated file fails here, not later
    except Exception:  # whatever the decoder raises on a hostile file, DecompressionBombError/Warning included
        raise damaged from None
    if min(image.size) < 1 or tuple(image.size) != tuple(size):
        raise damaged
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if not has_alpha or image.convert("RGBA").getextrema()[3][0] == 255:
        raise ValidationError(_("Ảnh phải có nền trong suốt (PNG có kênh alpha)."))
    return content
