"""{{ form.field|editor_field }}: crispy-forms' Bootstrap 5 field, written in Python (workspace/rendering.py)."""

from django import template

from workspace.rendering import render_field

register = template.Library()


@register.filter
def editor_field(bound):
    return render_field(bound)
