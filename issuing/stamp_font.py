"""The stamp's text font: Liberation Sans 2.x cut to the letters of Vietnamese, at 1000 units/em.

pyHanko's own font handling (GlyphAccumulator) reads the font file, shapes with HarfBuzz and subsets
the font with fontTools at every signature. The stamp's two lines need none of it: this module
converts the font once per VAR_DIR, or per process with object storage (:func:`stamp_font_path`),
reads it once per process (:func:`stamp_font`) and makes its embedded program once per set of characters
(:class:`StampFont`); :class:`StampFontFactory` is what a pyHanko text box style is given.
"""

import functools
import io
import threading
import unicodedata
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ubnd_schedule.storage import object_storage, process_directory

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
STAMP_FONT_SOURCE = FONT_DIR / "LiberationSans-Regular.ttf"
STAMP_UNITS_PER_EM = 1000
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
    """The stamp font at 1000 units/em, converted on first use and kept (:func:`_font_directory`).

    Its OpenType layout tables (GSUB, GPOS, GDEF, kern: ligatures, kerning) are dropped: the stamp's
    two lines need none (Vietnamese letters are precomposed glyphs), so a character is one glyph
    (what :class:`StampFont` relies on); so are its hinting instructions, which a PDF viewer ignores
    at 6 pt. It keeps only the glyphs of ``STAMP_FONT_UNICODES`` (about 500 of 2,600): the embedded
    program keeps every glyph id (the others emptied), so its size grows with the glyph count.
    """
    name = f"{STAMP_FONT_SOURCE.stem}-{STAMP_UNITS_PER_EM}upem-vi.ttf"
    target = _font_directory() / name
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


def _font_directory():
    """VAR_DIR/fonts (converted once per server); with object storage (S3_BUCKET), where nothing is written under
    VAR_DIR, a private directory of this process in the system's temporary directory, removed at exit (converted
    once per process: a fraction of a second)."""
    if object_storage():
        return process_directory("stamp-font")
    return Path(settings.VAR_DIR) / "fonts"


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
