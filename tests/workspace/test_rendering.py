"""The editing page's fields, written in Python (workspace/rendering.py), are the HTML the templates wrote:
crispy-forms' Bootstrap 5 field around each, and Django's widget templates inside."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.test.html import parse_html

from agenda.models import Agency
from agenda.widgets import AgencyPicker
from tests.workspace.conftest import editing_page
from tests.workspace.test_editing import add_form
from workspace.editing_forms import EDITOR_RENDERER
from workspace.plan_editor import PlanEditor
from workspace.rendering import render_field

TRICKY = "<b>“Hội nghị” & 'sơ kết'</b>"


def every_field(editor):
    forms = [editor.plan_form]
    for formset in editor.formsets:
        forms += [*formset.forms, formset.empty_form]
    for form in forms:
        for bound in form:
            if bound.name not in ("DELETE", "ORDER"):  # written by workspace/_row_tools.html
                yield bound


def invalid_editor(client, plan):
    data = editing_page(client, plan)
    data["items-session-0-title"] = ""  # required
    data["plan-signer_name"] = "Lê " * 40  # over its 100 characters (the plan's number and date are no fields now)
    data["plan-title"] = TRICKY
    add_form(data, "sessions", {"date": "2024-02-29", "time": "14:00", "place": TRICKY})
    add_form(data, "items-conference", {"title": TRICKY, "date": "2024-03-04", "place": ""})  # outside the month
    add_form(data, "items-chairman", {"title": TRICKY, "agencies": ["999999"]})  # an unknown agency
    query = QueryDict(mutable=True)
    for name, values in data.encode().items():
        query.setlist(name, values)
    editor = PlanEditor(plan, data=query)
    assert not editor.is_valid()
    return editor


@pytest.fixture(params=["unbound", "with-errors"])
def editor_forms(request, client, editor, february):
    client.force_login(editor)
    if request.param == "unbound":
        return PlanEditor(february)
    return invalid_editor(client, february)


def test_every_widget_is_the_html_of_djangos_templates(editor_forms):
    templates = DjangoTemplates()
    kinds = set()
    for bound in every_field(editor_forms):
        assert bound.form.renderer is EDITOR_RENDERER
        fast = bound.as_widget()
        bound.form.renderer = templates
        try:
            assert fast == bound.as_widget(), bound.html_name
        finally:
            bound.form.renderer = EDITOR_RENDERER
        kinds.add(getattr(bound.field.widget, "template_name", type(bound.field.widget).__name__))
    # the page's widgets, all of them compared: inputs of every kind, textareas, selects, the agency picker
    assert {
        "django/forms/widgets/text.html",
        "django/forms/widgets/date.html",
        "django/forms/widgets/time.html",
        "django/forms/widgets/hidden.html",
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/select.html",
        "AgencyPicker",
    } <= kinds


def test_every_field_is_the_html_crispy_forms_wrote(editor_forms):
    errors = 0
    for bound in every_field(editor_forms):
        fast = render_field(bound)
        assert parse_html(fast) == parse_html(as_crispy_field(bound)), bound.html_name
        errors += len(bound.errors)
    if editor_forms.plan_form.is_bound:
        assert errors >= 4  # the comparison covers fields with errors: their classes and messages


def test_text_is_escaped_in_values_options_and_textareas(client, editor, february):
    client.force_login(editor)
    editor_forms = invalid_editor(client, february)
    html = "".join(render_field(bound) for bound in every_field(editor_forms))
    assert TRICKY not in html
    assert "&lt;b&gt;“Hội nghị” &amp; &#x27;sơ kết&#x27;&lt;/b&gt;" in html


def test_agency_picker_lists_the_chosen_agencies_lead_first_with_their_names_escaped(db):
    odd = Agency.objects.create(name="Sở <Thử> & “nghiệm”", short_name="S<T>")
    interior = Agency.objects.create(name="Sở Nội vụ mới", short_name="SNV mới")
    picker = AgencyPicker()
    picker.agencies = {odd.pk: odd, interior.pk: interior}
    html = picker.render("items-0-agencies", [interior.pk, odd.pk, 999999], {"id": "id_x", "class": "agencypicker"})
    chips = html.split('<li class="agency-chip"')[1:]
    assert len(chips) == 2  # the unknown id is left out
    assert f'data-agency-id="{interior.pk}"' in chips[0] and 'class="chip-role">chủ trì<' in chips[0]
    assert f'data-agency-id="{odd.pk}"' in chips[1] and 'class="chip-role">phối hợp<' in chips[1]
    assert f'<input type="hidden" name="items-0-agencies" value="{odd.pk}">' in chips[1]
    assert 'title="Sở &lt;Thử&gt; &amp; “nghiệm”">S&lt;T&gt;</span>' in chips[1]
    assert 'aria-label="Bỏ S&lt;T&gt;"' in chips[1] and "<T>" not in html
    assert '<input type="search" class="form-control form-control-sm" id="id_x"' in html
    assert html.startswith('<div class="agency-picker agencypicker" data-agency-picker data-name="items-0-agencies">')
    parse_html(html)  # well-formed
