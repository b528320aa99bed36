"""What the two visible signatures look like, and where they go.

The PDF reserves a box between the signer's position and name (``exports.pdf``'s
``signature_box``). The competent person's signature is their signature image (blue, from their
profile), centred in the upper part of that box. The Office's is its red seal at its real size
(``Office.seal_diameter_mm``) over about the left third of that image, with the Office's name and
the signing time (ISO 8601, +07:00) to its right, in the strip under the image.

The text is set in Liberation Sans 2.x (full Vietnamese coverage), converted once to
1000 units/em (a glyph's advance is then its width in PDF text space) and cut to the glyphs of
Vietnamese; the converted file is cached (under VAR_DIR; per process with object storage). It is
read once per process and its embedded program is made once per set of characters
(``issuing.stamp_font``), not at each signature.
The seal is the Office's uploaded image, else SIGNING_SEAL_IMAGE, else a red round seal drawn from
the Office's name.
"""

import functools
import hashlib
import io
import math
import threading
import uuid
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from issuing.signing import APPROVER_FIELD, OFFICE_FIELD, Stamp
from issuing.stamp_font import FONT_DIR, STAMP_FONT_SIZE, StampFontFactory

SEAL_FONT_SOURCE = FONT_DIR / "LiberationSans-Bold.ttf"
SEAL_RED = (218, 37, 29)
SIGNATURE_BLUE = (20, 50, 160)
MM = 72 / 25.4  # PDF points per millimetre
TEXT_STRIP = 8 * MM  # under the signature image: the Office's stamp text


@functools.lru_cache(maxsize=8)
def _generated_seal(top_text, bottom_text, size):
    from PIL import Image, ImageDraw, ImageFont

    scale = 4  # draw large, then shrink: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = big / 2
    colour = (*SEAL_RED, 235)
    for radius, width in ((big * 0.48, big * 0.025), (big * 0.34, big * 0.012)):
        draw.ellipse(
            (centre - radius, centre - radius, centre + radius, centre + radius), outline=colour, width=int(width)
        )
    _draw_star(draw, centre, centre, big * 0.12, colour)
    font = ImageFont.truetype(str(SEAL_FONT_SOURCE), int(big * 0.075))
    _draw_arc_text(image, top_text, centre, big * 0.41, font, colour, top=True)
    if bottom_text:
        _draw_arc_text(image, bottom_text, centre, big * 0.41, font, colour, top=False)
    return image.resize((size, size), Image.LANCZOS)


def _draw_star(draw, cx, cy, radius, colour):
    points = []
    for index in range(10):
        angle = -math.pi / 2 + index * math.pi / 5
        length = radius if index % 2 == 0 else radius * 0.4
        points.append((cx + length * math.cos(angle), cy + length * math.sin(angle)))
    draw.polygon(points, fill=colour)


