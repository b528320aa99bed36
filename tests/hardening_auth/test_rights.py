"""Roles decide, never staff status alone: the public PDF of a draft month and the plans' admin."""

import pytest
from django.contrib.auth.models import Permission

from access.roles import CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP
from agenda.models import MonthlyPlan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def staff_without_role(username="nhanvien", *codenames):
    user = make_user(username, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_staff_status_without_a_role_cannot_download_a_draft_pdf(client, sample_plan):
    client.force_login(staff_without_role())
    assert client.get("/ke-hoach/2024/01/pdf/").status_code == 404


def test_editor_downloads_the_draft_pdf(client, sample_plan):
    client.force_login(make_user("chuyenvien", EDITOR_GROUP))
    response = client.get("/ke-hoach/2024/01/pdf/")
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
