import json

import pytest
from django.core.management import CommandError, call_command

from agenda.models import Agency, MonthlyPlan
from issuing.services import publish_plan
from meetings.models import Item
from programme.document import plans_for_document
from programme.errors import PublishedPlanError
from programme.interchange import InterchangeError, plan_to_data
from programme.services import load_plan
from tests.factories import plan_data, two_session_plan


def export(year, month):
    return plan_to_data(plans_for_document().get(year=year, month=month))


def write_json(tmp_path, data, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def database_snapshot():
    """Everything a load could change, to prove that a refused load changed nothing."""
    return (
        list(MonthlyPlan.objects.values()),
        list(Item.objects.values()),
        list(Agency.objects.values()),
    )


def test_sample_fixture_is_the_reference_programme(sample_plan, reference):
    assert not sample_plan.is_published
    assert sample_plan.priority_tasks.count() == 5
    assert sample_plan.sessions.count() == 1
    assert sample_plan.items.filter(part=Item.Part.SESSION).count() == 9
    assert sample_plan.items.filter(part=Item.Part.CHAIRMAN).count() == 12
    assert sample_plan.items.filter(part=Item.Part.CONFERENCE).count() == 3
    assert len(sample_plan.recipient_lines) == 12
    assert Agency.objects.count() == 10
    assert export(2024, 1) == reference


def test_export_command_writes_the_reference_json(sample_plan, reference, tmp_path):
    output = tmp_path / "out.json"
    call_command("export_plan", "2024", "1", "--format", "json", "-o", str(output))
    assert json.loads(output.read_text(encoding="utf-8")) == reference


@pytest.mark.django_db
def test_load_then_export_gives_back_the_reference(reference):
    plan, created = load_plan(reference)
    assert created and plan.status == MonthlyPlan.Status.DRAFT
    assert export(2024, 1) == reference


@pytest.mark.django_db
def test_round_trip_of_two_sessions_and_an_agency_name_with_commas():
    data = two_session_plan()
    load_plan(data)
    culture = Agency.objects.get(name="Sở Văn hóa, Thể thao và Du lịch")
    assert culture.short_name == "Sở VHTTDL"
    lead_item = Item.objects.get(title="Dự thảo Quyết định về lễ hội truyền thống")
    assert [agency.name for agency in lead_item.ordered_agencies] == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Nội vụ",
        "Công an tỉnh",
    ]
    assert export(2024, 3) == data


@pytest.mark.django_db
def test_agency_known_only_by_name_gets_its_name_as_short_name():
    data = plan_data(2024, 4)
    data["chairman_items"][0]["agencies"] = ["Ban Quản lý các khu công nghiệp tỉnh"]
    load_plan(data)
    agency = Agency.objects.get(name="Ban Quản lý các khu công nghiệp tỉnh")
    assert agency.short_name == agency.name
    assert agency.slug == "ban-quan-ly-cac-khu-cong-nghiep-tinh"


@pytest.mark.django_db
def test_loading_a_draft_again_replaces_it(reference):
    plan, _ = load_plan(reference)
    changed = plan_data(2024, 1)
    changed["chairman_items"] = changed["chairman_items"][:2]
    again, created = load_plan(changed)
    assert not created and again.pk == plan.pk
    assert again.items.filter(part=Item.Part.CHAIRMAN).count() == 2


def test_load_plan_refuses_to_overwrite_a_published_plan(sample_plan, reference, tmp_path):
    publish_plan(sample_plan)
    before = database_snapshot()
    changed = dict(reference, title="Một tiêu đề khác")
    with pytest.raises(PublishedPlanError, match="đã ban hành"):
        load_plan(changed)
    with pytest.raises(CommandError, match="đã ban hành, không thể ghi đè"):
        call_command("load_plan", str(write_json(tmp_path, changed)))
    assert database_snapshot() == before


