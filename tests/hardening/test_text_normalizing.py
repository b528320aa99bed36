"""One normaliser for every stored text: what it does, and that every path (models, forms, the
admin, load_plan) passes through it."""

import unicodedata

import pytest

from agenda.models import Agency, MonthlyPlan, Office, PriorityTask
from agenda.text import normalize_lines, normalize_text
from exports.pdf import render_plan
from issuing.services import publish_plan
from meetings.models import Item, RegularSession
from programme.services import load_plan
from tests.factories import plan_data

DECOMPOSED = unicodedata.normalize("NFD", "Sở Kế hoạch và Đầu tư")


def test_decomposed_vietnamese_is_stored_composed():
    assert DECOMPOSED != "Sở Kế hoạch và Đầu tư"
    assert normalize_text(DECOMPOSED) == "Sở Kế hoạch và Đầu tư"


def test_separators_and_line_breaks_become_one_space_in_a_one_line_text():
    assert normalize_text("Dự thảo\u2029Kế hoạch\u2028năm\r\n2024\t\u00a0 x") == "Dự thảo Kế hoạch năm 2024 x"


def test_control_and_format_characters_are_removed():
    text = "\ufeffBáo\u200b cáo\u00ad\u200d \u202equý\x00 I\x07\ud800\uffff"
    assert normalize_text(text) == "Báo cáo quý I"


def test_a_multiline_text_keeps_its_lines_trimmed_with_at_most_one_blank_line():
    text = "  - Thường trực Tỉnh ủy;\r\n\r\n\r\n\r\n- Chủ tịch\u2029- Lưu: VT.  \n\n"
    assert normalize_text(text, multiline=True) == "- Thường trực Tỉnh ủy;\n\n- Chủ tịch\n- Lưu: VT."
    assert normalize_lines(text) == normalize_text(text, multiline=True)


def test_normalizing_twice_changes_nothing():
    text = " a\u0301\u200b  b\u2029\u2029c\r\n "
    for multiline in (False, True):
        once = normalize_text(text, multiline=multiline)
        assert normalize_text(once, multiline=multiline) == once


def test_every_text_field_is_normalized_on_save(db):
    plan = MonthlyPlan.objects.create(
        year=2024,
        month=5,
        title=f" {DECOMPOSED}\u2029 ",
        signer_name="Lê\u200b Tuấn  Phú",
        recipients="Như trên;\r\nLưu:\u2028VT.",
    )
    task = PriorityTask.objects.create(plan=plan, text="Chỉ đạo\u2029\u2029\u2029thu ngân sách\u00a0")
    session = RegularSession.objects.create(plan=plan, date="2024-05-06", place="Phòng\u2029họp 1")
    item = Item.objects.create(plan=plan, part="session", session=session, title="Dự thảo\u2029Nghị quyết;\u200b")
    agency = Agency.objects.create(name=f"{DECOMPOSED}\u200b ", short_name="\u200b")
    office = Office.objects.get_solo()
    office.name = "VĂN\u2029PHÒNG"
    office.save()
    for obj in (plan, task, session, item, agency, office):
        obj.refresh_from_db()
    assert plan.title == "Sở Kế hoạch và Đầu tư"
    assert plan.signer_name == "Lê Tuấn Phú"
    assert plan.recipients == "Như trên;\nLưu:\nVT."
    assert task.text == "Chỉ đạo\n\nthu ngân sách"
    assert session.place == "Phòng họp 1"
    assert item.title == "Dự thảo Nghị quyết"
    assert (agency.name, agency.short_name) == ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư")
    assert office.name == "VĂN PHÒNG"


def test_bulk_created_texts_are_normalized_too(db):
    plan = MonthlyPlan.objects.create(year=2024, month=5)
    PriorityTask.objects.bulk_create([PriorityTask(plan=plan, text="a\u2029b\u200b")])
    assert PriorityTask.objects.get(plan=plan).text == "a\nb"


def test_full_clean_normalizes_and_measures_the_normalized_text(db):
    plan = MonthlyPlan.objects.create(year=2024, month=5)
    task = PriorityTask(plan=plan, text="\u200b" * 10 + "x" * 5000)
    task.full_clean()
    assert task.text == "x" * 5000


def test_a_text_of_format_characters_only_is_refused_as_empty_by_load_plan(db):
    data = plan_data(2024, 5)
    data["chairman_items"][0]["title"] = "\u200b\u2029\ufeff"
    with pytest.raises(Exception) as error:
        load_plan(data)
    assert "chairman_items[0].title: phải là một chuỗi ký tự không rỗng." in str(error.value)


@pytest.mark.django_db
def test_a_paragraph_separator_in_an_item_title_no_longer_breaks_the_pdf_or_issuing():
    """Defect: one U+2029 in an item title was saved, then the draft PDF answered 500 and issuing
    failed ("Got ' \\u2029' between two lines")."""
    data = plan_data(2024, 5)
    data["chairman_items"][0]["title"] = "Dự thảo\u2029Quyết định ban hành quy chế"
    data["regular_sessions"][0]["place"] = "Hội trường\u2028tầng 3"
    data["recipients"][0] = data["recipients"][0] + "\u2029"
    plan, _created = load_plan(data)
    item = plan.items.get(part="chairman", position=0)
    assert item.title == "Dự thảo Quyết định ban hành quy chế"
    assert render_plan(plan).content.startswith(b"%PDF")
    assert publish_plan(plan).status == MonthlyPlan.Status.PUBLISHED


def test_the_migration_normalises_texts_stored_before(db):
    """Rows written before the normaliser (here in SQL: even update() normalises now) are tidied by migration 0004."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("meetings.migrations.0004_normalize_stored_texts")
    plan, _created = load_plan(plan_data(2024, 5))
    item = plan.items.get(part="chairman", position=0)
    agency = item.ordered_agencies[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_item SET title = %s WHERE id = %s", ["Dự thảo\u2029Quyết định.", item.pk])
        cursor.execute("UPDATE agenda_agency SET name = %s WHERE id = %s", [f"{agency.name}\u200b", agency.pk])
        cursor.execute("UPDATE agenda_prioritytask SET text = %s WHERE plan_id = %s", ["a\r\n\u2029b", plan.pk])
    state = MigrationLoader(connection).project_state(("meetings", "0004_normalize_stored_texts"))
    migration.normalize_texts(state.apps, None)
    item.refresh_from_db()
    agency.refresh_from_db()
    assert item.title == "Dự thảo Quyết định"
    assert "\u200b" not in agency.name
    assert set(PriorityTask.objects.filter(plan=plan).values_list("text", flat=True)) == {"a\n\nb"}
