import datetime

import pytest

from agenda import dates


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (datetime.date(2024, 1, 15), "thứ Hai"),
        (datetime.date(2024, 1, 23), "thứ Ba"),
        (datetime.date(2024, 1, 24), "thứ Tư"),
        (datetime.date(2024, 1, 18), "thứ Năm"),
        (datetime.date(2024, 1, 19), "thứ Sáu"),
        (datetime.date(2024, 1, 20), "thứ Bảy"),
        (datetime.date(2024, 1, 21), "Chủ nhật"),
    ],
)
def test_weekday_label_is_computed_from_the_date(day, label):
    assert dates.weekday_label(day) == label


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [
        (datetime.date(2024, 1, 19), "19/01/2024", "ngày 19 tháng 01 năm 2024"),
        (datetime.date(2024, 3, 5), "05/3/2024", "ngày 05 tháng 3 năm 2024"),
        (datetime.date(2024, 2, 29), "29/02/2024", "ngày 29 tháng 02 năm 2024"),
        (datetime.date(2023, 12, 28), "28/12/2023", "ngày 28 tháng 12 năm 2023"),
    ],
)
def test_dates_are_written_as_the_decree_writes_them(day, short, long):
    assert dates.short_date(day) == short
    assert dates.long_date(day) == long


def test_dated_label_reads_like_the_reference():
    assert dates.dated_label(datetime.date(2024, 1, 19), start=True) == "Ngày 19/01/2024 (thứ Sáu)"


def test_tet_and_weekends_are_not_working_days():
    assert dates.is_working_day(datetime.date(2024, 1, 19))
    assert not dates.is_working_day(datetime.date(2024, 1, 20))  # Saturday
    assert not dates.is_working_day(datetime.date(2024, 2, 12))  # Mùng ba Tết, a Monday
    assert not dates.is_working_day(datetime.date(2024, 9, 2))  # Quốc khánh


def test_working_days_before_skips_weekends_and_tet():
    # 19/01/2024 is a Friday: five working days before is Friday 12/01.
    assert dates.working_days_before(datetime.date(2024, 1, 19), 5) == datetime.date(2024, 1, 12)
    # Thursday 15/02/2024 follows Tết (08/02-14/02): the three working days before are 07, 06 and 05/02.
    assert dates.working_days_before(datetime.date(2024, 2, 15), 3) == datetime.date(2024, 2, 5)


def test_weekend_and_holiday_give_warnings_in_vietnamese():
    assert dates.date_warnings(datetime.date(2024, 1, 19)) == []
    saturday = dates.date_warnings(datetime.date(2024, 1, 20))
    assert saturday == ["Ngày 20/01/2024 là thứ Bảy, ngày nghỉ cuối tuần."]
    tet = dates.date_warnings(datetime.date(2024, 2, 12))
    assert len(tet) == 1 and "ngày nghỉ lễ" in tet[0] and "Tết" in tet[0]


def test_holiday_warnings_spell_tet_as_the_document_does():
    assert dates.holiday_name(datetime.date(2024, 2, 10)) == "Tết Nguyên đán"
    assert dates.holiday_name(datetime.date(2024, 2, 12)) == "Mùng ba Tết Nguyên đán"
    warnings = [warning for day in range(8, 15) for warning in dates.date_warnings(datetime.date(2024, 2, day))]
    assert any("Tết Nguyên đán" in warning for warning in warnings)
    assert not any("Nguyên Đán" in warning for warning in warnings)
