import datetime
import zoneinfo

from icalendar import Calendar

from agenda.document import plans_for_document
from agenda.services import load_plan
from exports.ics import agency_to_ics, plan_to_ics
from meetings.models import Item
from tests.factories import two_session_plan

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def events_of(body):
    calendar = Calendar.from_ical(body)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_plan_calendar_is_served_as_text_calendar_with_timezone_and_name(client, published_sample):
    response = client.get("/ke-hoach/2024/01/lich.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_of(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Công tác của UBND tỉnh tháng 01 năm 2024"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    session = events["phien-20240119@chuong-trinh-cong-tac.ubnd"]
    assert session.decoded("DTSTART") == datetime.date(2024, 1, 19)
    assert "1. Dự thảo Báo cáo của UBND tỉnh" in str(session["DESCRIPTION"])
    assert str(session["URL"]) == "http://testserver/ke-hoach/2024/01/"
    conference_dates = sorted(event.decoded("DTSTART") for uid, event in events.items() if not uid.startswith("phien-"))
    assert conference_dates == [datetime.date(2024, 1, 15), datetime.date(2024, 1, 18), datetime.date(2024, 1, 23)]


def test_timed_sessions_are_in_vietnam_time(db):
    plan, _created = load_plan(two_session_plan(), publish=True)
    plan = plans_for_document().get(pk=plan.pk)
    _calendar, events = events_of(plan_to_ics(plan, base_url="https://example.org"))
    start = events["phien-20240322-0800@chuong-trinh-cong-tac.ubnd"].decoded("DTSTART")
    assert start == datetime.datetime(2024, 3, 22, 8, 0, tzinfo=HANOI)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20240322T080000" in plan_to_ics(plan).decode()


def test_agency_calendar_has_sessions_conferences_and_deadlines_with_item_uids(client, published_sample):
    response = client.get("/co-quan/so-noi-vu/lich.ics")
    calendar, events = events_of(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Sở Nội vụ"
    session_item = Item.objects.get(plan=published_sample, part="session", title__contains="tuyển dụng")
    conference = Item.objects.get(plan=published_sample, part="conference", title__contains="thi đua")
    assert events[f"{session_item.uid}@chuong-trinh-cong-tac.ubnd"].decoded("DTSTART") == datetime.date(2024, 1, 19)
    deadline = events[f"han-ho-so-{session_item.uid}@chuong-trinh-cong-tac.ubnd"]
    assert deadline.decoded("DTSTART") == datetime.date(2024, 1, 12)
    assert str(deadline["SUMMARY"]).startswith("Hạn gửi hồ sơ: ")
    lead = session_item.ordered_agencies[0].short_name == "Sở Nội vụ"
    role = "Chủ trì" if lead else "Phối hợp"
    assert str(events[f"{session_item.uid}@chuong-trinh-cong-tac.ubnd"]["SUMMARY"]).startswith(f"[{role}] ")
    assert str(deadline["SUMMARY"]).endswith(f"({role.lower()})")
    assert events[f"{conference.uid}@chuong-trinh-cong-tac.ubnd"].decoded("DTSTART") == datetime.date(2024, 1, 18)
    assert str(events[f"{conference.uid}@chuong-trinh-cong-tac.ubnd"]["URL"]).endswith(
        f"/ke-hoach/2024/01/#muc-{conference.pk}"
    )
    chairman_titles = [item.title for item in Item.objects.filter(plan=published_sample, part="chairman")]
    assert not any(str(event["SUMMARY"]) in chairman_titles for event in events.values())
    assert len(events) == 3  # one session item, its deadline, one conference


def test_calendar_uids_survive_an_amendment(published_sample):
    from agenda.services import publish_plan, start_amendment

    agency = published_sample.items.get(part="conference", title__contains="thi đua").ordered_agencies[0]
    before = set(events_of(agency_to_ics(agency))[1])
    publish_plan(start_amendment(published_sample))
    after = set(events_of(agency_to_ics(agency))[1])
    assert before == after and before


def test_same_plan_gives_the_same_calendar_bytes(published_sample):
    plan = plans_for_document().get(pk=published_sample.pk)
    assert plan_to_ics(plan) == plan_to_ics(plans_for_document().get(pk=published_sample.pk))
