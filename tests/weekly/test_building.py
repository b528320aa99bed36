"""Week 3 of 2024 built from the issued January: its conference of Thursday 18/01 and its session of Friday 19/01
with their agencies; building again adds nothing; copying the recurring giao ban; what a draft refuses."""

import datetime

import pytest

from weekly.errors import WeekError
from weekly.models import Entry, EntryAgency, Week
from weekly.services import build_week, copy_recurring, save_entry, with_links

from .conftest import WEEK, YEAR


def entries_of(week):
    return list(with_links(week.entries.all()))


def test_week_3_holds_the_conference_of_thursday_and_the_session_of_friday(office, issued_january, leaders):
    week, added = build_week(office, YEAR, WEEK)
    entries = entries_of(week)
    assert added == len(entries) == 3  # Monday's reception of citizens too (15/01)
    by_date = {entry.date: entry for entry in entries}
    conference = by_date[datetime.date(2024, 1, 18)]
    assert conference.source == Entry.Source.CONFERENCE
    assert conference.content.startswith("Hội nghị tổng kết phong trào thi đua")
    assert [(link.agency.name, link.role) for link in conference.agency_links.all()] == [
        ("Sở Nội vụ", EntryAgency.Role.LEAD),
        ("Sở Kế hoạch và Đầu tư", EntryAgency.Role.COOPERATE),
    ]
    session = by_date[datetime.date(2024, 1, 19)]
    assert session.source == Entry.Source.SESSION
    assert session.content == "Phiên họp thường kỳ UBND tỉnh tháng 01/2024"
    agencies = [(link.agency.name, link.role) for link in session.agency_links.all()]
    assert agencies[0] == ("Sở Kế hoạch và Đầu tư", EntryAgency.Role.LEAD)
    assert ("Sở Ngoại vụ", EntryAgency.Role.LEAD) in agencies
    assert [link.leader.title for link in session.leader_links.all()] == ["Chủ tịch"]
    assert week.state == Week.State.DRAFT and week.version == 2


def test_building_again_adds_only_what_is_missing(office, issued_january):
    week, _added = build_week(office, YEAR, WEEK)
    week.entries.filter(source=Entry.Source.CONFERENCE, date=datetime.date(2024, 1, 15)).delete()
    version = Week.objects.get(pk=week.pk).version
    assert build_week(office, YEAR, WEEK)[1] == 1
    assert build_week(office, YEAR, WEEK)[1] == 0
    assert week.entries.count() == 3
    assert Week.objects.get(pk=week.pk).version == version + 1


def test_a_week_without_an_issued_month_is_refused(office, sample_plan):
    with pytest.raises(WeekError, match="Chưa có chương trình tháng đã ban hành"):
        build_week(office, YEAR, WEEK)  # January is a draft
    assert not Week.objects.exists()
    with pytest.raises(WeekError, match="không có"):
        build_week(office, 2024, 53)


def giao_ban(week, leaders, *, recurring=True):
    return save_entry(
        week,
        {
            "date": week.monday,
            "half_day": Entry.HalfDay.MORNING,
            "start_time": datetime.time(7, 30),
            "content": "Giao ban Thường trực UBND tỉnh",
            "place": "Phòng họp số 1",
            "participants": "",
            "invited_text": "",
            "accompanying": "Lãnh đạo Văn phòng",
            "recurring": recurring,
            "leaders": [(leaders[0], "chair"), (leaders[1], "attend")],
            "agencies": [],
            "invited": [],
        },
        version=week.version,
    )


def test_the_recurring_giao_ban_is_copied_once_to_the_next_week(office, issued_january, leaders):
    week, _added = build_week(office, YEAR, WEEK)
    giao_ban(week, leaders)
    next_week = Week.objects.create(office=office, iso_year=YEAR, iso_week=WEEK + 1)
    assert copy_recurring(next_week) == 1
    assert copy_recurring(next_week) == 0
    copied = entries_of(next_week)
    assert [(e.date, e.content, e.recurring) for e in copied] == [
        (datetime.date(2024, 1, 22), "Giao ban Thường trực UBND tỉnh", True)
    ]
    assert [link.leader for link in copied[0].leader_links.all()] == leaders[:2]


def test_a_stale_edit_is_refused_and_a_date_outside_the_week_too(office, issued_january, leaders):
    week, _added = build_week(office, YEAR, WEEK)
    stale = Week.objects.get(pk=week.pk)
    giao_ban(week, leaders)
    with pytest.raises(WeekError, match="vừa được người khác thay đổi"):
        giao_ban(stale, leaders)
    week.refresh_from_db()
    with pytest.raises(WeekError, match="không thuộc tuần này"):
        save_entry(week, {**_data(week), "date": datetime.date(2024, 1, 22)}, version=week.version)
    assert week.entries.count() == 4


def _data(week):
    return {
        "date": week.monday,
        "half_day": Entry.HalfDay.AFTERNOON,
        "start_time": None,
        "content": "Làm việc tại cơ quan",
        "place": "",
        "participants": "",
        "invited_text": "",
        "accompanying": "",
        "recurring": False,
    }
