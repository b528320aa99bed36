"""The editing page's fields, written in Python (workspace/rendering.py), are the HTML the templates wrote:
crispy-forms' Bootstrap 5 field around each, and Django's widget templates inside."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.test.html import parse_html

from tests.workspace.conftest import editing_page
from tests.workspace.test_editing import add_form
from workspace.forms import EDITOR_RENDERER, PlanEditor
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
    data["plan-issue_date"] = "không phải ngày"
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
        kinds.add(bound.field.widget.template_name)
    # the page's widgets, all of them compared: inputs of every kind, textareas, selects, the agency picker
    assert {
        "django/forms/widgets/text.html",
        "django/forms/widgets/date.html",
        "django/forms/widgets/time.html",
        "django/forms/widgets/hidden.html",
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/select.html",
        "workspace/widgets/agency_picker.html",
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
