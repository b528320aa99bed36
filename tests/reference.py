"""The reference programme (Bắc Giang, January 2024) as the tests read it.

``bac-giang-2024-01.txt`` is text extracted from the signed PDF: lines wrapped as on
paper, a stray page number, and the header block lost. ``reference_paragraphs`` joins
the wrapped lines back into the paragraphs of the document, in order.
"""

import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE_JSON = FIXTURES / "bac-giang-2024-01.json"
REFERENCE_TXT = FIXTURES / "bac-giang-2024-01.txt"

PARAGRAPH_START = re.compile(
    r"^(\d+\.\s|[AB]\.\s|[IVX]+\.\s|- |Nơi nhận:|TL\. |CHÁNH VĂN PHÒNG|Lê Tuấn Phú|Công tác của)"
)


def reference_data():
    return json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))


def normalise(text):
    """Collapse white space, as PDF extraction and HTML both reflow it."""
    return re.sub(r"\s+", " ", text).strip()


def reference_paragraphs():
    paragraphs = []
    for raw in REFERENCE_TXT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"[–-]+|\d+", line):
            continue  # blank lines, the rule under the title, the page number
        if PARAGRAPH_START.match(line) or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return [normalise(paragraph) for paragraph in paragraphs]


def assert_paragraphs_in_order(text, paragraphs=None):
    """Every reference paragraph occurs in ``text``, each after the previous one."""
    text = normalise(text)
    position = 0
    for paragraph in paragraphs or reference_paragraphs():
        found = text.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph!r}"
        position = found + len(paragraph)
