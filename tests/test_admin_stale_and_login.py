"""The item and session admin pages refuse a save made on a stale page, as the plan's page does; the
admin login never sends anyone to a page that does not exist."""

import pytest
from django.urls import reverse

from access.roles import EDITOR_GROUP
from agenda.models import MonthlyPlan
from meetings.models import Item
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

STALE = "Chương trình đã được người khác sửa sau khi trang này được mở; chưa lưu để không ghi đè."


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP, is_staff=True))
    return client


def item_data(item, version, **changes):
    """The POST of the item's admin page as loaded at plan ``version``."""
    links = list(item.assignments.all())
    data = {
        "plan": item.plan_id,
        "part": item.part,
        "session": item.session_id or "",
        "date": item.date.isoformat() if item.date else "",
        "time": "",
        "place": item.place,
        "position": item.position,
        "title": item.title,
        "loaded_version": version,
        "assignments-TOTAL_FORMS": len(links),
        "assignments-INITIAL_FORMS": len(links),
    }
    for index, link in enumerate(links):
        data.update({f"assignments-{index}-{key}": value for key, value in [("id", link.pk), ("item", item.pk)]})
        data.update({f"assignments-{index}-position": link.position, f"assignments-{index}-agency": link.agency_id})
    data.update(changes)
    return data


def session_data(session, version, **changes):
    items = list(session.items.all())
    data = {
        "plan": session.plan_id,
        "date": session.date.isoformat(),
        "time": "",
        "place": session.place,
        "loaded_version": version,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
    }
    for index, item in enumerate(items):
        data.update({f"items-{index}-id": item.pk, f"items-{index}-session": session.pk})
        data[f"items-{index}-position"] = item.position
    data.update(changes)
    return data


def loaded_version(response):
    return response.context["adminform"].form["loaded_version"].value()


def test_a_stale_item_page_is_refused_and_keeps_what_was_typed(admin_client, sample_plan):
    item = sample_plan.items.filter(part=Item.Part.CHAIRMAN).first()
    url = reverse("admin:meetings_item_change", args=[item.pk])
    first = loaded_version(admin_client.get(url))
    second = loaded_version(admin_client.get(url))  # two people open the same page
    assert first == second == sample_plan.version
    newer = admin_client.post(url, item_data(item, first, title="Bản sửa của người thứ nhất"))
    assert newer.status_code == 302
    response = admin_client.post(url, item_data(item, second, title="Bản sửa cũ của người thứ hai"))
    assert response.status_code == 200
    assert STALE in response.text
    assert "Bản sửa cũ của người thứ hai" in response.text  # the input is kept
    assert Item.objects.get(pk=item.pk).title == "Bản sửa của người thứ nhất"


def test_a_stale_session_page_is_refused_and_keeps_what_was_typed(admin_client, sample_plan):
    session = sample_plan.sessions.get()
    url = reverse("admin:meetings_regularsession_change", args=[session.pk])
    version = loaded_version(admin_client.get(url))
    assert admin_client.post(url, session_data(session, version, place="Phòng họp số 1")).status_code == 302
    response = admin_client.post(url, session_data(session, version, place="Hội trường tầng 3"))
    assert response.status_code == 200
    assert STALE in response.text and "Hội trường tầng 3" in response.text
    assert session.__class__.objects.get(pk=session.pk).place == "Phòng họp số 1"


def test_a_change_in_the_workspace_makes_an_open_item_page_stale(admin_client, sample_plan):
    item = sample_plan.items.filter(part=Item.Part.CHAIRMAN).first()
    url = reverse("admin:meetings_item_change", args=[item.pk])
    version = loaded_version(admin_client.get(url))
    MonthlyPlan.objects.filter(pk=sample_plan.pk).update(version=version + 1)  # what the editing page's save does
    response = admin_client.post(url, item_data(item, version, title="Sửa trên trang cũ"))
    assert response.status_code == 200 and STALE in response.text
    assert Item.objects.get(pk=item.pk).title != "Sửa trên trang cũ"


def test_an_item_saved_in_the_admin_makes_older_pages_of_its_plan_stale(admin_client, sample_plan):
    """The plan's version moves on, so the plan's own admin page and the workspace's editing page refuse too."""
    item = sample_plan.items.filter(part=Item.Part.CHAIRMAN).first()
    url = reverse("admin:meetings_item_change", args=[item.pk])
    admin_client.post(url, item_data(item, sample_plan.version, title="Tiêu đề mới"))
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).version == sample_plan.version + 1


def test_a_new_item_needs_no_loaded_version(admin_client, sample_plan):
    item = sample_plan.items.filter(part=Item.Part.CHAIRMAN).first()
    data = item_data(item, "", title="Nội dung thêm trong trang quản trị", **{"assignments-INITIAL_FORMS": 0})
    del data["assignments-0-id"], data["assignments-0-item"]
    response = admin_client.post(reverse("admin:meetings_item_add"), data)
    assert response.status_code == 302
    assert Item.objects.filter(title="Nội dung thêm trong trang quản trị").exists()


# --- the login's next= -------------------------------------------------------------------------------


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_admin_login_with_an_unsafe_next_lands_on_the_admin_index(client, db, unsafe):
    make_user("quantri", is_staff=True, is_superuser=True)
    response = client.post(f"/admin/login/?next={unsafe}", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"], follow=True).status_code == 200


def test_admin_login_with_a_safe_next_goes_there(client, db):
    make_user("quantri", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/agenda/agency/", {"username": "quantri", "password": PASSWORD})
    assert response["Location"] == "/admin/agenda/agency/"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/"])
def test_workspace_login_with_an_unsafe_next_lands_on_the_workspace(client, db, unsafe):
    make_user("chuyenvien", EDITOR_GROUP)
    response = client.post(f"/van-phong/dang-nhap/?next={unsafe}", {"username": "chuyenvien", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:start")
    assert client.get(response["Location"], follow=True).status_code == 200
