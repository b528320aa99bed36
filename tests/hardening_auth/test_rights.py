"""Roles decide, never staff status alone: the public PDF of a draft month and the plans' admin; and the one
table of who may do what (access.rights) answers every question asked of it, the same way on every path."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied

from access.permissions import can, get_item_for_user, get_plan_for_user, has_right, require_right
from access.rights import RIGHTS, STEPS
from access.roles import APPROVER_GROUP, CLERK, CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP, MEMBER_GROUP
from agenda.models import MonthlyPlan
from issuing import workflow
from proposals.permissions import get_proposal_for_user
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def staff_without_role(username="nhanvien", *codenames):
    user = make_user(username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_staff_status_without_a_role_cannot_download_a_draft_pdf(client, sample_plan):
    client.force_login(staff_without_role())
    assert client.get("/bac-giang/ke-hoach/2024/01/pdf/").status_code == 404


def test_editor_downloads_the_draft_pdf(client, sample_plan):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP))
    response = client.get("/bac-giang/ke-hoach/2024/01/pdf/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_staff_with_model_permissions_but_no_role_cannot_change_a_plan_in_the_admin(client, sample_plan):
    client.force_login(staff_without_role("nhanvien", "view_monthlyplan", "view_item"))
    assert client.get(f"/admin/agenda/monthlyplan/{sample_plan.pk}/change/").status_code == 403
    assert client.get("/admin/agenda/monthlyplan/").status_code == 403
    item = sample_plan.items.first()
    assert client.get(f"/admin/meetings/item/{item.pk}/change/").status_code == 403


def test_department_user_with_staff_status_cannot_open_plans_in_the_admin(client, sample_plan):
    client.force_login(make_user("sokhdt", DEPARTMENT_GROUP, is_staff=True))
    item = sample_plan.items.first()
    assert client.get(f"/admin/meetings/item/{item.pk}/change/").status_code == 403


def test_editor_with_staff_status_edits_a_draft_in_the_admin(client, sample_plan):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP, is_staff=True))
    response = client.get(f"/admin/agenda/monthlyplan/{sample_plan.pk}/change/")
    assert response.status_code == 200
    assert response.context["has_change_permission"]


def test_clerk_with_staff_status_reads_a_plan_in_the_admin_but_cannot_change_it(client, sample_plan):
    client.force_login(make_user("vanthu", CLERK_GROUP, is_staff=True))
    response = client.get(f"/admin/agenda/monthlyplan/{sample_plan.pk}/change/")
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    data = {"year": 2024, "month": 1, "title": "Sửa trái phép"}
    client.post(f"/admin/agenda/monthlyplan/{sample_plan.pk}/change/", data)
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).title != "Sửa trái phép"


# -- the table -------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
#: The functions that ask the table: the position of the argument naming the action, and the prefix it takes there.
ASKERS = {
    "has_right": (1, ""),
    "require_right": (1, ""),
    "can": (2, "plan."),
    "get_plan_for_user": (4, "plan."),
    "_load_plan": (4, "plan."),  # workspace.views: get_plan_for_user with the request's user
    "_load_for_step": (4, "plan."),
    "workflow.check": (2, "plan."),
    "get_item_for_user": (3, "item."),
    "get_proposal_for_user": (3, "proposal."),
    "may_open": (1, "menu."),
}


def _asked_in_python(path):
    """The actions named by string literals where ``path`` calls an asker (a variable is an asker's own)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else None
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            name = f"{owner}.{func.attr}" if f"{owner}.{func.attr}" in ASKERS else func.attr
        if name not in ASKERS:
            continue
        position, prefix = ASKERS[name]
        arguments = node.args[position : position + 1] + [k.value for k in node.keywords if k.arg == "action"]
        for argument in arguments:
            yield from (prefix + action for action in _literals(argument))


def _literals(node):
    """The strings an argument may be: a literal, or either branch of ``a if condition else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def actions_asked():
    """Every action the code (apps and templates, not the tests) asks the table about."""
    apps = [path for path in ROOT.iterdir() if (path / "__init__.py").is_file() and path.name != "tests"]
    asked = set()
    for app in apps:
        for path in app.rglob("*.py"):
            if "migrations" not in path.parts:
                asked.update(_asked_in_python(path))
        for path in app.rglob("templates/**/*.html"):
            asked.update(f"menu.{page}" for page in re.findall(r'may_open:"(\w+)"', path.read_text(encoding="utf-8")))
    return asked


def test_the_table_has_every_action_the_code_asks_about():
    asked = actions_asked()
    assert {"plan.view", "plan.seal", "item.dossier", "session.packet", "proposal.letter", "menu.profile"} <= asked
    assert asked - set(RIGHTS) == set()


def test_every_right_in_the_table_is_asked_somewhere():
    assert set(RIGHTS) - actions_asked() == set()


def test_every_issuing_step_has_its_right_and_every_plan_action_its_roles():
    assert {f"plan.{step}" for step in STEPS} <= set(RIGHTS)
    assert all(RIGHTS[action] for action in RIGHTS)


def test_an_action_missing_from_the_table_is_an_error_not_an_allow(sample_plan):
    editor = make_user("chuyenvien", EDITOR_GROUP)
    for ask in (
        lambda: has_right(None, "plan.publish", sample_plan.office),  # not even for the system
        lambda: has_right(editor, "plan.publish", sample_plan.office),
        lambda: require_right(editor, "publish", sample_plan.office),
        lambda: can(editor, sample_plan, "publish"),
        lambda: can(editor, None, "publish"),
        lambda: get_plan_for_user(editor, sample_plan.office, 2024, 1, "publish"),
        lambda: get_item_for_user(editor, sample_plan.office, sample_plan.items.first().pk, "delete"),
        lambda: get_proposal_for_user(editor, sample_plan.office, 1, "delete"),
        lambda: workflow.check(None, sample_plan, "publish"),
    ):
        with pytest.raises(KeyError):
            ask()


@pytest.mark.parametrize("group", [EDITOR_GROUP, APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP, MEMBER_GROUP, None])
def test_the_workspace_and_the_services_give_each_role_the_same_answer_for_every_step(sample_plan, group):
    user = make_user("nguoidung", group)
    for step, states in STEPS.items():
        sample_plan.status = states.sources[0]  # can() and the services read the state the step leaves
        shown = can(user, sample_plan, step)
        try:
            workflow.check(user, sample_plan, step)
        except PermissionDenied:
            taken = False
        else:
            taken = True
        assert shown is taken, step


def test_a_superuser_holds_every_role_in_the_workspace_as_in_the_services(sample_plan):
    """The one question, asked once: the superuser a management command may seal with may seal in the workspace."""
    admin = User.objects.create_superuser("quantri", "q@example.org", "x")
    sample_plan.status = MonthlyPlan.Status.SIGNED
    assert can(admin, sample_plan, "seal") and workflow.check(admin, sample_plan, "seal") is STEPS["seal"]
    assert require_right(admin, "plan.seal", sample_plan.office) == CLERK
