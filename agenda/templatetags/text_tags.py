"""Template helpers for text: a long title cut at a word, whole on hover and for screen readers."""

from django import template
from django.utils.html import format_html

from agenda.text import shorten

register = template.Library()


@register.filter
def short_title(text, length=80):
    """``{{ item.title|short_title:120 }}``: the title cut at a word with "…"; the full title stays in
    the title attribute (hover) and in visually hidden text (screen readers, which skip the cut copy)."""
    text = str(text or "")
    short = shorten(text, int(length))
    if short == " ".join(text.split()):
        return text
    return format_html(
        '<span class="short-title" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        text,
        short,
        text,
    )
