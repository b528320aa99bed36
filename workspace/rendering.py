"""Rendering the editing page's fields without a template per field and per widget.

A 60-item plan has about 550 inputs; rendered through crispy-forms' field template and Django's
widget templates they took two thirds of the page's time (docs/performance.md, bench/edit_page.py).
Here the same HTML is produced in Python:

- ``EditorRenderer`` is a form renderer that writes Django's simple widgets (input, textarea,
  select and its options) as Django's own templates would, character for character, and hands
  any other template (the agency picker) to the template engine;
- ``render_field`` writes crispy-forms' Bootstrap 5 field (wrapper, label, widget classes,
  errors, help text) for the fields the page uses: inputs, textareas, selects, custom widgets.

tests/workspace/test_rendering.py compares both with what the templates render.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _escape(value):
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {_escape(name)}")
        elif value is not False:
            parts.append(f' {_escape(name)}="{_escape(value)}"')
    return "".join(parts)


def _input(widget):
    """django/forms/widgets/input.html (and text.html, date.html, hidden.html…, which include it)"""
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    return f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget):
    value = _escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option):
    return f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>{_escape(option["label"])}</option>'


def _select(widget):
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] == "django/forms/widgets/select_option.html":
                parts.append(f"\n  {_option(option)}\n")  # select_option.html ends with a newline
            else:
                return None  # an option with a template of its own: the template engine renders all
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "input")
WIDGETS = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class EditorRenderer(DjangoTemplates):
    """Django's template renderer, with the simple widgets written in Python."""

    def render(self, template_name, context, request=None):
        write = WIDGETS.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


def _widget_class(bound):
    """The classes crispy-forms' Bootstrap 5 pack gives a field's widget."""
    widget = bound.field.widget
    name = widget.__class__.__name__.lower()
    classes = widget.attrs.get("class", "")
    classes = (f"{classes} {name}" if name not in classes else classes) if classes else name
    classes = classes.split()
    for extra in ("form-select" if isinstance(widget, forms.Select) else "form-control", "is-invalid"):
        if extra == "is-invalid" and not bound.errors:
            continue
        if extra not in classes:
            classes.append(extra)
    return " ".join(classes)


ASTERISK = '<span class="asteriskField">*</span>'


def render_field(bound):
    """A bound field as crispy-forms' ``|as_crispy_field`` renders it (Bootstrap 5), without its templates.

    For the widgets of the editing page: not checkboxes, radio lists or files.
    """
    if bound.is_hidden:
        return mark_safe(str(bound))
    auto_id = bound.auto_id
    css = bound.css_classes()
    parts = [f'<div id="div_{auto_id}" class="mb-3{" " + css if css else ""}">']
    required = bound.field.required
    if bound.label:
        label_for = f' for="{bound.id_for_label}"' if bound.id_for_label else ""
        parts.append(
            f'<label{label_for} class="form-label{" requiredField" if required else ""}">{_escape(bound.label)}'
            f"{ASTERISK if required else ''}</label>"
        )
    parts.append(bound.as_widget(attrs={"class": _widget_class(bound)}))
    errors = bound.errors
    if errors:
        field_id = getattr(errors, "field_id", None) or auto_id
        parts.append(f'<div id="{field_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<p id="error_{number}_{auto_id}"><strong>{_escape(error)}</strong></p>'
            for number, error in enumerate(errors, start=1)
        )
        parts.append("</div>")
    if bound.help_text:
        help_id = f'id="{auto_id}_helptext" ' if auto_id else ""
        parts.append(f'<div {help_id}class="form-text">{bound.help_text}</div>')
    parts.append("</div>")
    return mark_safe("".join(parts))