def _draw_arc_text(image, text, centre, radius, font, colour, *, top):
    """Letters set along a circle: clockwise over the top, counter-clockwise under the bottom."""
    from PIL import Image, ImageDraw

    widths = [font.getlength(char) for char in text]
    spacing = font.size * 0.08
    total = sum(widths) + spacing * (len(text) - 1)
    span = total / radius  # radians
    angle = (-math.pi / 2 - span / 2) if top else (math.pi / 2 + span / 2)
    direction = 1 if top else -1
    cell = int(font.size * 2)
    for char, width in zip(text, widths, strict=True):
        step = (width + spacing) / radius
        middle = angle + direction * (width / 2) / radius
        x = centre + radius * math.cos(middle)
        y = centre + radius * math.sin(middle)
        glyph = Image.new("RGBA", (cell, cell), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((cell / 2, cell / 2), char, font=font, fill=colour, anchor="mm")
        rotation = -math.degrees(middle) - 90 if top else -math.degrees(middle) + 90
        glyph = glyph.rotate(rotation, resample=Image.BICUBIC)
        image.alpha_composite(glyph, (int(x - cell / 2), int(y - cell / 2)))
        angle += direction * step


def seal_image(office, size=400):
    """The seal as a transparent RGBA Pillow image."""
    return _decoded(_seal_source(office, size)).copy()


def _seal_source(office, size):
    """What the seal is drawn from, as a key that changes whenever the image would."""
    if office.seal_image:
        content = bytes(office.seal_image)
        return ("uploaded", hashlib.sha256(content).hexdigest(), content)
    if settings.SIGNING_SEAL_IMAGE:
        path = Path(settings.SIGNING_SEAL_IMAGE)
        stat = path.stat()
        return ("file", str(path), stat.st_size, stat.st_mtime_ns)
    return ("generated", office.name.upper(), office.parent_body.upper(), size)


def _signature_source(png, name):
    if png:
        content = bytes(png)
        return ("uploaded", hashlib.sha256(content).hexdigest(), content)
    return ("signature", name or "Ký duyệt")


@functools.lru_cache(maxsize=32)
def _generated_signature(name):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-BoldItalic.ttf"), 96)
    width = int(font.getlength(name)) + 80
    image = Image.new("RGBA", (width, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = (*SIGNATURE_BLUE, 255)
    draw.text((40, 40), name, font=font, fill=colour)
    # An underline stroke, as a hand would finish the signature.
    draw.line([(30, 165), (width * 0.45, 150), (width - 20, 160)], fill=colour, width=6, joint="curve")
    return image


def generated_signature_png(name):
    """A blue signature image drawn from ``name`` (for the demo and for approvers without an image)."""
    stream = io.BytesIO()
    _generated_signature(name).save(stream, format="PNG")
    return stream.getvalue()


def signature_image(png, name):
    """The approver's signature image (their uploaded PNG, else one drawn from their name)."""
    return _decoded(_signature_source(png, name)).copy()


# -- images decoded and encoded once ----------------------------------------------------------
#
# The seal and the signature images are decoded from their PNG (or drawn), then split into colour
# and alpha and deflated for the PDF, once per process and source: the cache keys are the source
# itself (the uploaded bytes' SHA-256, the configured file's path, size and modification time, or
# the text a generated image is drawn from), so a new upload or a replaced file is a new key.
# A source is ``(kind, ...)``; an uploaded one carries its bytes last, for the loader only: the
# cache key (``_cache_key``) names them by their digest.

IMAGE_CACHE_SIZE = 16
_images = OrderedDict()
_images_lock = threading.Lock()


def _remember(key, make):
    with _images_lock:
        if key in _images:
            _images.move_to_end(key)
            return _images[key]
    value = make()
    with _images_lock:
        _images[key] = value
        while len(_images) > IMAGE_CACHE_SIZE:
            _images.popitem(last=False)
    return value


def _cache_key(source):
    """The source without the uploaded bytes (identified by their digest)."""
    return source[:2] if source[0] == "uploaded" else source


def _decoded(source):
    return _remember(("decoded", *_cache_key(source)), lambda: _load(source))


def _load(source):
    from PIL import Image

    kind = source[0]
    if kind == "uploaded":
        image = Image.open(io.BytesIO(source[2])).convert("RGBA")
    elif kind == "file":
        image = Image.open(source[1]).convert("RGBA")
    elif kind == "generated":
        image = _generated_seal(*source[1:])
    else:
        image = _generated_signature(source[1])
    image.info[SOURCE_INFO] = _cache_key(source)
    return image


#: Where a decoded image keeps the key of its source, so that its PDF encoding is found again.
SOURCE_INFO = "issuing-source"


@dataclass(frozen=True)
class EncodedImage:
    """An RGB(A) image as a PDF image XObject wants it: deflated colour samples, deflated alpha."""

    width: int
    height: int
    colour: bytes
    alpha: bytes | None


def encoded_image(image):
    """``image`` (Pillow) deflated for the PDF; from the cache when ``image`` came from a known source.

    An image from :func:`seal_image` or :func:`signature_image` carries its source's key (in
    ``image.info``) and stands for that source: draw on a copy without it, or the cached encoding
    of the source is what gets signed.
    """
    key = image.info.get(SOURCE_INFO)
    if key is None:
        return _encode(image)
    return _remember(("encoded", *key), lambda: _encode(image))


def _encode(image):
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    alpha = None
    if image.mode == "RGBA":
        alpha = zlib.compress(image.getchannel("A").tobytes())
        image = image.convert("RGB")
    return EncodedImage(image.width, image.height, zlib.compress(image.tobytes()), alpha)


def pdf_image(image):
    """A pyHanko image content for ``image``, written into each document from its cached encoding."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import BoxConstraints

    encoded = encoded_image(image)

    def stream(data, colour_space):
        return generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Image"),
                pdf_name("/Width"): generic.NumberObject(encoded.width),
                pdf_name("/Height"): generic.NumberObject(encoded.height),
                pdf_name("/ColorSpace"): pdf_name(colour_space),
                pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                pdf_name("/Filter"): pdf_name("/FlateDecode"),
            },
            encoded_data=data,
        )

    class CachedPdfImage(PdfImage):
        """pyHanko's PdfImage, its XObject made from the cached encoding instead of the pixels."""

        def __init__(self):
            PdfContent.__init__(self, box=BoxConstraints(encoded.width, encoded.height))
            self.image = encoded  # PdfImage.render reads its width and height
            self.name = uuid.uuid4().hex
            self.opacity = None
            self._image_ref = None

        @property
        def image_ref(self):
            reference = self._image_ref
            if reference is None or reference.get_pdf_handler() is not self.writer:
                colour = stream(encoded.colour, "/DeviceRGB")
                if encoded.alpha is not None:
                    colour[pdf_name("/SMask")] = self.writer.add_object(stream(encoded.alpha, "/DeviceGray"))
                reference = self._image_ref = self.writer.add_object(colour)
            return reference

    return CachedPdfImage()


def signing_time_text(moment):
    """ISO 8601 with the Vietnam offset: 2023-12-28T10:15:30+07:00."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).replace(microsecond=0).isoformat()


def approver_box(box, image_size):
    """The rectangle of the approver's signature image inside ``box`` (x1, y1, x2, y2, points):
    as large as fits in three quarters of the width above the text strip, centred."""
    x1, y1, x2, y2 = box
    room_width, room_height = (x2 - x1) * 0.75, (y2 - y1) - TEXT_STRIP
    image_width, image_height = image_size
    scale = min(room_width / image_width, room_height / image_height)
    width, height = image_width * scale, image_height * scale
    left = x1 + ((x2 - x1) - width) / 2
    bottom = y1 + TEXT_STRIP + (room_height - height) / 2
    return (left, bottom, left + width, bottom + height)


def office_box(box, approver, diameter_mm):
    """The Office's stamp: the seal's square (real size) over the left third of the approver's image,
    widened to the right edge of ``box`` for its text."""
    diameter = diameter_mm * MM
    left, bottom, right, top = approver
    seal_right = left + (right - left) / 3
    middle = (bottom + top) / 2
    return (seal_right - diameter, middle - diameter / 2, max(box[2], seal_right + 1), middle + diameter / 2)


def _text_style(font_size=STAMP_FONT_SIZE):
    from pyhanko.pdf_utils import text

    return text.TextBoxStyle(font=StampFontFactory(font_size), font_size=font_size, leading=font_size + 2)


def approver_style(image):
    """The approver's stamp: only their signature image, filling the field (no text, so no font to
    embed and subset)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        border_width=0,
        background=pdf_image(image),
        background_opacity=1,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID
        ),
    )


