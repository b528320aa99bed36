"""Forged ids across offices are form errors (issue 20, isolation): an agency of the commune in a plan of the
province, an item or a session of the commune's plan posted in the province's formsets, a proposal or an
agency of another office. Each is refused with a Vietnamese message and nothing is saved; the same form with
the office's own rows is accepted (the control). The forms are tested directly: the views pass the office."""

import datetime

import pytest
from django.http import QueryDict

from agenda.models import Agency, Office
from agenda.widgets import office_agencies
from meetings.models import Item, ItemAgency, RegularSession
from proposals.forms import DecisionForm, ProposalForm
from proposals.models import Proposal
from proposals.services import month_choices
from tests.offices import CULTURE_DIVISION, create_commune, load_for
from workspace.agencies import AgencyAddForm, add_agency, similar_agencies
from workspace.editing_forms import FOREIGN_ROW_MESSAGE, FOREIGN_SESSION_MESSAGE, ItemForm
from workspace.import_forms import AgencyChoiceForm
from workspace.plan_editor import PlanEditor

UNKNOWN_AGENCY = "Cơ quan đã chọn không còn trong danh mục."


@pytest.fixture
def province_plan(db):
    return load_for(Office.objects.get_solo())


@pytest.fixture
def commune(db):
    return create_commune()


@pytest.fixture
def commune_plan(commune):
    return load_for(commune)


def posted(editor):
    """What the editing page posts unchanged: every form's and formset's current values."""
    data = QueryDict(mutable=True)
    for form in [editor.plan_form, *(form for formset in editor.formsets for form in formset.forms)]:
        for field in form:
            value = field.value()
            if isinstance(value, list):
                data.setlist(field.html_name, [str(entry) for entry in value])
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = "" if value is None else str(value)
    for formset in editor.formsets:
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management.initial[name])
    return data


def editing(plan, change):
    """The province's editing page posted with ``change(data)`` applied: (editor, is_valid)."""
    data = posted(PlanEditor(plan))
    change(data)
    editor = PlanEditor(plan, data)
    return editor, editor.is_valid()


def messages(editor):
    return [message for _where, _anchor, message in editor.error_summary()]


def first_chairman_item(plan):
    """The item of the chairman formset's first row ("items-chairman-0-…")."""
    return Item.objects.filter(plan=plan, part=Item.Part.CHAIRMAN).in_document_order().first()


def test_the_editing_page_posted_unchanged_is_valid(province_plan, commune_plan):
    editor, valid = editing(province_plan, lambda data: None)
    assert valid, editor.error_summary()


def test_an_agency_of_another_office_on_an_item_is_a_form_error(province_plan, commune_plan):
    foreign = Agency.objects.of(commune_plan.office).get(name=CULTURE_DIVISION)
    before = list(ItemAgency.objects.values())

    editor, valid = editing(province_plan, lambda data: data.setlist("items-chairman-0-agencies", [foreign.pk]))

    assert not valid and UNKNOWN_AGENCY in messages(editor)
    assert list(ItemAgency.objects.values()) == before


def test_an_item_of_another_offices_plan_posted_in_the_formset_is_a_form_error(province_plan, commune_plan):
    foreign = Item.objects.filter(plan=commune_plan, part=Item.Part.CHAIRMAN).first()
    title = foreign.title

    def forge(data):
        data["items-chairman-0-id"] = str(foreign.pk)
        data["items-chairman-0-title"] = "Nội dung ghi đè"

    editor, valid = editing(province_plan, forge)
    assert not valid and str(FOREIGN_ROW_MESSAGE) in messages(editor)
    foreign.refresh_from_db()
    assert (foreign.plan, foreign.title) == (commune_plan, title)


def test_a_session_of_another_offices_plan_is_a_form_error_as_a_row_and_as_an_items_session(
    province_plan, commune_plan
):
    foreign = RegularSession.objects.get(plan=commune_plan)
    date = foreign.date

    def forge_row(data):
        data["sessions-0-id"] = str(foreign.pk)
        data["sessions-0-date"] = "2024-03-28"

    editor, valid = editing(province_plan, forge_row)
    assert not valid and str(FOREIGN_ROW_MESSAGE) in messages(editor)
    foreign.refresh_from_db()
    assert (foreign.plan, foreign.date) == (commune_plan, date)

    editor, valid = editing(province_plan, lambda data: data.__setitem__("items-session-0-session", str(foreign.pk)))
    assert not valid and str(FOREIGN_SESSION_MESSAGE) in messages(editor)
    assert not Item.objects.filter(plan=province_plan, session=foreign).exists()


def item_form(plan, chosen, **kwargs):
    item = first_chairman_item(plan)
    data = {"title": item.title, "agencies": [agency.pk for agency in chosen]}
    return ItemForm(data, instance=item, plan=plan, part=Item.Part.CHAIRMAN, sessions=[], **kwargs)


