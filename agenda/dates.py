"""Vietnamese calendar rules: weekday labels, the decree's date style, working days.

Working days are Monday to Friday minus Vietnam's public holidays (Tết included),
as the ``holidays`` package lists them.
"""

import datetime
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The ``holidays`` package writes "Tết Nguyên Đán"; the programme, like official documents, writes
# "Tết Nguyên đán": the warnings use the document's spelling.
HOLIDAY_SPELLINGS = {"Tết Nguyên Đán": "Tết Nguyên đán"}

WEEKDAY_LABELS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday_label(day):
    """The weekday of ``day`` as Vietnamese documents write it: "thứ Sáu", "Chủ nhật"."""
    return WEEKDAY_LABELS[day.weekday()]


def month_number(month):
    """Months 1 and 2 take a leading zero, the others none (Nghị định 30/2020)."""
    return f"{month:02d}" if month <= 2 else str(month)


def day_number(day):
    return f"{day:02d}"


def short_date(day):
    """ "19/01/2024", "05/3/2024"."""
    return f"{day_number(day.day)}/{month_number(day.month)}/{day.year}"


def dated_label(day, *, start=False):
    """ "ngày 19/01/2024 (thứ Sáu)", as it reads inside a sentence ("Phiên họp thường kỳ ngày …",
    "Chuyển từ ngày … sang ngày …"); ``start``: "Ngày 19/01/2024 (thứ Sáu)", for a line or a label that
    begins with it."""
    return f"{'Ngày' if start else 'ngày'} {short_date(day)} ({weekday_label(day)})"


def time_label(time):
    """ "14 giờ 00"."""
    return f"{time.hour:02d} giờ {time.minute:02d}"


def when_and_where(day, time=None, place=""):
    """ "Ngày 18/02/2024 (Chủ nhật), 14 giờ 00, tại Hội trường tỉnh": the date, then the time and
    place when given, as the document writes a meeting."""
    text = dated_label(day, start=True)
    if time is not None:
        text += f", {time_label(time)}"
    if place:
        text += f", tại {place}"
    return text


def long_date(day):
    """ "ngày 05 tháng 01 năm 2024", as in the place-and-date line."""
    return f"ngày {day_number(day.day)} tháng {month_number(day.month)} năm {day.year}"


def month_label(year, month):
    """ "tháng 01 năm 2024"."""
    return f"tháng {month_number(month)} năm {year}"


def shift_month(year, month, delta):
    """(year, month) ``delta`` months later (earlier when negative)."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def from_month(year, month, prefix="plan__"):
    """A filter for rows of plans of (year, month) or later, ``prefix`` leading to the plan's fields:
    a condition the (year, month) index of plans answers, to read a window of the archive, not all of it."""
    return Q(**{f"{prefix}year__gt": year}) | Q(**{f"{prefix}year": year, f"{prefix}month__gte": month})


def reader_month_label(year, month):
    """The month in the reader's language: "tháng 01 năm 2024" in Vietnamese, "January 2024" in English.

    For what the interface says (emails, messages); the document itself always uses month_label().
    """
    if (get_language() or "vi").startswith("vi"):
        return month_label(year, month)
    return formats.date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


@lru_cache(maxsize=64)
def _holidays_of(year):
    return holidays.country_holidays("VN", years=year, language="vi")


def holiday_name(day):
    """The name of the public holiday on ``day`` as the document spells it ("Tết Nguyên đán"), or None."""
    name = _holidays_of(day.year).get(day)
    if name is None:
        return None
    for package_spelling, spelling in HOLIDAY_SPELLINGS.items():
        name = name.replace(package_spelling, spelling)
    return name


def is_working_day(day):
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day):
    """The first working day after ``day``."""
    following = day + datetime.timedelta(days=1)
    while not is_working_day(following):
        following += datetime.timedelta(days=1)
    return following


def working_days_before(day, count):
    """The date ``count`` working days before ``day``."""
    current = day
    remaining = count
    while remaining > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def date_warnings(day):
    """Warnings (not errors) for a meeting date that is not a working day."""
    if day is None:
        return []
    warnings = []
    name = holiday_name(day)
    if name:
        warnings.append(_("Ngày %(date)s là ngày nghỉ lễ (%(holiday)s).") % {"date": short_date(day), "holiday": name})
    if day.weekday() >= 5:
        warnings.append(
            _("Ngày %(date)s là %(weekday)s, ngày nghỉ cuối tuần.")
            % {"date": short_date(day), "weekday": weekday_label(day)}
        )
    return warnings
