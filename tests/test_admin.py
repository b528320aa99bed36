"""The Django admin, for administrators: Vietnamese, validating, and hands off issued plans."""

import pytest
from django.urls import reverse

from issuing.services import publish_plan
from meetings.models import Item


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2024")
    client.force_login(user)
    return client


def plan_form(plan, **changes):
    """The POST data of the plan's change form, with no inline rows changed."""
    data = {
        "year": plan.year,
        "month": plan.month,
        "title": plan.title,
        "loaded_version": plan.version,
        "signer_authority": plan.signer_authority,
        "signer_position": plan.signer_position,
        "signer_name": plan.signer_name,
        "recipients": plan.recipients,
        **{f"heading_{key}": value for key, value in plan.headings.items()},
    }
    for prefix, rows in [("priority_tasks", plan.priority_tasks.all()), ("sessions", plan.sessions.all())]:
        rows = list(rows)
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-plan"] = plan.pk
            if prefix == "priority_tasks":
                data.update({f"{prefix}-{index}-position": row.position, f"{prefix}-{index}-text": row.text})
            else:
                data.update({f"{prefix}-{index}-date": row.date.isoformat(), f"{prefix}-{index}-time": ""})
    items = plan.items.count()
    data.update({"items-TOTAL_FORMS": items, "items-INITIAL_FORMS": items})
    for index, item in enumerate(plan.items.order_by("part_order", "date", "position", "pk")):
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-plan"] = plan.pk
    data.update(changes)
    return data


def test_admin_is_in_vietnamese(admin_client):
    response = admin_client.get("/admin/")
    assert "Quản trị chương trình công tác" in response.text
    assert "Chương trình công tác tháng" in response.text


def test_plan_list_filters_by_year_and_status(admin_client, sample_plan):
    response = admin_client.get("/admin/agenda/monthlyplan/?year=2024&status__exact=draft")
    assert response.status_code == 200
    assert "Công tác của UBND tỉnh tháng 01 năm 2024" in response.text


def test_session_date_outside_the_month_is_shown_next_to_the_field(admin_client, sample_plan):
    url = reverse("admin:agenda_monthlyplan_change", args=[sample_plan.pk])
    response = admin_client.post(url, plan_form(sample_plan, **{"sessions-0-date": "2024-02-19"}))
    assert response.status_code == 200
    assert "Ngày 19/02/2024 không thuộc tháng 01 năm 2024." in response.text
    assert sample_plan.sessions.get().date.isoformat() == "2024-01-19"


def test_weekend_session_date_is_saved_with_a_warning(admin_client, sample_plan):
    url = reverse("admin:agenda_monthlyplan_change", args=[sample_plan.pk])
    response = admin_client.post(url, plan_form(sample_plan, **{"sessions-0-date": "2024-01-20"}), follow=True)
    assert "Ngày 20/01/2024 là thứ Bảy, ngày nghỉ cuối tuần." in response.text
    assert sample_plan.sessions.get().date.isoformat() == "2024-01-20"


def test_chairman_item_without_agency_is_refused_in_the_admin(admin_client, sample_plan):
    item = sample_plan.items.filter(part=Item.Part.CHAIRMAN).first()
    url = reverse("admin:meetings_item_change", args=[item.pk])
    assignment = item.assignments.get()
    data = {
        "plan": sample_plan.pk,
        "part": "chairman",
        "position": item.position,
        "title": item.title,
        "loaded_version": sample_plan.version,
        "assignments-TOTAL_FORMS": 1,
        "assignments-INITIAL_FORMS": 1,
        "assignments-0-id": assignment.pk,
        "assignments-0-item": item.pk,
        "assignments-0-position": 0,
        "assignments-0-agency": assignment.agency_id,
        "assignments-0-DELETE": "on",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "phải có ít nhất một cơ quan chuẩn bị" in response.text
    assert item.assignments.count() == 1


def test_agency_autocomplete_finds_by_short_name(admin_client, sample_plan):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "KHĐT", "app_label": "meetings", "model_name": "itemagency", "field_name": "agency"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Sở Kế hoạch và Đầu tư"]


def test_issued_plan_is_read_only_in_the_admin(admin_client, sample_plan):
    publish_plan(sample_plan)
    url = reverse("admin:agenda_monthlyplan_change", args=[sample_plan.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, plan_form(sample_plan, title="Đổi tiêu đề"))
    assert response.status_code == 403
    sample_plan.refresh_from_db()
    assert sample_plan.title == "Công tác của UBND tỉnh tháng 01 năm 2024"
    item = sample_plan.items.first()
    assert admin_client.post(reverse("admin:meetings_item_change", args=[item.pk]), {}).status_code == 403


def test_new_plan_starts_from_the_office_defaults(admin_client):
    response = admin_client.get(reverse("admin:agenda_monthlyplan_add"))
    assert "Văn phòng Chính phủ" in response.text
    assert "CHÁNH VĂN PHÒNG" in response.text


def test_agency_search_in_the_admin(admin_client, sample_plan):
    response = admin_client.get("/admin/agenda/agency/?q=TT%26TT")
    assert "Sở Thông tin và Truyền thông" in response.text
    assert "Sở Tư pháp" not in response.text