def office_style(office, field_box, signature_box):
    """The Office's stamp: the seal at the left of ``field_box`` at its real size, the name and
    signing time to its right, at the height of the text strip of ``signature_box``."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import TextStampStyle

    x1, y1, x2, y2 = field_box
    width = x2 - x1
    diameter = y2 - y1
    text_bottom = max(0, signature_box[1] + 1 * MM - y1)
    return TextStampStyle(
        stamp_text="Ký bởi: %(organisation)s\nThời gian ký: %(signing_time)s",
        text_box_style=_text_style(),
        border_width=0,
        background=pdf_image(_decoded(_seal_source(office, 400))),
        background_opacity=1,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(right=int(width - diameter)),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=int(diameter) + 2, bottom=int(text_bottom), right=1),
        ),
    )


def approver_stamp(signature_box, image):
    """The approver's visible signature for the PDF's ``signature_box`` (page, x1, y1, x2, y2), and
    the layout the Office's seal follows: ``(Stamp, layout)``."""
    page_index, *rect = signature_box
    rect = tuple(rect)
    approver = approver_box(rect, image.size)
    layout = {"page": page_index, "box": list(rect), "approver": list(approver)}
    return Stamp(APPROVER_FIELD, page_index, approver, approver_style(image)), layout


def office_stamp(office, layout, moment):
    """The Office's visible signature: its seal over the left third of the approver's image."""
    rect = tuple(layout["box"])
    field_box = office_box(rect, tuple(layout["approver"]), office.seal_diameter_mm)
    return Stamp(
        OFFICE_FIELD,
        layout["page"],
        field_box,
        office_style(office, field_box, rect),
        {"organisation": str(office), "signing_time": signing_time_text(moment)},
    )
