"""The demo: the province and the commune xa-tan-yen each get leaders and a published week 3 of 2024; a
commune's week is its own (its month, its leaders, its agencies; another office's staff cannot open it)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agenda.models import Office
from weekly.models import WeekRevision
from weekly.queries import latest_revision


@pytest.fixture
def demo(db):
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())
    return Office.objects.get_solo(), Office.objects.get(slug="xa-tan-yen")


def test_both_offices_have_a_published_week_3(demo, client):
    province, commune = demo
    ours = latest_revision(province, 2024, 3)
    assert ours.number == 1 and ours.published_by.username == "lanhdao"
    contents = [entry["content"] for entry in ours.entries]
    assert "Giao ban Thường trực UBND tỉnh đầu tuần" in contents
    assert any(content.startswith("Hội nghị tổng kết phong trào thi đua") for content in contents)
    assert "Phiên họp thường kỳ UBND tỉnh tháng 01/2024" in contents
    theirs = latest_revision(commune, 2024, 3)
    assert theirs.published_by.username == "xa.lanhdao" and theirs.snapshot["replaces_invitation"] is True
    entries = {entry["content"]: entry for entry in theirs.entries}
    assert set(entries) == {"Giao ban Thường trực UBND xã đầu tuần", "Tiếp công dân định kỳ"}
    reception = entries["Tiếp công dân định kỳ"]
    assert (reception["date"], reception["start_time"], reception["place"]) == ("2024-01-15", "07:30", "Trụ sở UBND xã")
    assert entries["Giao ban Thường trực UBND xã đầu tuần"]["leaders"][0] == {
        "id": commune.leaders.get(slug="chu-tich").pk,
        "slug": "chu-tich",
        "name": "Hoàng Văn Nam",
        "title": "Chủ tịch UBND xã",
        "role": "chair",
    }
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())
    assert WeekRevision.objects.count() == 2  # runs again harmlessly

    users = get_user_model().objects
    client.force_login(users.get(username="xa.chuyenvien"))
    assert "Tiếp công dân định kỳ" in client.get("/van-phong/xa-tan-yen/lich-tuan/2024/03/").text
    assert client.get("/van-phong/bac-giang/lich-tuan/2024/03/").status_code == 403
    client.force_login(users.get(username="chuyenvien"))
    assert client.get("/van-phong/xa-tan-yen/lich-tuan/2024/03/").status_code == 403
    assert client.post("/van-phong/xa-tan-yen/lich-tuan/2024/03/lap-tu-thang/").status_code == 403
