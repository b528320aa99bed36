"""Text helpers for Vietnamese: folding diacritics for search and slugs, tidying typed text."""

import re
import unicodedata

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


def vn_slugify(text, max_length=80):
    """An ASCII slug for a Vietnamese name: "Sở Kế hoạch và Đầu tư" -> "so-ke-hoach-va-dau-tu"."""
    return slugify(fold(text))[:max_length].strip("-")


def normalize_lines(text):
    """``text`` as stored: line breaks as "\n" (browsers post "\r\n"), no trailing spaces or blank lines.

    One spelling for the same text, so that saving a form unchanged changes nothing and records nothing.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


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
