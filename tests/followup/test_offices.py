"""Every office follows up its own tasks: a commune's department and Office work on the commune's, the
province's people see none of them, and each dashboard counts its own office only."""

import datetime

import pytest

from access.permissions import DEPARTMENT_GROUP, EDITOR_GROUP
from tests.conftest import make_user
from tests.followup.conftest import TODAY, agency, conclusion, task
from tests.offices import create_commune


@pytest.fixture
def commune_task(db):
    commune = create_commune()
    economy = agency(commune, "Phòng Kinh tế", "Phòng KT")
    notice = conclusion(commune, session_date=datetime.date(2024, 1, 22))
    return task(notice, economy, TODAY - datetime.timedelta(days=2), text="Rà soát hộ kinh doanh trên địa bàn xã")


def test_a_communes_department_and_office_follow_up_its_tasks(client, commune_task, planning, notice, on_day):
    on_day(TODAY)
    task(notice, planning, TODAY - datetime.timedelta(days=2), text="Nhiệm vụ của tỉnh")
    commune = commune_task.office
    client.force_login(make_user("xa.canbo", DEPARTMENT_GROUP, agency=commune_task.lead))
    assert "Rà soát hộ kinh doanh trên địa bàn xã" in client.get("/van-phong/xa-tan-yen/nhiem-vu/").text
    assert client.get(f"/van-phong/xa-tan-yen/nhiem-vu/{commune_task.pk}/").status_code == 200
    client.force_login(make_user("xa.chuyenvien", EDITOR_GROUP, office=commune))
    page = client.get("/van-phong/xa-tan-yen/theo-doi/").text
    assert "Rà soát hộ kinh doanh trên địa bàn xã" in page and "Nhiệm vụ của tỉnh" not in page
    assert "1 nhiệm vụ đến hạn" in page


def test_the_provinces_people_see_nothing_of_a_communes_tasks(client, commune_task, editor, planning_user):
    client.force_login(editor)
    assert client.get("/van-phong/xa-tan-yen/theo-doi/").status_code == 403
    assert client.get(f"/van-phong/bac-giang/nhiem-vu/{commune_task.pk}/").status_code == 404
    assert "Rà soát hộ kinh doanh" not in client.get("/van-phong/bac-giang/theo-doi/").text
    client.force_login(planning_user)
    assert client.get(f"/van-phong/xa-tan-yen/nhiem-vu/{commune_task.pk}/").status_code == 403
