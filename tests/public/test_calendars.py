import datetime
import zoneinfo

from django.conf import settings
from icalendar import Calendar

from exports.ics import agency_to_ics, plan_to_ics, webcal_url
from meetings.models import Item
from programme.document import plans_for_document
from tests.factories import load_and_publish, two_session_plan
from tests.offices import create_commune

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def events_of(body):
    calendar = Calendar.from_ical(body)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_plan_calendar_is_served_as_text_calendar_with_timezone_and_name(client, published_sample):
    response = client.get("/bac-giang/ke-hoach/2024/01/lich.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar, events = events_of(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Công tác của UBND tỉnh tháng 01 năm 2024"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    session = events["phien-20240119@chuong-trinh-cong-tac.ubnd"]
    assert session.decoded("DTSTART") == datetime.date(2024, 1, 19)
    assert "1. Dự thảo Báo cáo của UBND tỉnh" in str(session["DESCRIPTION"])
    assert str(session["URL"]) == f"{settings.SITE_URL}/bac-giang/ke-hoach/2024/01/"  # SITE_URL, not the request's host
    conference_dates = sorted(event.decoded("DTSTART") for uid, event in events.items() if not uid.startswith("phien-"))
    assert conference_dates == [datetime.date(2024, 1, 15), datetime.date(2024, 1, 18), datetime.date(2024, 1, 23)]


def test_timed_sessions_are_in_vietnam_time(db):
    plan, _created = load_and_publish(two_session_plan())
    plan = plans_for_document().get(pk=plan.pk)
    _calendar, events = events_of(plan_to_ics(plan, base_url="https://example.org"))
    start = events["phien-20240322-0800@chuong-trinh-cong-tac.ubnd"].decoded("DTSTART")
    assert start == datetime.datetime(2024, 3, 22, 8, 0, tzinfo=HANOI)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20240322T080000" in plan_to_ics(plan).decode()


def test_agency_calendar_has_sessions_conferences_and_deadlines_with_item_uids(client, published_sample, today):
    today(datetime.date(2024, 1, 2))
    response = client.get("/bac-giang/co-quan/so-noi-vu/lich.ics")
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
        f"/bac-giang/ke-hoach/2024/01/#muc-{conference.pk}"
    )
    chairman_titles = [item.title for item in Item.objects.filter(plan=published_sample, part="chairman")]
    assert not any(str(event["SUMMARY"]) in chairman_titles for event in events.values())
    assert len(events) == 3  # one session item, its deadline, one conference


def test_calendar_uids_survive_an_amendment(published_sample, today):
    today(datetime.date(2024, 1, 2))
    from issuing.services import publish_plan
    from programme.services import start_amendment

    agency = published_sample.items.get(part="conference", title__contains="thi đua").ordered_agencies[0]
    before = set(events_of(agency_to_ics(agency))[1])
    publish_plan(start_amendment(published_sample))
    after = set(events_of(agency_to_ics(agency))[1])
    assert before == after and before


def test_same_plan_gives_the_same_calendar_bytes(published_sample):
    plan = plans_for_document().get(pk=published_sample.pk)
    assert plan_to_ics(plan) == plan_to_ics(plans_for_document().get(pk=published_sample.pk))


def test_timed_events_end_after_the_offices_default_duration_and_all_day_events_stay_all_day(db, today):
    today(datetime.date(2024, 3, 1))
    from agenda.models import Office

    plan, _created = load_and_publish(two_session_plan())
    _calendar, events = events_of(plan_to_ics(plans_for_document().get(pk=plan.pk)))
    timed = events["phien-20240322-0800@chuong-trinh-cong-tac.ubnd"]
    assert timed.decoded("DTEND") == datetime.datetime(2024, 3, 22, 10, 0, tzinfo=HANOI)  # 2 hours by default
    all_day = events["phien-20240305@chuong-trinh-cong-tac.ubnd"]
    assert all_day.decoded("DTSTART") == datetime.date(2024, 3, 5)
    assert all_day.decoded("DTEND") == datetime.date(2024, 3, 6)

    office = Office.objects.get_solo()
    office.event_minutes = 90
    office.save()
    _calendar, events = events_of(plan_to_ics(plans_for_document().get(pk=plan.pk)))
    assert events["phien-20240322-0800@chuong-trinh-cong-tac.ubnd"].decoded("DTEND") == datetime.datetime(
        2024, 3, 22, 9, 30, tzinfo=HANOI
    )
    agency = plan.items.get(title__contains="lễ hội truyền thống").ordered_agencies[0]
    _calendar, events = events_of(agency_to_ics(agency))
    timed_items = [event for event in events.values() if isinstance(event.decoded("DTSTART"), datetime.datetime)]
    assert timed_items and all(
        event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=90) for event in timed_items
    )


