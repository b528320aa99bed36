"""What the two visible signatures look like, and where they go.

The PDF reserves a box between the signer's position and name (``exports.pdf``'s
``signature_box``). The competent person's signature is their signature image (blue, from their
profile), centred in the upper part of that box. The Office's is its red seal at its real size
(``Office.seal_diameter_mm``) over about the left third of that image, with the Office's name and
the signing time (ISO 8601, +07:00) to its right, in the strip under the image.

The text is set in Liberation Sans 2.x (full Vietnamese coverage), converted once to
1000 units/em (a glyph's advance is then its width in PDF text space) and cut to the glyphs of
Vietnamese; the converted file is cached under VAR_DIR. It is read once per process and its
embedded program is made once per set of characters (:class:`StampFont`), not at each signature.
The seal is the Office's uploaded image, else SIGNING_SEAL_IMAGE, else a red round seal drawn from
the Office's name.
"""

import functools
import hashlib
import io
import math
import threading
import unicodedata
import uuid
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STAMP_FONT_SOURCE = FONT_DIR / "LiberationSans-Regular.ttf"
SEAL_FONT_SOURCE = FONT_DIR / "LiberationSans-Bold.ttf"
STAMP_UNITS_PER_EM = 1000
SEAL_RED = (218, 37, 29)
SIGNATURE_BLUE = (20, 50, 160)
MM = 72 / 25.4  # PDF points per millimetre
TEXT_STRIP = 8 * MM  # under the signature image: the Office's stamp text
STAMP_FONT_SIZE = 6


#: What the stamp's text can need: ASCII, the Latin letters Vietnamese uses (Latin-1, Extended-A,
#: Ơ ơ Ư ư, the precomposed Ạ…ỹ), combining tone marks, dashes and quotes, ₫ €, №.
STAMP_FONT_UNICODES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x1A0, 0x1B0),
    (0x300, 0x323),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x203A),
    (0x20AB, 0x20AC),
    (0x2116, 0x2116),
)


def stamp_font_path():
    """The stamp font at 1000 units/em, converted on first use and kept under VAR_DIR.

    Its OpenType layout tables (GSUB, GPOS, GDEF, kern: ligatures, kerning) are dropped: the stamp's
    two lines need none (Vietnamese letters are precomposed glyphs), so a character is one glyph
    (what :class:`StampFont` relies on); so are its hinting instructions, which a PDF viewer ignores
    at 6 pt. It keeps only the glyphs of ``STAMP_FONT_UNICODES`` (about 500 of 2,600): the embedded
    program keeps every glyph id (the others emptied), so its size grows with the glyph count.
    """
    name = f"{STAMP_FONT_SOURCE.stem}-{STAMP_UNITS_PER_EM}upem-vi.ttf"
    target = Path(settings.VAR_DIR) / "fonts" / name
    if not target.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(STAMP_FONT_SOURCE)
        for table in ("GSUB", "GPOS", "GDEF", "kern"):
            if table in font:
                del font[table]
        options = subset.Options(
            layout_closure=False, notdef_outline=True, name_IDs=["*"], glyph_names=True, hinting=False
        )
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[code for low, high in STAMP_FONT_UNICODES for code in range(low, high + 1)])
        subsetter.subset(font)
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


def clear_image_cache():
    with _images_lock:
        _images.clear()


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


# -- the stamp's text: its font read once, its embedded program made once --------------------------
#
# pyHanko's GlyphAccumulator reads the font file, shapes with HarfBuzz and subsets the font with
# fontTools at every signature: about 20 ms of the seal's. The stamp's font needs none of it: it
# has no layout tables (Vietnamese letters are precomposed glyphs, and the text is put in NFC), so
# a character is one glyph and its advance. StampFont reads the font once per process; the program
# embedded in a PDF (the glyphs of the characters used, and every character a signing time may
# have, so that the time does not change it) is made once per set of characters and written into
# each document from memory, with its widths and its ToUnicode map (the text stays searchable).

#: Always in the embedded program, so that it is the same whatever the signing time.
TIME_CHARACTERS = "0123456789-:+T"
PROGRAM_CACHE_SIZE = 8


@dataclass(frozen=True)
class FontProgram:
    """What a PDF embeds of the stamp font for a set of characters: the font program (deflated),
    its clear length, the glyph widths (/W) and the ToUnicode CMap (deflated)."""

    program: bytes
    length: int
    widths: tuple
    to_unicode: bytes


