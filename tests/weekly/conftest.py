"""The weeks' tests: January 2024 of the sample issued, the province's leaders, week 3 (15–21/01/2024)."""

import pytest

from access.permissions import APPROVER_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP
from agenda.models import Agency, Office
from issuing.services import publish_plan
from tests.conftest import make_user
from weekly.models import Leader

YEAR, WEEK = 2024, 3


def add_leaders(office):
    """The Chairman and two Vice-Chairmen of ``office``."""
    rows = [
        ("Nguyễn Văn Gấu", "Chủ tịch", "Phụ trách chung", "chu-tich"),
        ("Mai Sơn", "Phó Chủ tịch Thường trực", "Kinh tế, tài chính", "pho-chu-tich-thuong-truc"),
        ("Phan Thế Tuấn", "Phó Chủ tịch", "Văn hóa, xã hội", "pho-chu-tich"),
    ]
    return [
        Leader.objects.create(office=office, name=name, title=title, portfolio=portfolio, slug=slug, order=index)
        for index, (name, title, portfolio, slug) in enumerate(rows)
    ]


@pytest.fixture
def office(db):
    return Office.objects.get_solo()


@pytest.fixture
def issued_january(sample_plan):
    return publish_plan(sample_plan)


@pytest.fixture
def leaders(office):
    return add_leaders(office)


@pytest.fixture
def week_editor(db):
    return make_user("chuyenvien", EDITOR_GROUP)


@pytest.fixture
def week_approver(db):
    return make_user("lanhdao", APPROVER_GROUP)


@pytest.fixture
def planning_user(sample_plan):
    return make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))
