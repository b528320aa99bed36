"""Each office has its own agencies (issue 20): loading, copying, amending and importing a plan find and create
agencies within the plan's office, and nothing links an item to another office's agency."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from agenda.models import Agency, Office
from agenda.widgets import agency_search_results, office_agencies
from issuing.services import publish_plan
from meetings.models import Item, ItemAgency
from programme.document import plans_for_document
from programme.importing import import_programme
from programme.importing.agencies import AgencyDirectory
from programme.interchange import plan_to_data
from programme.services import copy_plan, load_plan, start_amendment
from tests.factories import plan_data
from tests.offices import CULTURE_DIVISION, create_commune, load_for, with_culture_division


@pytest.fixture
def commune(db):
    return create_commune()


@pytest.fixture
def province(db):
    return Office.objects.get_solo()


def agencies_of(office):
    return list(Agency.objects.of(office).order_by("name").values())


def agency_offices(plan):
    """The offices of the agencies ``plan``'s items name."""
    return set(ItemAgency.objects.filter(item__plan=plan).values_list("agency__office", flat=True))


def test_two_offices_each_load_an_agency_of_the_same_name_without_clash(province, commune):
    province_plan, commune_plan = load_for(province), load_for(commune)
    province_division = Agency.objects.of(province).get(name=CULTURE_DIVISION)
    commune_division = Agency.objects.of(commune).get(name=CULTURE_DIVISION)
    assert province_division != commune_division
    assert province_division.slug == commune_division.slug == "phong-van-hoa-xa-hoi"  # slugs are per office
    assert commune_plan.items.get(part=Item.Part.CHAIRMAN, position=0).ordered_agencies == [commune_division]
    assert province_plan.items.get(part=Item.Part.CHAIRMAN, position=0).ordered_agencies == [province_division]
    assert agency_offices(province_plan) == {province.pk} and agency_offices(commune_plan) == {commune.pk}


def test_a_file_loaded_for_one_office_never_touches_the_other_offices_agencies(province, commune):
    load_for(province, 2024, 2)
    before = agencies_of(province)
    data = with_culture_division(plan_data(2024, 3))
    data["agencies"] = [{**entry, "short_name": f"{entry['short_name']} (xã)"} for entry in data["agencies"]]
    plan, created = load_plan(data, office=commune)
    assert created and plan.office == commune
    assert agencies_of(province) == before  # the same names, other short names: the province's stay as they were
    assert agency_offices(plan) == {commune.pk}
    commune_agencies = {(agency.name, agency.short_name) for agency in Agency.objects.of(commune)}
    assert commune_agencies == {(entry["name"], entry["short_name"]) for entry in data["agencies"]}


def test_a_file_loaded_for_an_office_exports_its_own_agencies_back(commune):
    data = with_culture_division(plan_data(2024, 3))
    plan, _created = load_plan(data, office=commune)
    exported = plan_to_data(plans_for_document().get(pk=plan.pk))
    assert exported["issuer"] == {"parent_body": "", "name": "UBND XÃ TÂN YÊN", "place": "Tân Yên"}
    assert {entry["name"] for entry in exported["agencies"]} <= {entry["name"] for entry in data["agencies"]}
    assert CULTURE_DIVISION in {entry["name"] for entry in exported["agencies"]}


def test_the_same_month_of_two_offices_is_two_plans(province, commune):
    province_plan, commune_plan = load_for(province), load_for(commune)
    assert province_plan != commune_plan and (province_plan.year, province_plan.month) == (2024, 3)
    reloaded, created = load_plan(with_culture_division(plan_data(2024, 3)), office=commune)
    assert reloaded == commune_plan and not created  # the commune's own draft replaced, not the province's
    assert province_plan.items.count() == commune_plan.items.count()


def test_copying_and_amending_keep_the_plans_office_and_its_agencies(commune):
    plan = load_for(commune, 2024, 3)
    copy = copy_plan(plan, year=2024, month=4)
    assert copy.office == commune and agency_offices(copy) == {commune.pk}
    issued = publish_plan(load_for(commune, 2024, 5))
    amendment = start_amendment(issued)
    assert amendment.office == commune and agency_offices(amendment) == {commune.pk}


def test_an_import_matches_agencies_in_the_importing_offices_directory_only(province, commune, tmp_path):
    from exports.docx import render_plan_docx

    plan = load_for(province)
    content = render_plan_docx(plans_for_document().get(pk=plan.pk))
    known = import_programme(content, "programme.docx", office=province)
    assert known.unknown_agencies == {}
    foreign = import_programme(content, "programme.docx", office=commune)
    assert CULTURE_DIVISION in foreign.unknown_agencies  # the province's division is not the commune's
    assert {match.agency for match in AgencyDirectory(office=commune).split(CULTURE_DIVISION)} == {None}


def test_no_item_is_linked_to_another_offices_agency(province, commune):
    plan = load_for(province)
    foreign = Agency.objects.create(office=commune, name="Ban Chỉ huy Quân sự xã", short_name="Ban CHQS xã")
    item = plan.items.filter(part=Item.Part.CHAIRMAN).first()
    before = list(ItemAgency.objects.values())
    with pytest.raises(ValidationError, match="không thuộc danh mục cơ quan"):
        item.set_agencies([foreign])
    with pytest.raises(ValidationError, match="không thuộc danh mục cơ quan"), transaction.atomic():
        ItemAgency.objects.bulk_create([ItemAgency(item=item, agency=foreign, position=5)])
    with pytest.raises(ValidationError, match="không thuộc danh mục cơ quan"), transaction.atomic():
        ItemAgency.objects.bulk_create([ItemAgency(item_id=item.pk, agency_id=foreign.pk, position=5)])  # ids only
    with pytest.raises(ValidationError, match="không thuộc danh mục cơ quan"), transaction.atomic():
        item.agencies.add(foreign, through_defaults={"position": 5})
    with pytest.raises(ValidationError, match="không thuộc danh mục cơ quan"):
        ItemAgency(item=item, agency=foreign, position=5).full_clean()
    assert list(ItemAgency.objects.values()) == before


def test_renaming_one_offices_agency_leaves_the_other_offices_items_alone(province, commune):
    province_plan, commune_plan = load_for(province), load_for(commune)
    commune_item = commune_plan.items.get(part=Item.Part.CHAIRMAN, position=0)
    before = commune_item.search_text
    Agency.objects.of(province).filter(name=CULTURE_DIVISION).update(short_name="Phòng Văn hóa Thông tin")
    commune_item.refresh_from_db()
    assert commune_item.search_text == before
    province_item = province_plan.items.get(part=Item.Part.CHAIRMAN, position=0)
    assert "thong tin" in province_item.search_text


def test_a_picker_offers_and_finds_its_offices_agencies_only(province, commune):
    load_for(province), load_for(commune, month=4)
    province_division = Agency.objects.of(province).get(name=CULTURE_DIVISION)
    commune_division = Agency.objects.of(commune).get(name=CULTURE_DIVISION)
    offered = office_agencies(commune, keep=[province_division])
    assert commune_division.pk in offered and province_division.pk not in offered
    assert {agency.office_id for agency in offered.values()} == {commune.pk}
    found = agency_search_results(commune, "van hoa xa hoi")
    assert [result["id"] for result in found] == [commune_division.pk]
