import pytest

from access.permissions import DEPARTMENT_GROUP
from agenda.models import Agency, Office
from issuing.services import publish_plan
from tests.conftest import PASSWORD, make_user  # noqa: F401 - used by the workspace tests


@pytest.fixture
def planning_dept(sample_plan):
    return Agency.objects.get(short_name="Sở KHĐT")


@pytest.fixture
def department_user(planning_dept):
    return make_user("sokhdt", DEPARTMENT_GROUP, agency=planning_dept)


@pytest.fixture
def other_department_user(sample_plan):
    return make_user("songoaivu", DEPARTMENT_GROUP, agency=Agency.objects.get(name="Sở Ngoại vụ"))


@pytest.fixture
def outsider(db):
    return make_user("khach")


@pytest.fixture
def published_january(sample_plan):
    return publish_plan(sample_plan)


@pytest.fixture
def february(published_january):
    """February 2024 as a draft, created from the issued January with two of its items carried over."""
    from meetings.models import Item
    from workspace.services import create_plan_from_previous, moved_date

    first_planning = Item.objects.get(plan=published_january, part="session", position=0)  # Sở KHĐT
    foreign = Item.objects.get(plan=published_january, part="session", position=2)  # Sở Ngoại vụ
    carried = [(item, moved_date(item, 2024, 2)) for item in (first_planning, foreign)]
    return create_plan_from_previous(Office.objects.get_solo(), 2024, 2, source=published_january, carried=carried)


def editing_page(client, plan):
    from tests.workspace.forms import FormData, form_fields

    response = client.get(f"/van-phong/bac-giang/ke-hoach/{plan.year}/{plan.month:02d}/")
    assert response.status_code == 200
    return FormData(form_fields(response.content))


def save(client, plan, data):
    return client.post(f"/van-phong/bac-giang/ke-hoach/{plan.year}/{plan.month:02d}/", data.encode())


@pytest.fixture
def time_machine(monkeypatch):
    """Set the clock to noon (Vietnam time) of a given day: timezone.now and localdate follow it."""
    import datetime
    import zoneinfo

    def travel(day):
        moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return travel
