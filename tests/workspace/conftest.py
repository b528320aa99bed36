import pytest
from django.contrib.auth.models import Group, User

from agenda.models import Agency
from agenda.services import publish_plan
from workspace.models import AgencyMembership
from workspace.permissions import APPROVER_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP

PASSWORD = "mat-khau-dai-2024"


def make_user(username, group=None, agency=None, **fields):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if agency:
        AgencyMembership.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def editor(db):
    return make_user("chuyenvien", EDITOR_GROUP, first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def approver(db):
    return make_user("lanhdao", APPROVER_GROUP)


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
