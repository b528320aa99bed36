"""Text helpers for Vietnamese: folding diacritics for search and slugs, tidying typed text."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify


def fold(text):
    """Lower-case ``text`` and strip Vietnamese diacritics ("Đầu tư" -> "dau tu").

    NFKD decomposes every accented letter except đ/Đ, which has no decomposition.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def search_words(text):
    """The folded words of a query or a text, punctuation dropped."""
    return re.findall(r"\w+", fold(text))


def spaced_words(text):
    """The folded words of ``text`` with a space before and after each: " ke hoach nam 2024 " ("" for none).

    A query word ``w`` matches the start of a word of this text where ``" w"`` occurs in it.
    """
    words = search_words(text)
    return f" {' '.join(words)} " if words else ""


class _Folding(dict):
    """``str.translate`` table, filled on first sight of each character: what ``fold`` makes of it.

    ``irregular`` collects the characters that do not fold to exactly one character (combining
    marks fold to none, "ß" to two): text without any keeps its positions when folded.
    """

    irregular = set()

    def __missing__(self, code):
        folded = fold(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        self[code] = folded
        return folded


_FOLDING = _Folding()
_WORD = re.compile(r"\w+")


def _folded_with_origins(text):
    """``fold(text)`` and, for each of its characters, the index in ``text`` of the character it comes from."""
    folded = text.translate(_FOLDING)
    if _FOLDING.irregular.isdisjoint(text):
        return folded, range(len(text))
    origins = []
    for index, char in enumerate(text):
        origins.extend([index] * len(_FOLDING[ord(char)]))
    return folded, origins


def match_spans(text, words):
    """The ``(start, end)`` spans of ``text`` where a word begins with one of the folded ``words``.

    Matching is on the folded text (as search matches), the spans are in the original text: "tuy"
    marks "tú" of "túy", a combining mark that follows stays inside the span.
    """
    prefixes = sorted(set(words), key=len, reverse=True)
    if not prefixes:
        return []
    folded, origins = _folded_with_origins(text)
    spans = []
    for match in _WORD.finditer(folded):
        token = match.group()
        prefix = next((prefix for prefix in prefixes if token.startswith(prefix)), None)
        if prefix is None:
            continue
        start = origins[match.start()]
        end = origins[match.start() + len(prefix) - 1] + 1
        while end < len(text) and not _FOLDING[ord(text[end])]:  # a combining mark belongs to its letter
            end += 1
        spans.append((start, end))
    return spans


def highlight(text, words, limit=None):
    """HTML of ``text`` (escaped) with the words found by ``words`` (folded query words) in ``<mark>``.

    With ``limit``, a longer text is cut to about ``limit`` characters around the first match, at
    word boundaries, with "…" where it was cut.
    """
    text = " ".join((text or "").split())
    before = after = ""
    if limit and len(text) > limit:
        spans = match_spans(text, words)
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 4)
        if start:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
            before = "… "
        end = start + limit
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
            after = " …"
        text = text[start:end]
    html, position = [escape(before)], 0
    for start, end in match_spans(text, words):
        html.append(escape(text[position:start]))
        html.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    html.append(escape(text[position:]))
    html.append(escape(after))
    return mark_safe("".join(html))  # every piece of text is escaped above


def vn_slugify(text, max_length=80):
    """An ASCII slug for a Vietnamese name: "Sở Kế hoạch và Đầu tư" -> "so-ke-hoach-va-dau-tu"."""
    return slugify(fold(text))[:max_length].strip("-")


class _Tidying(dict):
    """``str.translate`` table, filled on first sight of each character: what a stored text keeps of it.

    Spaces of every kind (tab, no-break space…) become " "; line and paragraph separators (U+2028,
    U+2029, U+0085, \\v, \\f) become "\\n"; other control and format characters (zero-width
    spaces and joiners, soft hyphens, bidirectional marks, NUL), lone surrogates and noncharacters go.
    """

    def __missing__(self, code):
        char = chr(code)
        category = unicodedata.category(char)
        if char == "\n" or category == "Zs" or char == "\t":
            result = char if char == "\n" else " "
        elif category in ("Zl", "Zp") or char in "\r\x0b\x0c\x1c\x1d\x1e\x85":
            result = "\n"
        elif category in ("Cc", "Cf", "Cs") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            result = None
        else:
            result = char
        self[code] = result
        return result


_TIDYING = _Tidying()
_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(value, multiline=False):
    """``value`` as the app stores every text: one spelling for what reads the same.

    Unicode NFC (Vietnamese typed with another keyboard or pasted from Word arrives decomposed),
    no control or format characters (U+2029 in a title made the PDF fail), spaces collapsed and
    trimmed. A ``multiline`` text (recipients, a priority task) keeps its lines ("\\n", whatever the
    browser posted), each trimmed, with at most one blank line between paragraphs; elsewhere line
    breaks become spaces.
    """
    text = (value or "").replace("\r\n", "\n").translate(_TIDYING)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        return _SPACES.sub(" ", text.replace("\n", " ")).strip(" ")
    lines = (_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def normalize_lines(text):
    """``text`` as stored in a multi-line field: see :func:`normalize_text`."""
    return normalize_text(text, multiline=True)


def shorten(text, length):
    """``text`` cut to at most ``length`` characters at a word boundary, "…" added when cut.

    "Đề án phát triển khu công nghiệp trên địa bàn" at 36 -> "Đề án phát triển khu công nghiệp…",
    never "…khu công nghiệp trê". A single word longer than ``length`` is cut inside it.
    """
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if text[length - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


#: Kept in capitals when a name typed in capitals is put in sentence case (place_case).
ACRONYMS = {"UBND", "HĐND", "VP"}
ADMINISTRATIVE_WORDS = {"tỉnh", "thành", "phố", "huyện", "xã", "phường"}


def sentence_case(text):
    """ "VĂN PHÒNG" -> "Văn phòng" (text typed in capitals; other text as it is)."""
    return text.capitalize() if text.isupper() else text


def place_case(text):
    """ "UBND TỈNH BẮC GIANG" -> "UBND tỉnh Bắc Giang" (a name typed in capitals, as headers have it)."""
    if not text.isupper():
        return text
    words = []
    for word in text.split():
        if word in ACRONYMS:
            words.append(word)
        elif word.lower() in ADMINISTRATIVE_WORDS:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)
