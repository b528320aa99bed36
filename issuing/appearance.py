"""What the visible signature looks like: the seal and the signer's text, in Vietnamese.

The text is set in Liberation Sans 2.x (full Vietnamese coverage), converted once to
1000 units/em because pyHanko writes wrong glyph widths for 2048 units/em fonts; the
converted file is cached under VAR_DIR. The seal is the configured image
(SIGNING_SEAL_IMAGE) or a red round seal drawn from the Office's name.
"""

import functools
import math
from pathlib import Path

from django.conf import settings

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STAMP_FONT_SOURCE = FONT_DIR / "LiberationSans-Regular.ttf"
SEAL_FONT_SOURCE = FONT_DIR / "LiberationSans-Bold.ttf"
STAMP_UNITS_PER_EM = 1000
SEAL_RED = (218, 37, 29)


def stamp_font_path():
    """The stamp font at 1000 units/em, converted on first use and kept under VAR_DIR."""
    target = Path(settings.VAR_DIR) / "fonts" / f"{STAMP_FONT_SOURCE.stem}-{STAMP_UNITS_PER_EM}upem.ttf"
    if not target.exists():
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(STAMP_FONT_SOURCE)
        scale_upem(font, STAMP_UNITS_PER_EM)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{id(font)}.tmp")
        font.save(temporary)
        temporary.replace(target)
    return target


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
    from PIL import Image

    if settings.SIGNING_SEAL_IMAGE:
        return Image.open(settings.SIGNING_SEAL_IMAGE).convert("RGBA")
    return _generated_seal(office.name.upper(), office.parent_body.upper(), size).copy()


def signing_time_text(moment):
    """ISO 8601 with the Vietnam offset: 2023-12-28T10:15:30+07:00."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).replace(microsecond=0).isoformat()


def stamp_style(office, box_width, box_height):
    """The pyHanko stamp style: the seal over the left third, the text to its right (shrunk to fit)."""
    from pyhanko.pdf_utils import layout, text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import TextStampStyle

    font_size = 7
    seal_width = min(box_height, box_width * 0.4)
    return TextStampStyle(
        stamp_text="Ký bởi: %(signer_name)s\nCơ quan: %(organisation)s\nThời gian ký: %(signing_time)s",
        text_box_style=text.TextBoxStyle(
            font=GlyphAccumulatorFactory(str(stamp_font_path()), font_size=font_size),
            font_size=font_size,
            leading=font_size + 2,
        ),
        border_width=0,
        background=PdfImage(seal_image(office)),
        background_opacity=1,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(right=int(box_width - seal_width)),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=int(seal_width) + 2, right=1),
        ),
    )
