"""Offices as rows of their own (issue 20, first step): each with a slug, an electronic code, a level and
a parent; created by `create_office`; the existing Office keeps everything through the migration."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from agenda.models import Office
from tests.offices import create_commune


def test_a_commune_office_is_created_under_the_province(db):
    province = Office.objects.get_solo()
    commune = create_commune()
    assert commune.pk != province.pk
    assert (commune.name, commune.place, commune.document_symbol) == ("UBND XÃ TÂN YÊN", "Tân Yên", "CTr-UBND")
    assert (commune.code, commune.level, commune.parent) == ("000.00.31.H06", Office.Level.COMMUNE, province)
    assert commune.parent_body == ""  # a commune's People's Committee heads its documents with its own name alone
    assert list(province.children.all()) == [commune]
    assert Office.objects.get_solo() == province  # the installation's own office is still the first


def test_the_first_office_is_made_with_a_slug_of_its_place(db):
    office = Office.objects.get_solo()
    assert office.slug == "bac-giang"
    assert office.level == Office.Level.PROVINCE and office.parent is None


@pytest.mark.parametrize("code", ["000.00.31.h06", "000..31", ".000", "000.00.31.H06.", "ABC-123", "0" * 36])
def test_a_malformed_electronic_code_is_refused_and_nothing_is_created(db, code):
    with pytest.raises(CommandError, match="Mã định danh|tối đa|nhiều nhất"):
        create_commune(code=code)
    assert not Office.objects.filter(slug="xa-tan-yen").exists()


def test_a_slug_or_a_code_already_taken_is_refused(db):
    create_commune()
    with pytest.raises(CommandError, match="đường dẫn"):
        create_commune(code="000.00.31.H07")
    with pytest.raises(CommandError, match="mã định danh này"):
        create_commune(slug="xa-khac", code="000.00.31.H06")
    assert Office.objects.count() == 2


def test_an_unknown_parent_is_refused(db):
    with pytest.raises(CommandError, match="Không có cơ quan nào có đường dẫn “khong-co”"):
        create_commune(parent="khong-co")
    assert Office.objects.count() == 1


def test_an_office_cannot_be_its_own_ancestor(db):
    province = Office.objects.get_solo()
    commune = create_commune()
    province.parent = commune
    with pytest.raises(ValidationError) as refused:
        province.full_clean()
    assert "parent" in refused.value.message_dict


def test_the_database_refuses_a_malformed_code_and_an_office_its_own_parent(db):
    office = Office.objects.get_solo()
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.filter(pk=office.pk).update(code="không hợp lệ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.filter(pk=office.pk).update(parent=office)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_existing_office_and_gives_it_a_slug():
    """A database of the release before offices were many: its one Office row comes through whole."""
    before, after = [("agenda", "0009_prioritytask_search_text")], [("agenda", "0010_offices")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("agenda", "Office")
    old.objects.all().delete()
    old.objects.create(pk=1, name="VĂN PHÒNG", parent_body="UBND TỈNH LẠNG SƠN", place="Lạng Sơn", dossier_lead_days=7)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("agenda", "Office")
    office = new.objects.get()
    assert (office.pk, office.slug, office.level, office.code, office.parent_id) == (1, "lang-son", "tinh", "", None)
    assert (office.name, office.parent_body, office.dossier_lead_days) == ("VĂN PHÒNG", "UBND TỈNH LẠNG SƠN", 7)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_office_has_its_own_working_copy_and_its_own_register_numbers(sample_plan):
    from issuing.services import reserve_number
    from programme.services import new_plan

    province = sample_plan.office
    commune = create_commune()
    commune_plan = new_plan(2024, 1, template=commune)  # the same month as the province's working copy
    assert (commune_plan.office, sample_plan.office) == (commune, Office.objects.get_solo())
    assert reserve_number(sample_plan).number == 1
    entry = reserve_number(commune_plan)
    assert (entry.office, entry.year, entry.number) == (commune, sample_plan.register_entry.year, 1)
    assert province.register_entries.get().number == 1


def test_a_plan_made_without_an_office_is_the_first_offices(db):
    from agenda.models import MonthlyPlan

    create_commune()
    assert MonthlyPlan.objects.create(year=2030, month=5).office == Office.objects.get_solo()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_plans_and_numbers_to_the_first_office():
    """A database of the release before: its plans and register numbers become the first office's."""
    before = [("agenda", "0010_offices"), ("issuing", "0004_revision_approver_note")]
    after = [("agenda", "0011_plan_office"), ("issuing", "0005_register_per_office")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    state = executor.loader.project_state(before).apps
    Office_, Plan, Entry = (
        state.get_model(*name.split(".")) for name in ("agenda.Office", "agenda.MonthlyPlan", "issuing.RegisterEntry")
    )
    Office_.objects.all().delete()
    first = Office_.objects.create(pk=1, slug="bac-giang")
    plan = Plan.objects.create(year=2024, month=1, status="published", published_at="2024-01-02T00:00:00Z")
    Entry.objects.create(plan=plan, year=2023, number=15)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    state = executor.loader.project_state(after).apps
    plan = state.get_model("agenda", "MonthlyPlan").objects.get()
    entry = state.get_model("issuing", "RegisterEntry").objects.get()
    assert (plan.office_id, entry.office_id, entry.number) == (first.pk, first.pk, 15)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_plans_document_is_its_own_offices(sample_plan):
    from programme.document import build_document, plans_for_document
    from programme.services import new_plan

    commune = create_commune()
    commune.event_minutes = 45
    commune.save()
    plan = new_plan(2024, 2, template=commune, title="Chương trình công tác tháng 02 năm 2024")
    document = build_document(plans_for_document().get(pk=plan.pk))
    assert document.office == commune
    assert document.number_line.endswith("/CTr-UBND") and document.place_date.startswith("Tân Yên, ")
    province_document = build_document(plans_for_document().get(pk=sample_plan.pk))
    assert province_document.number_line.endswith("/CTr-VP")


def _first_words(resolver, prefix=""):
    """The literal first path word of every URL pattern (under ``prefix``), converters left out."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        word = route.lstrip("^").split("/", 1)[0]
        if word and not word.startswith("<"):
            yield word
        if hasattr(pattern, "url_patterns") and route.startswith("van-phong/"):
            yield from _first_words(pattern, "")


def test_no_office_slug_can_shadow_a_path_of_the_site():
    from django.urls import get_resolver

    from agenda.converters import RESERVED_SLUGS

    words = set(_first_words(get_resolver()))
    assert {"admin", "ke-hoach", "ho-so", "de-xuat"} <= words
    assert words <= RESERVED_SLUGS


def test_an_office_slug_that_is_a_page_of_the_site_is_refused(db):
    office = Office(slug="ke-hoach", name="UBND XÃ A", place="A", document_symbol="CTr-UBND")
    with pytest.raises(ValidationError) as refused:
        office.full_clean()
    assert "slug" in refused.value.message_dict
    assert Office.free_slug("Ke hoach") == "ke-hoach-2"


def test_an_office_slug_never_changes_once_saved(db):
    office = Office.objects.get_solo()
    office.slug = "bac-giang-moi"
    with pytest.raises(ValidationError) as refused:
        office.full_clean()
    assert "slug" in refused.value.message_dict


def test_a_commune_signs_on_behalf_of_its_peoples_committee_unless_told_otherwise(db):
    commune = create_commune()
    assert (commune.signer_authority, commune.signer_position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert commune.document_symbol == "CTr-UBND"
    assert commune.heading_regular_sessions == "Phiên họp UBND xã thường kỳ"
    assert commune.heading_chairman_items == "Các nội dung, đề án trình Chủ tịch UBND xã"
    province = Office.objects.get_solo()
    assert (province.signer_authority, province.signer_position) == ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")


def test_a_ward_names_its_sections_for_the_ward_and_a_given_parent_body_is_kept(db):
    from tests.offices import create_commune as create_office_under_province

    ward = create_office_under_province("phuong-tien-phong", name="UBND PHƯỜNG TIỀN PHONG", code="000.00.32.H06")
    assert ward.heading_chairman_items == "Các nội dung, đề án trình Chủ tịch UBND phường"
    other = create_office_under_province("xa-khac", code="000.00.33.H06", parent_body="TỈNH BẮC NINH")
    assert other.parent_body == "TỈNH BẮC NINH"


def test_a_department_inherits_its_provinces_parent_body_and_signs_for_its_director(db):
    call_command(
        "create_office",
        "so-noi-vu",
        name="SỞ NỘI VỤ",
        place="Bắc Giang",
        symbol="CTr-SNV",
        code="000.00.01.H06",
        level="so",
        parent="bac-giang",
        stdout=io.StringIO(),
    )
    department = Office.objects.get(slug="so-noi-vu")
    assert department.parent_body == Office.objects.get_solo().parent_body
    assert (department.signer_authority, department.signer_position) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_communes_new_month_takes_its_signature_block(db):
    from programme.services import new_plan

    plan = new_plan(2024, 2, template=create_commune())
    assert (plan.signer_authority, plan.signer_position) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert plan.heading_regular_sessions == "Phiên họp UBND xã thường kỳ"
