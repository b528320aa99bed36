"""Published weeks for the tests of the public side (public.weekly): week 3 of 2024 built from the issued
January and published, then adjusted ("Điều chỉnh lần 1"); a big week for the query counts; the commune's week.
Built and published through the services (weekly.services, weekly.publishing), as the Office does it."""

import datetime

import pytest

from agenda.models import Agency
from tests.weekly.conftest import WEEK, YEAR
from weekly.models import Entry, EntryAgency, EntryLeader, Week
from weekly.publishing import publish_week
from weekly.services import build_week, save_entry, with_links

THURSDAY = datetime.date(2024, 1, 18)
FRIDAY = datetime.date(2024, 1, 19)
CONFERENCE = "Hội nghị tổng kết phong trào thi đua"


def entry_data(entry, **changes):
    """``entry``'s fields and links as weekly.services.save_entry takes them, with ``changes``."""
    data = {
        "date": entry.date,
        "half_day": entry.half_day,
        "start_time": entry.start_time,
        "content": entry.content,
        "place": entry.place,
        "participants": entry.participants,
        "invited_text": entry.invited_text,
        "accompanying": entry.accompanying,
        "recurring": entry.recurring,
        "leaders": [(link.leader, link.role) for link in entry.leader_links.all()],
        "agencies": [(link.agency, link.role) for link in entry.agency_links.all()],
        "invited": list(entry.invited_agencies.all()),
    }
    data.update(changes)
    return data


def fresh(week):
    return Week.objects.get(pk=week.pk)


def publish_week_3(office):
    """Week 3 of 2024 from the issued January, the Vice-Chairman at Thursday's conference (08:00, Hội trường
    tỉnh), Sở Tư pháp invited to it, published: (week, revision)."""
    week, _added = build_week(office, YEAR, WEEK)
    conference = with_links(week.entries.filter(date=THURSDAY)).get()
    vice = office.leaders.get(slug="pho-chu-tich")
    invited = Agency.objects.of(office).get(short_name="Sở Tư pháp")
    data = entry_data(
        conference,
        start_time=datetime.time(8, 0),
        place="Hội trường tỉnh",
        leaders=[(vice, EntryLeader.Role.CHAIR)],
        invited=[invited],
        participants="Lãnh đạo các sở, ngành",
        accompanying="Lãnh đạo Văn phòng, phòng Tổng hợp",
    )
    save_entry(week, data, version=fresh(week).version, entry=conference)
    week = fresh(week)
    return week, publish_week(week, None, notify=False)


def adjust_thursday(week, place="Nhà khách tỉnh"):
    """The conference moves to another place; published again: "Điều chỉnh lần 1"."""
    conference = with_links(week.entries.filter(date=THURSDAY)).get()
    save_entry(week, entry_data(conference, place=place), version=fresh(week).version, entry=conference)
    return publish_week(fresh(week), None, notify=False)


def add_draft_entry(week, content="Nội dung dự thảo chưa công bố"):
    """An entry added to the draft after publishing: never public until published."""
    data = {
        "date": FRIDAY,
        "half_day": Entry.HalfDay.EVENING,
        "start_time": None,
        "content": content,
        "place": "Phòng họp bí mật",
        "participants": "",
        "invited_text": "",
        "accompanying": "",
        "recurring": False,
        "leaders": [(week.office.leaders.get(slug="chu-tich"), EntryLeader.Role.CHAIR)],
        "agencies": [(Agency.objects.of(week.office).get(short_name="Sở Tư pháp"), EntryAgency.Role.LEAD)],
        "invited": [],
    }
    return save_entry(week, data, version=fresh(week).version)


def add_many_entries(week, count):
    """``count`` entries spread over the week, each with a leader and two agencies (a big week)."""
    office = week.office
    leaders = list(office.leaders.all())
    agencies = list(Agency.objects.of(office))
    for index in range(count):
        data = {
            "date": week.monday + datetime.timedelta(days=index % 7),
            "half_day": [Entry.HalfDay.MORNING, Entry.HalfDay.AFTERNOON, Entry.HalfDay.EVENING][index % 3],
            "start_time": datetime.time(8 + index % 10, 0),
            "content": f"Làm việc với các cơ quan số {index}",
            "place": f"Phòng họp số {index % 5}",
            "participants": "Các sở, ngành liên quan",
            "invited_text": "",
            "accompanying": "Phòng Tổng hợp",
            "recurring": False,
            "leaders": [(leaders[index % len(leaders)], EntryLeader.Role.CHAIR)],
            "agencies": [
                (agencies[index % len(agencies)], EntryAgency.Role.LEAD),
                (agencies[(index + 1) % len(agencies)], EntryAgency.Role.COOPERATE),
            ],
            "invited": [agencies[(index + 2) % len(agencies)]],
        }
        save_entry(week, data, version=fresh(week).version)
    return fresh(week)


@pytest.fixture
def published(office, issued_january, leaders):
    """Week 3 of 2024 published: (week, revision)."""
    return publish_week_3(office)


@pytest.fixture
def adjusted(published):
    week, _first = published
    return week, adjust_thursday(week)
