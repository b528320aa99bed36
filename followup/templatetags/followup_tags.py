"""The follow-up pages' small filters: a rate as "91,8%", and the summary sentence of a group of tasks."""

from django import template
from django.utils.translation import gettext as _

from followup.figures import percent as format_percent

register = template.Library()


@register.filter
def percent(value):
    return format_percent(value)


@register.simple_tag
def summary_sentence(counts):
    """ "2.723 nhiệm vụ đến hạn, 91,8% hoàn thành, 222 quá hạn" for ``counts`` (followup.figures.Counts)."""
    return _(
        "%(due)s nhiệm vụ đến hạn, %(rate)s hoàn thành (%(late)s hoàn thành quá hạn), %(overdue)s quá hạn; "
        "%(pending)s chưa đến hạn."
    ) % {
        "due": f"{counts.due:,}".replace(",", "."),
        "rate": format_percent(counts.done_rate),
        "late": counts.late,
        "overdue": f"{counts.overdue:,}".replace(",", "."),
        "pending": counts.pending,
    }
