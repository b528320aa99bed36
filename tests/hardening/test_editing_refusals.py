"""Input the editing page and load_plan refuse with a Vietnamese message instead of storing it
(or answering 500): texts past their limit, forged agency ids, rows of another plan."""

import pytest

from agenda.models import MonthlyPlan
from meetings.models import Item
from programme.interchange import InterchangeError
from programme.services import load_plan
from tests.factories import plan_data
from tests.workspace.conftest import editing_page, save
from tests.workspace.test_editing import add_form

MILLION = "Đề án " * 200_000
TOO_LONG = "Nội dung quá dài: tối đa 1000 ký tự"


def test_a_million_character_title_is_refused_by_the_editing_page(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-title"] = MILLION
    response = save(client, february, data)
    assert response.status_code == 200
    assert TOO_LONG in response.text
    assert max(len(item.title) for item in Item.objects.filter(plan=february)) < 1000


def test_a_too_long_place_or_recipient_list_is_refused_by_the_editing_page(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["plan-recipients"] = "Sở Nội vụ;\r\n" * 1000
    add_form(data, "items-conference", {"title": "Hội nghị", "date": "2024-02-20", "place": "Hội trường " * 30})
    response = save(client, february, data)
    assert response.status_code == 200
    assert "Nội dung quá dài: tối đa 5000 ký tự" in response.text
    assert "Nội dung quá dài: tối đa 200 ký tự" in response.text


@pytest.mark.django_db
def test_a_million_character_title_is_refused_by_load_plan():
    data = plan_data(2024, 5)
    data["chairman_items"][0]["title"] = MILLION
    with pytest.raises(InterchangeError) as error:
        load_plan(data)
    assert "chairman_items[0].title: dài quá: tối đa 1000 ký tự" in str(error.value)
    assert not MonthlyPlan.objects.for_month(2024, 5).exists()


@pytest.mark.django_db
def test_load_plan_refuses_every_text_past_its_limit():
    data = plan_data(2024, 5)
    data["title"] = "x" * 301
    data["agencies"][0]["name"] = "x" * 201
    data["priority_tasks"][0] = "x" * 5001
    data["regular_sessions"][0]["place"] = "x" * 201
    data["recipients"] = ["x" * 100] * 60
    data["signer"]["name"] = "x" * 101
    with pytest.raises(InterchangeError) as error:
        load_plan(data)
    problems = "\n".join(error.value.problems)
    for where in ("title", "agencies[0].name", "priority_tasks[0]", "regular_sessions[0].place", "recipients"):
        assert f"{where}: dài quá" in problems
    assert "signer.name: dài quá: tối đa 100 ký tự" in problems


def test_a_superscript_digit_posted_as_an_agency_id_is_a_form_error(client, editor, february):
    """Defect: "²".isdigit() is true but int("²") fails: the page answered 500."""
    client.force_login(editor)
    for forged in ("²", "١", "9" * 5000, "-1", " 1"):
        data = editing_page(client, february)
        data.setlist("items-session-0-agencies", [forged])
        response = save(client, february, data)
        assert response.status_code == 200, forged
        assert "Cơ quan đã chọn không còn trong danh mục." in response.text


def test_an_item_of_another_plan_posted_in_the_formset_is_refused_not_copied(client, editor, february):
    """Defect: the id of January's item in February's formset was accepted and the item copied in."""
    client.force_login(editor)
    january_item = Item.objects.filter(plan__year=2024, plan__month=1, part="chairman").first()
    before = Item.objects.filter(plan=february).count()
    data = editing_page(client, february)
    add_form(data, "items-chairman", {"id": str(january_item.pk), "title": january_item.title})
    response = save(client, february, data)
    assert response.status_code == 200
    assert "Dòng này không thuộc phần đang sửa của chương trình này" in response.text
    assert Item.objects.filter(plan=february).count() == before
    assert not Item.objects.filter(plan=february, title=january_item.title).exists()


def test_an_existing_row_whose_id_is_swapped_for_another_plans_item_is_refused(client, editor, february):
    client.force_login(editor)
    january_item = Item.objects.filter(plan__year=2024, plan__month=1, part="session").first()
    data = editing_page(client, february)
    data["items-session-0-id"] = str(january_item.pk)
    response = save(client, february, data)
    assert response.status_code == 200
    assert "Dòng này không thuộc phần đang sửa của chương trình này" in response.text
    january_item.refresh_from_db()
    assert january_item.plan.month == 1


def test_an_item_of_another_part_of_the_same_plan_is_refused_too(client, editor, february):
    client.force_login(editor)
    session_item = Item.objects.filter(plan=february, part="session").first()
    data = editing_page(client, february)
    add_form(data, "items-chairman", {"id": str(session_item.pk), "title": "Bản sao"})
    response = save(client, february, data)
    assert response.status_code == 200
    assert "Dòng này không thuộc phần đang sửa của chương trình này" in response.text
    assert not Item.objects.filter(plan=february, title="Bản sao").exists()
