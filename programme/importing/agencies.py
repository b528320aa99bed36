"""Agencies as a programme names them, matched against the importing office's directory (each office has
its own: another office's agencies are never matched).

An item's suffix "(Sở Nội vụ, Sở KHĐT chuẩn bị)" lists agencies separated by commas, but
some names hold commas themselves ("Sở Văn hóa, Thể thao và Du lịch"): the longest run of
comma-separated pieces that names a known agency wins. A name is compared without case,
diacritics, spaces or punctuation, against each agency's name, its short name and the
abbreviation its name gives ("Sở Kế hoạch và Đầu tư" -> "Sở KH&ĐT", "Sở KHĐT"). A name that
matches no agency, or several, is returned as written and reported: it is never guessed.
"""

import re
from dataclasses import dataclass

from agenda.models import Agency, Office
from agenda.text import fold

#: Words an agency's name starts with: a piece starting otherwise continues the previous name.
AGENCY_WORDS = (
    "sở",
    "ban",
    "bộ",
    "ubnd",
    "ủy ban",
    "công an",
    "thanh tra",
    "văn phòng",
    "đài",
    "báo",
    "cục",
    "chi cục",
    "kho bạc",
    "ngân hàng",
    "bảo hiểm",
    "liên minh",
    "liên hiệp",
    "liên đoàn",
    "hội",
    "tỉnh đoàn",
    "trường",
    "trung tâm",
    "viện",
    "tòa án",
    "mặt trận",
    "ubmttq",
    "đảng ủy",
    "quỹ",
    "cảng",
    "hđnd",
    "các",
)
SKIPPED_WORDS = {"va"}


def key(name):
    """ "Sở KH&ĐT" -> "sokhdt": folded, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


def abbreviation_keys(name):
    """Keys of the usual abbreviations: the first word, then the initials ("Sở TN&MT"), "tỉnh" kept whole."""
    words = [word for word in re.findall(r"\w+", fold(name)) if word not in SKIPPED_WORDS]
    if len(words) < 3:
        return set()
    head, rest = words[0], words[1:]
    keys = {head + "".join(word[0] for word in rest)}
    if rest[-1] == "tinh":
        keys.add(head + "".join(word[0] for word in rest[:-1]) + "tinh")
    return keys


@dataclass
class Match:
    written: str
    #: The directory's agency, or None when the name matches no agency (or more than one).
    agency: Agency | None
    ambiguous: bool = False


class AgencyDirectory:
    """An office's agencies, looked up by any of their keys: ``agencies`` as given, else those of ``office``
    (the first office by default)."""

    def __init__(self, agencies=None, *, office=None):
        if agencies is None:
            agencies = Agency.objects.of(office if office is not None else Office.objects.get_solo())
        agencies = list(agencies)
        exact, abbreviated = {}, {}
        for agency in agencies:
            for value in {key(agency.name), key(agency.short_name)}:
                exact.setdefault(value, []).append(agency)
            for value in abbreviation_keys(agency.name):
                abbreviated.setdefault(value, []).append(agency)
        self._exact = exact
        self._abbreviated = abbreviated

    def lookup(self, name):
        """The agencies ``name`` may mean: exact names first, then abbreviations."""
        value = key(name)
        if not value:
            return []
        candidates = self._exact.get(value) or self._abbreviated.get(value) or []
        unique = list({agency.pk: agency for agency in candidates}.values())
        active = [agency for agency in unique if agency.is_active]
        return active if len(unique) > 1 and len(active) == 1 else unique

    def split(self, text):
        """The agencies of a suffix's text, in order, as :class:`Match` objects."""
        pieces = [piece.strip() for piece in text.split(",")]
        matches = []
        start = 0
        while start < len(pieces):
            end, found = self._longest_known(pieces, start)
            if found is None:
                end = start + 1
                while end < len(pieces) and not self._starts_a_name(pieces, end):
                    end += 1
                written = ", ".join(pieces[start:end])
                candidates = self.lookup(written)
                matches.append(Match(written, None, ambiguous=len(candidates) > 1))
            else:
                matches.append(Match(", ".join(pieces[start:end]), found))
            start = end
        return [match for match in matches if match.written]

    def _longest_known(self, pieces, start):
        for end in range(len(pieces), start, -1):
            candidates = self.lookup(", ".join(pieces[start:end]))
            if len(candidates) == 1:
                return end, candidates[0]
        return start, None

    def _starts_a_name(self, pieces, index):
        piece = pieces[index]
        if self.lookup(piece):
            return True
        folded = fold(piece)
        return any(folded == fold(word) or folded.startswith(fold(word) + " ") for word in AGENCY_WORDS)
