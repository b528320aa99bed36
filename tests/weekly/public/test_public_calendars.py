"""The week's iCalendar, each leader's subscription and the agencies' calendars and pages with the weekly
entries: parsed with icalendar; stable UIDs (entry uid + office), Asia/Ho_Chi_Minh, the half-day's hours for an
entry without a time."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from tests.public.conftest import page_text

from .conftest import CONFERENCE

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_weeks_calendar_holds_its_entries_with_their_times(client, published):
    week, _revision = published
    found = events(client.get("/bac-giang/lich-tuan/2024/03/lich.ics"))
    assert len(found) == 3
    conference = next(event for summary, event in found.items() if summary.startswith(CONFERENCE))
    assert conference.decoded("DTSTART") == datetime.datetime(2024, 1, 18, 8, 0, tzinfo=HANOI)
    assert conference.decoded("DTEND") == datetime.datetime(2024, 1, 18, 11, 30, tzinfo=HANOI)
    assert str(conference["LOCATION"]) == "Hội trường tỉnh"
    assert "Phó Chủ tịch Phan Thế Tuấn" in str(conference["DESCRIPTION"])
    assert "Chủ trì chuẩn bị: Sở Nội vụ" in str(conference["DESCRIPTION"])
    uid = str(week.entries.get(date=datetime.date(2024, 1, 18)).uid)
    assert str(conference["UID"]) == f"tuan-{uid}-bac-giang@chuong-trinh-cong-tac.ubnd"
    assert str(conference["URL"]).endswith(f"/bac-giang/lich-tuan/2024/03/#muc-{uid}")
    # The session has no time: the morning's working hours.
    session = found["Phiên họp thường kỳ UBND tỉnh tháng 01/2024"]
    assert session.decoded("DTSTART") == datetime.datetime(2024, 1, 19, 7, 30, tzinfo=HANOI)
    assert session.decoded("DTEND") == datetime.datetime(2024, 1, 19, 11, 30, tzinfo=HANOI)


def test_an_adjusted_entry_keeps_its_uid_with_a_new_sequence(client, published):
    week, _revision = published
    before = events(client.get("/bac-giang/lich-tuan/2024/03/lich.ics"))
    from .conftest import adjust_thursday

    adjust_thursday(week)
    after = events(client.get("/bac-giang/lich-tuan/2024/03/lich.ics"))
    assert {str(event["UID"]) for event in before.values()} == {str(event["UID"]) for event in after.values()}
    conference = next(event for summary, event in after.items() if summary.startswith(CONFERENCE))
    assert str(conference["LOCATION"]) == "Nhà khách tỉnh" and int(conference["SEQUENCE"]) == 1


@pytest.mark.parametrize(
    ("leader", "expected"),
    [("pho-chu-tich", [CONFERENCE]), ("chu-tich", ["Phiên họp thường kỳ UBND tỉnh tháng 01/2024"])],
)
def test_a_leaders_calendar_holds_their_entries(client, published, leader, expected, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2024, 1, 10))
    found = events(client.get(f"/bac-giang/lanh-dao/{leader}/lich.ics"))
    assert [summary[: len(expected[0])] for summary in found] == expected


def test_a_leaders_calendar_is_bounded_to_a_window(client, published, monkeypatch):
    """A year and more after the week, it has left the subscription (12 months back, everything ahead)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2025, 3, 1))
    assert events(client.get("/bac-giang/lanh-dao/pho-chu-tich/lich.ics")) == {}


def test_an_unknown_leader_or_another_offices_is_a_404(client, published):
    assert client.get("/bac-giang/lanh-dao/khong-co/lich.ics").status_code == 404


def test_the_agencys_calendar_and_page_include_its_weekly_entries(client, published, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2024, 1, 16))
    # Sở Tư pháp is invited to Thursday's conference; Sở Nội vụ leads it.
    invited = events(client.get("/bac-giang/co-quan/so-tu-phap/lich.ics"))
    assert [summary for summary in invited if summary.startswith("[Được mời]")] == [
        next(
            f"[Được mời] {summary}"
            for summary in events(client.get("/bac-giang/lich-tuan/2024/03/lich.ics"))
            if summary.startswith(CONFERENCE)
        )
    ], list(invited)
    lead = events(client.get("/bac-giang/co-quan/so-noi-vu/lich.ics"))
    assert any(summary.startswith(f"[Chủ trì] {CONFERENCE}") for summary in lead)
    response = client.get("/bac-giang/co-quan/so-tu-phap/")
    text = page_text(response)
    assert "Lịch công tác tuần của lãnh đạo" in text and CONFERENCE in text and "được mời" in text
    assert "/bac-giang/lich-tuan/2024/03/#muc-" in response.content.decode()
    # A week ago from the next month, the page lists what is ahead only.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2024, 2, 1))
    assert "Lịch công tác tuần của lãnh đạo" not in page_text(client.get("/bac-giang/co-quan/so-tu-phap/"))
