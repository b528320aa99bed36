"""Publishing a week: revision 1 is the week, a change republished is "Điều chỉnh lần 1" with the changed entry
marked and a changelog; who may publish; the agencies concerned hear once; the public pages are told."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from access.permissions import DEPARTMENT_GROUP, MEMBER_GROUP
from agenda.models import Agency
from agenda.signals import public_content_changed
from issuing.models import ImmutableRecordError
from tests.conftest import make_user
from weekly.errors import WeekError
from weekly.models import Entry, Week, WeekRevision, WeekSettings
from weekly.publishing import publish_week
from weekly.queries import entries_for_agency, entries_for_leader, latest_revision
from weekly.services import build_week, save_entry, with_links

from .conftest import WEEK, YEAR


@pytest.fixture
def built(office, issued_january, leaders):
    return build_week(office, YEAR, WEEK)[0]


def conference_of_thursday(week):
    return with_links(week.entries.filter(date=datetime.date(2024, 1, 18))).get()


def move_to_afternoon(week, entry):
    data = {
        "date": entry.date,
        "half_day": Entry.HalfDay.AFTERNOON,
        "start_time": datetime.time(14, 0),
        "content": entry.content,
        "place": "Hội trường tỉnh",
        "participants": entry.participants,
        "invited_text": entry.invited_text,
        "accompanying": entry.accompanying,
        "recurring": False,
        "leaders": [(link.leader, link.role) for link in entry.leader_links.all()],
        "agencies": [(link.agency, link.role) for link in entry.agency_links.all()],
        "invited": list(entry.invited_agencies.all()),
    }
    return save_entry(week, data, version=week.version, entry=entry)


def test_a_change_republished_is_the_first_adjustment_with_the_change_marked(built, week_approver, leaders):
    first = publish_week(built, week_approver)
    assert (first.number, first.label) == (1, "Lịch tuần")
    assert not any(entry["changed"] for entry in first.entries)
    assert Week.objects.get(pk=built.pk).state == Week.State.PUBLISHED
    entry = conference_of_thursday(built)
    move_to_afternoon(built, entry)
    assert Week.objects.get(pk=built.pk).state == Week.State.CHANGED
    assert latest_revision(built.office, YEAR, WEEK) == first  # the public still reads the first
    second = publish_week(built, week_approver)
    assert (second.number, second.label) == (2, "Điều chỉnh lần 1")
    marked = [e for e in second.entries if e["changed"]]
    assert [(e["uid"], e["start_time"], e["half_day_label"]) for e in marked] == [(str(entry.uid), "14:00", "Chiều")]
    assert second.changelog == {
        "added": [],
        "removed": [],
        "changed": [{"uid": str(entry.uid), "fields": ["half_day", "start_time", "place"]}],
    }
    assert latest_revision(built.office, YEAR, WEEK) == second
    with pytest.raises(ImmutableRecordError):
        second.save()


def test_nothing_new_is_not_published_again(built, week_approver):
    publish_week(built, week_approver)
    with pytest.raises(WeekError, match="không có thay đổi"):
        publish_week(built, week_approver)
    assert WeekRevision.objects.count() == 1


def test_the_snapshot_keeps_the_leaders_title_as_published(built, week_approver, leaders):
    revision = publish_week(built, week_approver)
    leaders[0].title = "Nguyên Chủ tịch"
    leaders[0].save()
    session = next(entry for entry in revision.entries if entry["source"] == "session")
    assert session["leaders"][0]["title"] == "Chủ tịch"
    found = entries_for_leader([WeekRevision.objects.get(pk=revision.pk)], leaders[0])
    assert [entry["date"] for _revision, entry in found] == ["2024-01-19"]
    planning = Agency.objects.get(short_name="Sở KHĐT")
    dates = sorted(entry["date"] for _revision, entry in entries_for_agency([revision], planning))
    assert dates == ["2024-01-18", "2024-01-19"]


def test_who_may_publish(built, week_editor, week_approver, planning_user):
    member = make_user("uyvien", MEMBER_GROUP)
    for user in (week_editor, planning_user, member):
        with pytest.raises(PermissionDenied):
            publish_week(built, user)
    assert not WeekRevision.objects.exists()
    week_settings = WeekSettings.for_office(built.office)
    week_settings.editors_may_publish = True
    week_settings.save()
    assert publish_week(built, week_editor).number == 1
    for user in (planning_user, member):
        with pytest.raises(PermissionDenied):
            publish_week(built, user)


def test_the_agencies_concerned_by_a_change_hear_once(
    built, week_approver, planning_user, mailoutbox, django_capture_on_commit_callbacks
):
    foreign = make_user("songoaivu", DEPARTMENT_GROUP, agency=Agency.objects.get(name="Sở Ngoại vụ"))
    with django_capture_on_commit_callbacks(execute=True):
        publish_week(built, week_approver)
    assert sorted(message.to[0] for message in mailoutbox) == [planning_user.email, foreign.email]
    mailoutbox.clear()
    move_to_afternoon(built, conference_of_thursday(built))  # Sở Nội vụ leads, Sở KHĐT cooperates
    with django_capture_on_commit_callbacks(execute=True):
        publish_week(built, week_approver)
    assert [message.to for message in mailoutbox] == [[planning_user.email]]
    message = mailoutbox[0]
    assert message.subject == "[Văn phòng UBND tỉnh Bắc Giang] Lịch công tác tuần 03/2024: Điều chỉnh lần 1"
    assert "[Thay đổi] Ngày 18/01/2024 (thứ Năm) 14:00: Hội nghị tổng kết" in message.body
    assert "đổi: buổi, giờ, địa điểm" in message.body
    assert "/bac-giang/lich-tuan/2024/03/" in message.body


def test_publishing_tells_the_public_pages_of_the_office(built, week_approver, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, offices=None, **kwargs):
        heard.append((sender, offices))

    public_content_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publish_week(built, week_approver)
    finally:
        public_content_changed.disconnect(listener)
    assert (WeekRevision, [built.office_id]) in heard