def test_broken_file_changes_nothing_and_says_what_is_wrong(sample_plan, reference, tmp_path):
    before = database_snapshot()
    broken = plan_data(2024, 1)
    broken["regular_sessions"][0]["date"] = "2024-02-19"
    broken["chairman_items"][3]["agencies"] = []
    broken["conferences"][0]["date"] = "19/01/2024"
    broken["priority_tasks"] = ["Một nhiệm vụ mới"]
    with pytest.raises(CommandError) as raised:
        call_command("load_plan", str(write_json(tmp_path, broken)))
    message = str(raised.value)
    assert "không có gì thay đổi" in message
    assert "regular_sessions[0].date: ngày 19/02/2024 không thuộc tháng 01 năm 2024." in message
    assert "chairman_items[3].agencies: phải có ít nhất một cơ quan chuẩn bị." in message
    assert "conferences[0].date: “19/01/2024” không phải là ngày hợp lệ (YYYY-MM-DD)." in message
    assert database_snapshot() == before


@pytest.mark.django_db
def test_file_that_is_not_json_is_refused_with_a_message(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"year": 2024, "month": ', encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("load_plan", str(path))
    assert not MonthlyPlan.objects.exists()


@pytest.mark.django_db
def test_missing_file_is_refused_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("load_plan", str(tmp_path / "absent.json"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"month": 13}, "month: phải là tháng từ 1 đến 12."),
        ({"year": "2024"}, "year: phải là năm từ 2000 đến 2100."),
        ({"colour": "red"}, "colour: khóa không có trong định dạng trao đổi."),
        ({"regular_sessions": {}}, "regular_sessions: phải là một danh sách."),
        ({"signer": {"authority": "", "position": "CHÁNH VĂN PHÒNG"}}, "signer.authority"),
        ({"headings": {"appendix": "Phụ lục"}}, "headings.appendix: không phải là tiêu đề mục đã biết."),
    ],
)
def test_each_structural_problem_is_named(change, expected):
    data = dict(plan_data(2024, 5), **change)
    with pytest.raises(InterchangeError) as raised:
        load_plan(data)
    assert any(problem.startswith(expected) for problem in raised.value.problems), raised.value.problems
    assert not MonthlyPlan.objects.exists()


@pytest.mark.django_db
def test_session_item_without_agency_is_refused():
    data = plan_data(2024, 6)
    data["regular_sessions"][0]["items"][0]["agencies"] = []
    with pytest.raises(InterchangeError, match=r"regular_sessions\[0\]\.items\[0\]\.agencies"):
        load_plan(data)


@pytest.mark.django_db
def test_conference_may_have_no_agency_but_a_chairman_item_may_not():
    data = plan_data(2024, 6)
    assert data["conferences"][0]["agencies"] == []
    load_plan(data)  # accepted
    data["chairman_items"][0]["agencies"] = []
    with pytest.raises(InterchangeError, match=r"chairman_items\[0\]\.agencies"):
        load_plan(data)


@pytest.mark.django_db
def test_titles_lose_a_trailing_semicolon_or_full_stop():
    data = plan_data(2024, 7)
    data["chairman_items"][0]["title"] += ";"
    data["conferences"][0]["title"] += "."
    load_plan(data)
    plan = MonthlyPlan.objects.get(year=2024, month=7)
    titles = set(plan.items.values_list("title", flat=True))
    assert "Tiếp công dân định kỳ" in titles
    assert not any(title.endswith((";", ".")) for title in titles)


@pytest.mark.django_db
def test_load_and_publish_from_the_command(reference, tmp_path):
    call_command("load_plan", str(write_json(tmp_path, reference)), "--publish")
    assert MonthlyPlan.objects.get(year=2024, month=1).is_published


@pytest.mark.django_db
def test_dry_run_checks_the_file_and_writes_nothing(reference, tmp_path):
    call_command("load_plan", str(write_json(tmp_path, reference)), "--dry-run")
    assert not MonthlyPlan.objects.exists()
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_number_issue_date_and_headings_survive_the_round_trip():
    data = plan_data(2024, 8, number="07", issue_date="2024-07-30")
    data["headings"] = {"conferences": "Hội nghị với các sở, ngành; UBND các xã, phường"}
    load_plan(data)
    exported = export(2024, 8)
    assert exported["number"] == "07"
    assert exported["issue_date"] == "2024-07-30"
    assert exported["headings"]["conferences"] == "Hội nghị với các sở, ngành; UBND các xã, phường"
    assert exported["headings"]["priority_tasks"] == "NHIỆM VỤ TRỌNG TÂM"


def test_export_of_a_missing_month_says_so(db):
    with pytest.raises(CommandError, match="Không có chương trình tháng 9 năm 2030"):
        call_command("export_plan", "2030", "9", "--format", "json")
