"""Lập chương trình tháng mới: next month from the previous one."""

import datetime

from agenda.models import MonthlyPlan
from meetings.models import Item

NEW = "/van-phong/bac-giang/ke-hoach/moi/"


def carry_key(item):
    return f"carry-{item.pk}-carry"


def test_new_month_is_the_one_after_the_latest_plan(client, editor, published_january):
    client.force_login(editor)
    response = client.get(NEW)
    assert "Lập chương trình tháng 02 năm 2024" in response.text
    assert "Tiếp công dân định kỳ" in response.text


def test_new_month_copies_header_and_carries_the_selected_items_with_dates_moved(client, editor, published_january):
    client.force_login(editor)
    session_item = Item.objects.get(plan=published_january, part="session", position=0)
    conference = Item.objects.get(plan=published_january, part="conference", title="Tiếp công dân định kỳ")
    chairman = Item.objects.get(plan=published_january, part="chairman", position=0)
    response = client.post(
        NEW,
        {
            carry_key(session_item): "on",
            f"carry-{session_item.pk}-date": "2024-02-19",
            carry_key(conference): "on",
            f"carry-{conference.pk}-date": "2024-02-15",
            carry_key(chairman): "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/van-phong/bac-giang/ke-hoach/2024/02/"
    february = MonthlyPlan.objects.get(year=2024, month=2)
    assert february.status == "draft" and february.title == ""
    assert february.recipients == published_january.recipients
    assert february.signer == published_january.signer
    assert february.headings == published_january.headings
    assert february.sessions.get().date == datetime.date(2024, 2, 19)
    carried = {item.part: item for item in february.items.all()}
    assert set(carried) == {"session", "conference", "chairman"}
    assert carried["session"].title == session_item.title
    assert carried["session"].ordered_agencies == session_item.ordered_agencies
    assert carried["session"].uid != session_item.uid
    assert carried["conference"].date == datetime.date(2024, 2, 15)
    assert february.priority_tasks.count() == 0


def test_without_a_selection_only_the_header_is_carried(client, editor, published_january):
    client.force_login(editor)
    client.post(NEW, {})
    february = MonthlyPlan.objects.get(year=2024, month=2)
    assert not february.items.exists()
    assert february.signer_name == "Lê Tuấn Phú"


def test_postponed_items_are_offered_with_their_new_date_and_done_items_are_not(client, editor, published_january):
    postponed = Item.objects.get(plan=published_january, part="session", position=1)
    postponed.set_status(Item.Status.POSTPONED, datetime.date(2024, 2, 6))
    done = Item.objects.get(plan=published_january, part="session", position=2)
    done.set_status(Item.Status.DONE)
    client.force_login(editor)
    response = client.get(NEW)
    forms = {form.item.pk: form for form in response.context["new"].carry_forms}
    assert done.pk not in forms
    assert forms[postponed.pk].initial["date"] == datetime.date(2024, 2, 6)
    assert "06/02/2024" in response.text


def test_a_carried_date_outside_the_new_month_is_refused_and_nothing_is_created(client, editor, published_january):
    item = Item.objects.get(plan=published_january, part="session", position=0)
    client.force_login(editor)
    response = client.post(NEW, {carry_key(item): "on", f"carry-{item.pk}-date": "2024-03-04"})
    assert response.status_code == 200
    assert "Ngày 04/3/2024 không thuộc tháng 02 năm 2024." in response.text
    assert 'value="2024-03-04"' in response.text
    assert not MonthlyPlan.objects.filter(month=2).exists()


def test_a_carried_dated_item_needs_a_date(client, editor, published_january):
    item = Item.objects.get(plan=published_january, part="session", position=0)
    client.force_login(editor)
    response = client.post(NEW, {carry_key(item): "on", f"carry-{item.pk}-date": ""})
    assert "Hãy nhập ngày mới cho nội dung này." in response.text


def test_a_month_that_already_has_a_plan_is_refused(client, editor, published_january):
    client.force_login(editor)
    response = client.get(NEW, {"year": 2024, "month": 1})
    assert "Đã có chương trình tháng 01 năm 2024." in response.text
    assert client.post(NEW + "?year=2024&month=1", {}).status_code == 200
    assert MonthlyPlan.objects.filter(month=1).count() == 1


def test_without_a_previous_plan_the_office_defaults_are_used(client, editor, db):
    client.force_login(editor)
    client.post(NEW + "?year=2025&month=7", {})
    plan = MonthlyPlan.objects.get(year=2025, month=7)
    assert plan.recipient_lines[-1] == "Lưu: VT, TH"
    assert plan.heading_conferences == "Hội nghị với các sở, ngành; UBND các huyện, thành phố"


def test_new_month_copies_the_priority_tasks_when_asked(client, editor, published_january):
    client.force_login(editor)
    assert "Chép các nhiệm vụ trọng tâm của tháng trước" in client.get(NEW).text
    client.post(NEW, {"new-copy_tasks": "on"})
    february = MonthlyPlan.objects.get(year=2024, month=2)
    assert [task.text for task in february.priority_tasks.all()] == [
        task.text for task in published_january.priority_tasks.all()
    ]
    assert february.priority_tasks.count() > 0


def test_new_month_leaves_the_priority_tasks_out_by_default(client, editor, published_january):
    client.force_login(editor)
    client.post(NEW, {})
    assert not MonthlyPlan.objects.get(year=2024, month=2).priority_tasks.exists()