class StampFont:
    """The stamp font as the PDFs embed it: metrics read once, programs made once per character set."""

    def __init__(self, path):
        from fontTools.ttLib import TTFont

        font = TTFont(path)
        self.path = path
        self.units_per_em = font["head"].unitsPerEm
        glyph_ids, advances = font.getReverseGlyphMap(), font["hmtx"].metrics
        self.glyphs = {code: (glyph_ids[name], advances[name][0]) for code, name in font.getBestCmap().items()}
        self.notdef = (0, advances[font.getGlyphOrder()[0]][0])
        self.postscript_name = (font["name"].getDebugName(6) or Path(path).stem).replace(" ", "")
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        self.metrics = {
            "ascent": hhea.ascent,
            "descent": hhea.descent,
            "bbox": (head.xMin, head.yMin, head.xMax, head.yMax),
            "italic_angle": getattr(font["post"], "italicAngle", 0),
            "cap_height": getattr(os2, "sCapHeight", 700),
            "stem_v": int(10 + 220 * (os2.usWeightClass - 50) / 900),
        }
        self._programs = OrderedDict()
        self._lock = threading.Lock()

    def glyph(self, char):
        """``(glyph id, advance)`` of ``char`` (.notdef for a character the font lacks)."""
        return self.glyphs.get(ord(char), self.notdef)

    def program(self, characters):
        """The embedded program for ``characters`` (a frozenset), made on first use."""
        with self._lock:
            found = self._programs.get(characters)
            if found is not None:
                self._programs.move_to_end(characters)
                return found
        made = self._make_program(characters)
        with self._lock:
            self._programs[characters] = made
            while len(self._programs) > PROGRAM_CACHE_SIZE:
                self._programs.popitem(last=False)
        return made

    def _make_program(self, characters):
        from fontTools import subset
        from fontTools.ttLib import TTFont

        by_glyph = {}
        for char in sorted(characters):
            glyph_id, width = self.glyph(char)
            if glyph_id:
                by_glyph.setdefault(glyph_id, (width, char))
        font = TTFont(self.path)  # subsetting changes the font it is given
        # Glyph ids kept (the others emptied): the PDF shows glyph ids (CIDToGIDMap /Identity).
        options = subset.Options(layout_closure=False, retain_gids=True, notdef_outline=True)
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=[0, *sorted(by_glyph)])
        subsetter.subset(font)
        stream = io.BytesIO()
        font.save(stream)
        clear = stream.getvalue()
        mappings = "\n".join(
            f"<{glyph_id:04X}> <{char.encode('utf-16-be').hex().upper()}>"
            for glyph_id, (_w, char) in sorted(by_glyph.items())
        )
        to_unicode = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{len(by_glyph)} beginbfchar\n{mappings}\nendbfchar\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        )
        return FontProgram(
            program=zlib.compress(clear),
            length=len(clear),
            widths=tuple((glyph_id, width) for glyph_id, (width, _char) in sorted(by_glyph.items())),
            to_unicode=zlib.compress(to_unicode.encode("ascii")),
        )


_stamp_fonts = {}
_stamp_fonts_lock = threading.Lock()


def stamp_font():
    """The process's :class:`StampFont` (read again when the converted file is another)."""
    path = stamp_font_path()
    stat = path.stat()
    key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _stamp_fonts_lock:
        font = _stamp_fonts.get(key)
    if font is None:
        font = StampFont(str(path))
        with _stamp_fonts_lock:
            _stamp_fonts.clear()
            _stamp_fonts[key] = font
    return font


