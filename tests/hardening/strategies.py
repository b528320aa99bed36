"""Hypothesis strategies for the whole input space the editing page and ``load_plan`` accept:
any Unicode text (control and format characters, separators, combining marks, surrogates from
JSON escapes), long texts up to the limits, dates anywhere in the month, 0..N items per part.

``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) multiplies every test's number of examples.
"""

import calendar
import datetime
import os

from hypothesis import strategies as st

from agenda.fields import ITEM_TITLE_MAX, PLACE_MAX, PRIORITY_TASK_MAX

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def examples(count):
    """``count`` examples in ``make test``; many more under ``make fuzz``."""
    return count * 50 if FUZZ else count


#: Characters that broke or could break a renderer: separators, controls, format characters, marks.
AWKWARD = (
    "\u2028\u2029\u0085\r\n\t\x00\x07\x0b\x0c\x1b\x7f\u00a0\u00ad\u200b\u200c\u200d\u200e\u202e\u2060"
    "\ufeff\ufffe\uffff\ufdd0\u0301\u0303\u0309\u0323\u20dd\ue000\U0001f600\U000e0001&<>\"'%{}\\"
)
VIETNAMESE_WORDS = ["Sở", "Kế hoạch", "Đầu tư", "Quyết định", "ban hành", "Nghị quyết", "HĐND", "tỉnh", "năm 2024"]


def any_characters(surrogates):
    categories = () if surrogates else ("Cs",)
    return st.characters(exclude_categories=categories)


def texts(max_size, surrogates=False):
    """Any text up to ``max_size`` characters: mostly short, sometimes near the limit."""
    piece = st.one_of(
        st.text(any_characters(surrogates), max_size=12),
        st.text(st.sampled_from(AWKWARD), min_size=1, max_size=6),
        st.sampled_from(VIETNAMESE_WORDS).map(lambda word: f"{word} "),
    )
    short = st.lists(piece, max_size=8).map("".join)
    long = st.tuples(short, st.integers(min_value=1, max_value=max_size)).map(
        lambda pair: ((pair[0] or "Đ ") * max_size)[: pair[1]]
    )
    return st.one_of(short, short, short, long).map(lambda text: text[:max_size])


def required_texts(max_size, surrogates=False):
    """A text that keeps something once normalised (an empty one is refused, rightly)."""
    from agenda.text import normalize_text

    def keep(text):
        return text if normalize_text(text).strip(";.") else f"Nội dung {text}"[:max_size]

    return texts(max_size, surrogates).map(keep)


@st.composite
def plan_files(draw, surrogates=True, max_items=3):
    """A plan in the interchange format, valid in its structure, with any text in its fields."""
    year, month = 2024, draw(st.integers(min_value=1, max_value=12))
    first, last = datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    days = st.dates(min_value=first, max_value=last)
    times = st.one_of(st.none(), st.times().map(lambda time: time.strftime("%H:%M")))
    text = required_texts(ITEM_TITLE_MAX, surrogates)
    place = texts(PLACE_MAX, surrogates)
    agency_names = st.lists(required_texts(200, surrogates), min_size=1, max_size=3, unique_by=_normalized)
    agencies = draw(agency_names)

    def item(agency_required=True):
        return st.fixed_dictionaries(
            {"title": text, "agencies": st.lists(st.sampled_from(agencies), min_size=int(agency_required), unique=True)}
        )

    session_days = draw(st.lists(days, max_size=2, unique=True))
    sessions = [
        {
            "date": day.isoformat(),
            "time": draw(times),
            "place": draw(place),
            "items": draw(st.lists(item(), max_size=max_items)),
        }
        for day in session_days
    ]
    conferences = [
        {**entry, "date": draw(days).isoformat(), "time": draw(times), "place": draw(place)}
        for entry in draw(st.lists(item(agency_required=False), max_size=max_items))
    ]
    data = {
        "year": year,
        "month": month,
        "title": draw(texts(300, surrogates)),
        "agencies": [{"name": name, "short_name": draw(texts(100, surrogates))} for name in agencies],
        "priority_tasks": draw(st.lists(required_texts(PRIORITY_TASK_MAX, surrogates), max_size=3)),
        "regular_sessions": sessions,
        "chairman_items": draw(st.lists(item(), max_size=max_items)),
        "conferences": conferences,
        "recipients": draw(st.lists(required_texts(100, surrogates), min_size=1, max_size=4)),
        "signer": {
            "authority": draw(required_texts(100, surrogates)),
            "position": draw(required_texts(100, surrogates)),
            "name": draw(required_texts(100, surrogates)),
        },
    }
    if not any((data["priority_tasks"], data["chairman_items"], conferences, *(s["items"] for s in sessions))):
        data["priority_tasks"] = ["Chỉ đạo thu ngân sách"]
    for session in sessions:
        if session["time"] is None:
            del session["time"]
    for conference in conferences:
        if conference["time"] is None:
            del conference["time"]
    return data


def _normalized(name):
    from agenda.text import normalize_text

    return normalize_text(name)