def test_the_default_event_duration_is_edited_in_the_admin(admin_client):
    from agenda.models import Office

    Office.objects.get_solo()
    page = admin_client.get("/admin/agenda/office/1/change/").content.decode()
    assert 'name="event_minutes"' in page and 'value="120"' in page


def test_each_calendar_download_has_a_webcal_subscribe_link_and_how_to_add_it(client, published_sample):
    for page, feed in (
        ("/bac-giang/ke-hoach/2024/01/", "/bac-giang/ke-hoach/2024/01/lich.ics"),
        ("/bac-giang/co-quan/so-noi-vu/", "/bac-giang/co-quan/so-noi-vu/lich.ics"),
    ):
        html = client.get(page).content.decode()
        assert f'href="{feed}"' in html
        assert f'href="{webcal_url(settings.SITE_URL + feed)}"' in html  # SITE_URL, not the request's host
        assert "Đăng ký theo dõi lịch" in html
        assert "Outlook" in html and "Google Calendar" in html and "điện thoại" in html


def test_subscribe_link_keeps_the_host_and_port_of_the_site():
    assert webcal_url("https://lich.bacgiang.gov.vn/ke-hoach/2024/01/lich.ics") == (
        "webcal://lich.bacgiang.gov.vn/ke-hoach/2024/01/lich.ics"
    )
    assert webcal_url("http://127.0.0.1:8000/co-quan/so-noi-vu/lich.ics") == (
        "webcal://127.0.0.1:8000/co-quan/so-noi-vu/lich.ics"
    )


def test_calendar_bytes_are_folded_exactly_as_icalendar_folds_them():
    """exports.ics folds long lines itself (faster); the bytes must stay icalendar's, whatever the text:
    Vietnamese (3-byte characters), 4-byte characters, escaped commas, semicolons and backslashes."""
    import random

    from icalendar import Calendar, Event

    from exports.ics import _bytes

    alphabet = 'aZ0 ,;:\\^"ệĐưở😀\t' + "x" * 5
    rng = random.Random(11)
    for _ in range(500):
        calendar = Calendar()
        event = Event()
        event.add("summary", "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))))
        event.add("description", "".join(rng.choice(alphabet) for _ in range(rng.randint(70, 80))))
        event.add("location", "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))))
        calendar.add_component(event)
        assert _bytes(calendar) == calendar.to_ical()


def test_two_offices_meeting_the_same_hour_keep_apart_in_a_calendar_and_the_first_keeps_its_uids(db):
    """Subscribers of the first office hold its sessions' UIDs from before offices were many: unchanged. Another
    office's session the same day and hour has its own UID, so a calendar that shows both keeps both."""

    from agenda.models import Office
    from programme.services import load_plan
    from tests.factories import plan_data

    create_commune()
    province, _new = load_plan(plan_data(2024, 1))
    commune, _new = load_plan(plan_data(2024, 1), office=Office.objects.get(slug="xa-tan-yen"))
    uids = []
    for plan in (province, commune):
        calendar = Calendar.from_ical(plan_to_ics(plans_for_document().get(pk=plan.pk)))
        uids.append({str(event["UID"]) for event in calendar.walk("VEVENT") if str(event["UID"]).startswith("phien-")})
    assert "phien-20240119@chuong-trinh-cong-tac.ubnd" in uids[0]
    assert "phien-20240119-xa-tan-yen@chuong-trinh-cong-tac.ubnd" in uids[1]
    assert not uids[0] & uids[1]
