"""The Office's week pages: the grid, an entry's form (typed input kept, stale edits refused), building and
publishing through the buttons, who may open and do what, and the page's fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.permissions import CLERK_GROUP, DEPARTMENT_GROUP, MEMBER_GROUP
from agenda.models import Agency
from tests.conftest import make_user
from tests.offices import create_commune
from weekly.models import Entry, Week, WeekRevision, WeekSettings
from weekly.services import build_week, save_entry

from .conftest import WEEK, YEAR

BASE = "/van-phong/bac-giang/lich-tuan/"
PAGE = f"{BASE}2024/03/"


@pytest.fixture
def built(office, issued_january, leaders):
    return build_week(office, YEAR, WEEK)[0]


def entry_post(week, **changes):
    data = {
        "version": week.version,
        "date": "2024-01-15",
        "half_day": "1",
        "start_time": "07:30",
        "content": "Giao ban Thường trực UBND tỉnh",
        "place": "Phòng họp số 1",
        "participants": "",
        "invited_text": "",
        "accompanying": "",
    }
    data.update(changes)
    return data


def test_the_grid_shows_the_week_by_day_and_half_day(client, built, week_editor):
    client.force_login(week_editor)
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.text
    assert 'id="ngay-2024-01-18"' in text and 'id="ngay-2024-01-19"' in text
    assert "Hội nghị tổng kết phong trào thi đua" in text
    assert "Phiên họp thường kỳ UBND tỉnh tháng 01/2024" in text
    assert text.count("data-unpublished") == 3  # never published: every entry is news
    assert "<style" not in text and "<script>" not in text and " style=" not in text
    assert "Xem trước và phát hành" not in text  # the approver publishes
    assert f'href="{BASE}"' in text  # the menu links the weeks


def test_an_entry_is_added_and_a_mistake_keeps_what_was_typed(client, built, week_editor, leaders):
    client.force_login(week_editor)
    form = client.get(f"{PAGE}muc/moi/?ngay=2024-01-16&buoi=2")
    assert form.status_code == 200
    assert re.search(r'<option value="2024-01-16" selected>', form.text)
    refused = client.post(f"{PAGE}muc/moi/", entry_post(built, content="", place="Nhà khách tỉnh"))
    assert refused.status_code == 200
    assert "Nhà khách tỉnh" in refused.text and "Chưa lưu được" in refused.text
    data = entry_post(built, chairs=[leaders[0].pk], attendees=[leaders[0].pk])
    refused = client.post(f"{PAGE}muc/moi/", data)
    assert "Một lãnh đạo chỉ ghi một lần" in refused.text
    data = entry_post(built, chairs=[leaders[0].pk], lead_agencies=[Agency.objects.get(short_name="Sở KHĐT").pk])
    saved = client.post(f"{PAGE}muc/moi/", data)
    assert saved.status_code == 302 and saved.url.endswith("#ngay-2024-01-15")
    entry = Entry.objects.get(content="Giao ban Thường trực UBND tỉnh")
    assert [link.leader for link in entry.leader_links.all()] == [leaders[0]]
    assert entry.half_day == Entry.HalfDay.MORNING


def test_a_stale_edit_is_refused_with_the_typed_input_kept(client, built, week_editor):
    client.force_login(week_editor)
    entry = built.entries.get(date=datetime.date(2024, 1, 18))
    stale_version = built.version
    save_entry(
        built,
        {f: getattr(entry, f) for f in ("date", "half_day", "start_time", "content", "participants")}
        | {"place": "Hội trường A", "invited_text": "", "accompanying": "", "recurring": False},
        version=built.version,
        entry=entry,
    )
    data = entry_post(built, version=stale_version, date="2024-01-18", content=entry.content, place="Hội trường B")
    refused = client.post(f"{PAGE}muc/{entry.uid}/", data)
    assert refused.status_code == 200
    assert "vừa được người khác thay đổi" in refused.text and "Hội trường B" in refused.text
    assert Entry.objects.get(pk=entry.pk).place == "Hội trường A"


def test_foreign_agency_ids_are_refused(client, built, week_editor):
    commune = create_commune()
    foreign = Agency.objects.create(office=commune, name="Phòng Kinh tế xã", short_name="PKT")
    client.force_login(week_editor)
    refused = client.post(f"{PAGE}muc/moi/", entry_post(built, lead_agencies=[foreign.pk]))
    assert refused.status_code == 200 and not Entry.objects.filter(content__startswith="Giao ban").exists()


def test_the_buttons_build_and_publish(client, office, issued_january, leaders, week_approver):
    client.force_login(week_approver)
    assert "Lập từ chương trình tháng" in client.get(PAGE).text
    assert client.post(f"{PAGE}lap-tu-thang/").status_code == 302
    week = Week.objects.get()
    assert week.entries.count() == 3
    preview = client.get(f"{PAGE}phat-hanh/")
    assert "Lần phát hành đầu tiên của tuần: 3 mục" in preview.text
    stale = client.post(f"{PAGE}phat-hanh/", {"version": week.version - 1})
    assert stale.status_code == 200 and "vừa được người khác thay đổi" in stale.text
    assert not WeekRevision.objects.exists()
    assert client.post(f"{PAGE}phat-hanh/", {"version": Week.objects.get().version}).status_code == 302
    assert WeekRevision.objects.get().number == 1
    entry = week.entries.get(date=datetime.date(2024, 1, 18))
    client.post(
        f"{PAGE}muc/{entry.uid}/",
        entry_post(Week.objects.get(), date="2024-01-18", content=entry.content, place="Hội trường tỉnh"),
    )
    preview = client.get(f"{PAGE}phat-hanh/")
    assert "Điều chỉnh lần 1" in preview.text and "địa điểm" in preview.text
    page = client.get(PAGE)
    assert page.text.count("data-unpublished") == 1


@pytest.mark.parametrize("role", ["department", "member", "clerk", "anonymous"])
def test_others_cannot_edit_or_publish(client, built, role):
    users = {
        "department": lambda: make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT")),
        "member": lambda: make_user("uyvien", MEMBER_GROUP),
        "clerk": lambda: make_user("vanthu", CLERK_GROUP),
        "anonymous": lambda: None,
    }
    user = users[role]()
    if user:
        client.force_login(user)
    entry = built.entries.first()
    for url in (f"{PAGE}muc/moi/", f"{PAGE}muc/{entry.uid}/", f"{PAGE}phat-hanh/"):
        response = client.post(url, entry_post(built))
        assert response.status_code in (302, 403), url
        if user:
            assert response.status_code == 403
    assert client.post(f"{PAGE}muc/{entry.uid}/xoa/", {"version": built.version}).status_code in (302, 403)
    assert Entry.objects.filter(pk=entry.pk).exists() and not WeekRevision.objects.exists()
    assert client.get(PAGE).status_code == (200 if role == "clerk" else 403 if user else 302)


def test_editors_publish_only_when_the_office_lets_them(client, built, week_editor):
    client.force_login(week_editor)
    assert client.get(f"{PAGE}phat-hanh/").status_code == 403
    WeekSettings.objects.filter(office=built.office).update(editors_may_publish=True)
    assert "Xem trước và phát hành" in client.get(PAGE).text
    assert client.post(f"{PAGE}phat-hanh/", {"version": built.version}).status_code == 302
    assert WeekRevision.objects.get().published_by == week_editor


def test_the_leaders_are_kept_by_the_office(client, office, week_editor):
    client.force_login(week_editor)
    response = client.post(
        f"{BASE}lanh-dao/", {"form": "leader", "name": "Nguyễn Văn Gấu", "title": "Chủ tịch", "order": 0}
    )
    assert response.status_code == 302
    leader = office.leaders.get()
    assert leader.slug == "nguyen-van-gau"
    client.post(f"{BASE}lanh-dao/{leader.pk}/", {"name": "Nguyễn Văn Gấu", "title": "Nguyên Chủ tịch", "order": 0})
    leader.refresh_from_db()
    assert (leader.title, leader.slug) == ("Nguyên Chủ tịch", "nguyen-van-gau")
    refused = client.post(f"{BASE}lanh-dao/", {"form": "settings", "editors_may_publish": "on", "invitation_text": "x"})
    assert refused.status_code == 403  # an editor cannot let the editors publish


def _big_week(week, leaders, count):
    for index in range(count):
        save_entry(
            week,
            {
                "date": week.monday + datetime.timedelta(days=index % 7),
                "half_day": index % 3 + 1,
                "start_time": None,
                "content": f"Làm việc số {index}",
                "place": "Trụ sở",
                "participants": "",
                "invited_text": "",
                "accompanying": "",
                "recurring": False,
                "leaders": [(leaders[index % 3], "chair")],
                "agencies": [(agency, "lead") for agency in Agency.objects.order_by("pk")[index % 5 : index % 5 + 2]],
                "invited": list(Agency.objects.order_by("pk")[:2]),
            },
            version=week.version,
        )


def test_the_week_page_runs_a_fixed_number_of_queries(client, built, week_approver, leaders):
    client.force_login(week_approver)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE).status_code == 200
    _big_week(built, leaders, 60)
    with CaptureQueriesContext(connection) as big:
        page = client.get(PAGE)
    assert "Làm việc số 59" in page.text
    assert len(big) == len(small), [q["sql"][:120] for q in big]


def test_the_weeks_note_and_invitation_line_are_saved_with_the_version_checked(client, built, week_editor):
    client.force_login(week_editor)
    data = {"version": built.version, "replaces_invitation": "true", "note": "Lịch có thể thay đổi"}
    assert client.post(f"{PAGE}ghi-chu/", data).status_code == 302
    week = Week.objects.get(pk=built.pk)
    assert (week.replaces_invitation, week.note, week.version) == (True, "Lịch có thể thay đổi", built.version + 1)
    assert '<option value="true" selected>' in client.get(PAGE).text
    client.post(f"{PAGE}ghi-chu/", {**data, "note": "Cũ"})  # the page before the first save: refused
    assert Week.objects.get(pk=built.pk).note == "Lịch có thể thay đổi"


def test_the_weeks_list_runs_a_fixed_number_of_queries(client, office, week_editor):
    client.force_login(week_editor)
    Week.objects.create(office=office, iso_year=2024, iso_week=1)
    client.get(BASE)
    with CaptureQueriesContext(connection) as small:
        assert client.get(BASE).status_code == 200
    for number in range(2, 40):
        Week.objects.create(office=office, iso_year=2024, iso_week=number)
    with CaptureQueriesContext(connection) as big:
        page = client.get(BASE)
    assert "Tuần 39/2024" in page.text
    assert len(big) == len(small)


def test_a_post_without_a_version_or_with_a_forged_one_is_refused(client, built, week_approver):
    client.force_login(week_approver)
    entry = built.entries.first()
    for data in ({}, {"version": "abc"}):
        assert client.post(f"{PAGE}muc/{entry.uid}/xoa/", data).status_code == 302
        assert client.post(f"{PAGE}phat-hanh/", data).status_code == 200
    assert Entry.objects.filter(pk=entry.pk).exists() and not WeekRevision.objects.exists()


def test_a_time_of_another_half_day_is_refused_and_recurring_entries_are_copied(client, built, week_editor):
    client.force_login(week_editor)
    refused = client.post(f"{PAGE}muc/moi/", entry_post(built, start_time="14:00"))
    assert "Giờ 14:00 thuộc buổi chiều" in refused.text
    assert client.post(f"{PAGE}muc/moi/", entry_post(built, recurring="on")).status_code == 302
    next_week = Week.objects.create(office=built.office, iso_year=YEAR, iso_week=WEEK + 1)
    assert client.post(f"{BASE}2024/04/sao-chep/").status_code == 302
    assert list(next_week.entries.values_list("date", "content")) == [
        (datetime.date(2024, 1, 22), "Giao ban Thường trực UBND tỉnh")
    ]
    lonely = client.post(f"{BASE}2024/06/tao/")
    assert lonely.status_code == 302
    assert client.post(f"{BASE}2024/06/sao-chep/", follow=True).text.count("Tuần trước chưa có lịch để sao chép") == 1
