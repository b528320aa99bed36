"""The month amended after the week was built: the differences of the sourced entries, applied one by one."""

import datetime

import pytest

from issuing.services import publish_plan
from meetings.models import Item
from programme.services import start_amendment
from weekly.amendments import apply_difference, differences, dismiss
from weekly.errors import WeekError
from weekly.models import Week
from weekly.services import build_week

from .conftest import WEEK, YEAR

THURSDAY = datetime.date(2024, 1, 18)


@pytest.fixture
def amended(office, issued_january, leaders):
    """Week 3 built, then January amended: Thursday's conference at 14:00 in the Hội trường tỉnh, Monday's
    reception of citizens cancelled."""
    week = build_week(office, YEAR, WEEK)[0]
    amendment = start_amendment(issued_january)
    conference = Item.objects.get(plan=amendment, part="conference", date=THURSDAY)
    conference.time, conference.place = datetime.time(14, 0), "Hội trường tỉnh"
    conference.save()
    Item.objects.get(plan=amendment, part="conference", date=datetime.date(2024, 1, 15)).delete()
    publish_plan(amendment)
    return Week.objects.get(pk=week.pk)


def test_no_warning_while_the_month_is_as_built(office, issued_january):
    week = build_week(office, YEAR, WEEK)[0]
    assert differences(week) == []


def test_the_differences_are_listed_and_applied_one_click_each(amended):
    found = {(d.entry.date, d.field): d for d in differences(amended)}
    assert set(found) == {(THURSDAY, "start_time"), (THURSDAY, "place"), (datetime.date(2024, 1, 15), "removed")}
    assert (found[THURSDAY, "start_time"].week_value, found[THURSDAY, "start_time"].month_value) == ("—", "14:00")
    apply_difference(amended, found[THURSDAY, "start_time"].key, version=amended.version)
    entry = amended.entries.get(date=THURSDAY)
    assert (entry.start_time, entry.half_day) == (datetime.time(14, 0), 2)
    with pytest.raises(WeekError, match="vừa được người khác thay đổi"):
        apply_difference(amended, found[THURSDAY, "place"].key, version=amended.version - 1)
    apply_difference(amended, found[THURSDAY, "place"].key, version=amended.version)
    apply_difference(amended, found[datetime.date(2024, 1, 15), "removed"].key, version=amended.version)
    assert differences(amended) == []
    assert amended.entries.get(date=THURSDAY).place == "Hội trường tỉnh"
    assert not amended.entries.filter(date=datetime.date(2024, 1, 15)).exists()
    assert amended.entries.get(date=THURSDAY).source_plan.amendment_number == 1


def test_dismissing_keeps_the_week_as_it_is(amended):
    thursday = amended.entries.get(date=THURSDAY)
    dismiss(amended, thursday.uid, version=amended.version)
    assert [d.field for d in differences(amended)] == ["removed"]
    assert amended.entries.get(date=THURSDAY).start_time is None


def test_the_week_page_warns_and_applies_with_one_click(client, amended, week_editor):
    client.force_login(week_editor)
    page = client.get("/van-phong/bac-giang/lich-tuan/2024/03/")
    assert "Chương trình tháng đã được điều chỉnh" in page.text
    assert page.text.count("data-difference=") == 3
    key = next(d.key for d in differences(amended) if d.field == "place")
    response = client.post("/van-phong/bac-giang/lich-tuan/2024/03/ap-dung/", {"key": key, "version": amended.version})
    assert response.status_code == 302
    assert amended.entries.get(date=THURSDAY).place == "Hội trường tỉnh"
    assert client.get("/van-phong/bac-giang/lich-tuan/2024/03/").text.count("data-difference=") == 2


def test_a_conference_the_amendment_adds_to_the_week_is_offered_and_added(office, issued_january, leaders):
    week = build_week(office, YEAR, WEEK)[0]
    amendment = start_amendment(issued_january)
    Item.objects.create(
        plan=amendment,
        part="conference",
        date=datetime.date(2024, 1, 17),
        time=datetime.time(8, 0),
        place="Hội trường tỉnh",
        title="Hội nghị triển khai nhiệm vụ năm 2024 của ngành Giáo dục",
    )
    publish_plan(amendment)
    week = Week.objects.get(pk=week.pk)
    [added] = differences(week)
    assert (added.field, added.month_value) == ("added", "Hội nghị triển khai nhiệm vụ năm 2024 của ngành Giáo dục")
    apply_difference(week, added.key, version=week.version)
    entry = week.entries.get(date=datetime.date(2024, 1, 17))
    assert (entry.start_time, entry.place, entry.source_plan_id) == (
        datetime.time(8, 0),
        "Hội trường tỉnh",
        amendment.pk,
    )
    assert differences(week) == []
    assert set(week.entries.values_list("source_plan", flat=True)) == {amendment.pk}  # the week is read from it now