def test_an_item_form_offers_its_plans_office_whatever_directory_it_is_given(province_plan, commune_plan):
    province, commune = province_plan.office, commune_plan.office
    own = Agency.objects.of(province).get(name=CULTURE_DIVISION)
    foreign = Agency.objects.of(commune).get(name=CULTURE_DIVISION)
    everything = {agency.pk: agency for agency in Agency.objects.all()}

    assert item_form(province_plan, [own]).is_valid()  # the control: its own directory, read by the form
    assert item_form(province_plan, [own], office=province, agencies=everything).is_valid()
    for kwargs in ({}, {"office": province}, {"agencies": everything}):
        form = item_form(province_plan, [foreign], **kwargs)
        assert not form.is_valid() and UNKNOWN_AGENCY in form.errors["agencies"]


def test_a_proposal_naming_another_offices_agency_is_a_form_error(province_plan, commune_plan, time_machine):
    time_machine(datetime.date(2024, 1, 10))
    department = Agency.objects.of(province_plan.office).get(short_name="Sở KHĐT")
    foreign = Agency.objects.of(commune_plan.office).get(name=CULTURE_DIVISION)

    def proposal_form(agencies, **kwargs):
        data = {
            "target": month_choices()[0][0],
            "part": Item.Part.CHAIRMAN,
            "title": "Dự thảo Quyết định ban hành quy chế phối hợp",
            "agencies": [agency.pk for agency in agencies],
        }
        return ProposalForm(data, agency=department, instance=Proposal(agency=department), **kwargs)

    assert proposal_form([department]).is_valid()
    for form in (proposal_form([department, foreign]), proposal_form([foreign], office=province_plan.office)):
        assert not form.is_valid() and form.errors["agencies"] == [UNKNOWN_AGENCY]
    offered = proposal_form([department]).fields["agencies"].agencies.values()
    assert {agency.office_id for agency in offered} == {province_plan.office_id}


def test_a_commune_departments_proposal_offers_the_communes_agencies(commune_plan):
    division = Agency.objects.of(commune_plan.office).get(name=CULTURE_DIVISION)
    form = ProposalForm(agency=division, instance=Proposal(agency=division))
    assert division.pk in form.fields["agencies"].agencies
    assert {agency.office_id for agency in form.fields["agencies"].agencies.values()} == {commune_plan.office_id}


def test_a_decision_on_another_offices_proposal_is_a_form_error(province_plan, commune_plan):
    division = Agency.objects.of(commune_plan.office).get(name=CULTURE_DIVISION)
    foreign = Proposal.objects.create(agency=division, lead=division, year=2024, month=3, part="chairman", title="X")
    own_agency = Agency.objects.of(province_plan.office).get(name=CULTURE_DIVISION)
    own = Proposal.objects.create(agency=own_agency, lead=own_agency, year=2024, month=3, part="chairman", title="Y")

    def decision(proposal):
        data = {"proposals": [proposal.pk], "action": DecisionForm.ACCEPT}
        return DecisionForm(data, year=2024, month=3, office=province_plan.office)

    assert decision(own).is_valid()
    refused = decision(foreign)
    assert not refused.is_valid() and "proposals" in refused.errors


def test_an_imports_unknown_agency_may_only_become_one_of_the_importing_offices(province_plan, commune_plan):
    foreign = Agency.objects.of(commune_plan.office).get(name=CULTURE_DIVISION)
    own = Agency.objects.of(province_plan.office).get(name=CULTURE_DIVISION)

    def choice(agency, office):
        return AgencyChoiceForm(["Phòng VHXH"], {"agency_0": str(agency.pk)}, office=office)

    accepted = choice(own, province_plan.office)
    assert accepted.is_valid() and accepted.choices() == {"Phòng VHXH": own}
    refused = choice(foreign, province_plan.office)
    assert not refused.is_valid() and "agency_0" in refused.errors
    assert choice(foreign, commune_plan.office).is_valid()
    assert choice(own, None).is_valid()  # without an office: the first office's directory
    assert not choice(foreign, None).is_valid()


def test_an_agency_added_from_the_editing_page_belongs_to_the_plans_office(province_plan, commune):
    name = "Ban Chỉ huy Quân sự"
    add_agency(province_plan.office, name, "Ban CHQS")
    assert AgencyAddForm({"name": name}, office=commune).is_valid()  # the province's name is free in the commune
    assert not AgencyAddForm({"name": name}, office=province_plan.office).is_valid()
    assert similar_agencies(commune, "ban chi huy quan su") == []
    added = add_agency(commune, name, "Ban CHQS")
    assert added.office == commune and added.slug == "ban-chi-huy-quan-su"
    assert similar_agencies(commune, "ban chi huy quan su") == [added]
    assert set(office_agencies(commune)) >= {added.pk}
