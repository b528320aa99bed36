"""Checks of uploaded files by their content, shared by the admin and the workspace."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validated_transparent_png(upload, max_bytes, max_side):
    """The bytes of ``upload`` when it is a PNG with transparency within the limits; else a form error."""
    import io

    from PIL import Image, UnidentifiedImageError

    if upload.size > max_bytes:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s KB); tối đa %(max)s KB.") % {"size": upload.size // 1024, "max": max_bytes // 1024}
        )
    content = upload.read()
    if not content.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError(_("Tệp không phải ảnh PNG."))
    try:
        image = Image.open(io.BytesIO(content))
        image.verify()
        image = Image.open(io.BytesIO(content))
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(_("Không đọc được ảnh PNG (tệp hỏng)."))
    if max(image.size) > max_side:
        raise ValidationError(
            _("Ảnh quá lớn (%(w)s × %(h)s điểm ảnh); tối đa %(max)s điểm ảnh mỗi chiều.")
            % {"w": image.size[0], "h": image.size[1], "max": max_side}
        )
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if not has_alpha or image.convert("RGBA").getextrema()[3][0] == 255:
        raise ValidationError(_("Ảnh phải có nền trong suốt (PNG có kênh alpha)."))
    return content
