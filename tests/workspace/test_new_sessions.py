"""A session added on the editing page can take items in the same save, before it exists in the database."""

from meetings.models import Item
from tests.workspace.conftest import editing_page, save
from tests.workspace.test_editing import add_form

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"


def test_an_item_added_to_a_session_added_in_the_same_save_is_saved_in_it(client, editor, february, planning_dept):
    client.force_login(editor)
    data = editing_page(client, february)
    row = add_form(data, "sessions", {"date": "2024-02-28", "time": "08:00", "place": "Phòng họp số 1"})
    add_form(
        data,
        "items-session",
        {"session": f"moi-{row}", "title": "Dự thảo Kế hoạch cải cách hành chính", "agencies": [str(planning_dept.pk)]},
    )
    assert save(client, february, data).status_code == 302

    item = Item.objects.get(plan=february, title="Dự thảo Kế hoạch cải cách hành chính")
    assert item.session.date.isoformat() == "2024-02-28" and item.session.place == "Phòng họp số 1"
    assert item.position == 0 and [agency.short_name for agency in item.ordered_agencies] == ["Sở KHĐT"]


def test_an_existing_item_moves_to_a_new_session_and_the_old_session_is_removed(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    row = add_form(data, "sessions", {"date": "2024-02-27"})
    data["sessions-0-DELETE"] = "on"
    data["items-session-0-session"] = data["items-session-1-session"] = f"moi-{row}"
    assert save(client, february, data).status_code == 302
    assert [session.date.day for session in february.sessions.all()] == [27]
    assert [item.position for item in Item.objects.filter(plan=february, part="session")] == [0, 1]


def test_the_page_offers_new_sessions_again_when_a_save_is_refused(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    row = add_form(data, "sessions", {"date": "2024-02-28"})
    add_form(data, "items-session", {"session": f"moi-{row}", "title": ""})  # refused: no title
    response = save(client, february, data)
    assert response.status_code == 200
    assert f'<option value="moi-{row}" selected>Phiên họp mới: Ngày 28/02/2024 (thứ Tư)</option>' in response.text


def test_an_item_cannot_choose_a_new_session_without_a_valid_date_or_being_removed(client, editor, february):
    client.force_login(editor)
    for session_fields in ({"date": ""}, {"date": "2024-02-28", "DELETE": "on"}, {"date": "2024-03-02"}):
        data = editing_page(client, february)
        row = add_form(data, "sessions", {"place": "Hội trường", **session_fields})
        add_form(data, "items-session", {"session": f"moi-{row}", "title": "Nội dung thử", "agencies": []})
        response = save(client, february, data)
        assert response.status_code == 200, session_fields
        assert "Phiên họp mới này chưa có ngày họp hợp lệ hoặc đang bị xóa." in response.text
    assert not Item.objects.filter(title="Nội dung thử").exists()


def test_a_removed_session_cannot_be_added_again_at_the_same_date_in_one_save(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    for name in ("items-session-0-DELETE", "items-session-1-DELETE", "sessions-0-DELETE"):
        data[name] = "on"
    add_form(data, "sessions", {"date": data["sessions-0-date"], "time": data["sessions-0-time"]})
    response = save(client, february, data)
    assert "hãy sửa phiên đó thay vì xóa" in response.text
    assert february.sessions.count() == 1