@functools.cache
def _stamp_font_engine_class():
    """A pyHanko FontEngine writing the stamp's text with a :class:`StampFont` (made on first use:
    pyHanko is imported only when signing)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.api import FontEngine, ShapeResult
    from pyhanko.pdf_utils.generic import pdf_name

    class StampFontEngine(FontEngine):
        def __init__(self, writer, font, font_size, obj_stream=None):
            super().__init__(
                writer, font.postscript_name, embedded_subset=True, obj_stream=obj_stream, font_size=font_size
            )
            self.font = font
            self.characters = set(TIME_CHARACTERS)
            self._reference = writer.allocate_placeholder()
            self._written = False

        @property
        def uses_complex_positioning(self):
            return False  # a glyph advances by its /W width: the text operators' own positioning

        def shape(self, txt):
            txt = unicodedata.normalize("NFC", txt)
            codes, advance = [], 0
            for char in txt:
                glyph_id, width = self.font.glyph(char)
                if glyph_id:
                    self.characters.add(char)
                codes.append(glyph_id.to_bytes(2, "big"))
                advance += width
            stream = io.BytesIO()
            stream.write(b"/Span ")
            generic.DictionaryObject({pdf_name("/ActualText"): generic.TextStringObject(txt)}).write_to_stream(stream)
            stream.write(b" BDC <" + b"".join(codes).hex().encode("ascii") + b"> Tj EMC")
            return ShapeResult(stream.getvalue(), advance / self.font.units_per_em, 0)

        def as_resource(self):
            return self._reference

        def prepare_write(self):
            if self._written:
                return
            self._written = True
            font, writer = self.font, self.writer
            made = font.program(frozenset(self.characters))
            name = pdf_name(f"/{self.subset_prefix}+{font.postscript_name}")
            program = generic.StreamObject(
                {
                    pdf_name("/Length1"): generic.NumberObject(made.length),
                    pdf_name("/Filter"): pdf_name("/FlateDecode"),
                },
                encoded_data=made.program,
            )
            metrics = font.metrics
            descriptor = generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/FontDescriptor"),
                    pdf_name("/FontName"): name,
                    pdf_name("/Flags"): generic.NumberObject(4),  # symbolic: glyphs by id, no standard encoding
                    pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in metrics["bbox"]),
                    pdf_name("/ItalicAngle"): generic.FloatObject(metrics["italic_angle"]),
                    pdf_name("/Ascent"): generic.NumberObject(metrics["ascent"]),
                    pdf_name("/Descent"): generic.NumberObject(metrics["descent"]),
                    pdf_name("/CapHeight"): generic.NumberObject(metrics["cap_height"]),
                    pdf_name("/StemV"): generic.NumberObject(metrics["stem_v"]),
                    pdf_name("/FontFile2"): writer.add_object(program),
                }
            )
            widths = generic.ArrayObject()
            for glyph_id, width in made.widths:
                widths.append(generic.NumberObject(glyph_id))
                widths.append(generic.ArrayObject([generic.NumberObject(width)]))
            cid_font = generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                    pdf_name("/BaseFont"): name,
                    pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                        {
                            pdf_name("/Registry"): generic.TextStringObject("Adobe"),
                            pdf_name("/Ordering"): generic.TextStringObject("Identity"),
                            pdf_name("/Supplement"): generic.NumberObject(0),
                        }
                    ),
                    pdf_name("/FontDescriptor"): writer.add_object(descriptor),
                    pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
                    pdf_name("/DW"): generic.NumberObject(font.notdef[1]),
                    pdf_name("/W"): widths,
                }
            )
            to_unicode = generic.StreamObject(
                {pdf_name("/Filter"): pdf_name("/FlateDecode")}, encoded_data=made.to_unicode
            )
            type0 = generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/Type0"),
                    pdf_name("/BaseFont"): name,
                    pdf_name("/Encoding"): pdf_name("/Identity-H"),
                    pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                    pdf_name("/ToUnicode"): writer.add_object(to_unicode),
                }
            )
            writer.add_object(type0, idnum=self._reference.idnum)

    return StampFontEngine


@dataclass(frozen=True)
class StampFontFactory:
    """The pyHanko font factory of the stamp's text (a ``FontEngineFactory``)."""

    font_size: int = STAMP_FONT_SIZE

    def create_font_engine(self, writer, obj_stream=None):
        return _stamp_font_engine_class()(writer, stamp_font(), self.font_size, obj_stream)


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
    from issuing.signing import APPROVER_FIELD, Stamp

    page_index, *rect = signature_box
    rect = tuple(rect)
    approver = approver_box(rect, image.size)
    layout = {"page": page_index, "box": list(rect), "approver": list(approver)}
    return Stamp(APPROVER_FIELD, page_index, approver, approver_style(image)), layout


def office_stamp(office, layout, moment):
    """The Office's visible signature: its seal over the left third of the approver's image."""
    from issuing.signing import OFFICE_FIELD, Stamp

    rect = tuple(layout["box"])
    field_box = office_box(rect, tuple(layout["approver"]), office.seal_diameter_mm)
    return Stamp(
        OFFICE_FIELD,
        layout["page"],
        field_box,
        office_style(office, field_box, rect),
        {"organisation": str(office), "signing_time": signing_time_text(moment)},
    )
