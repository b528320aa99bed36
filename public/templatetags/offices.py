"""How the public pages name an office."""

from django import template

from agenda.models import Office
from agenda.text import place_case

register = template.Library()


@register.filter
def office_name(office):
    """``{{ office|office_name }}``: "Văn phòng UBND tỉnh Bắc Giang" for the province's Office (its name says
    whose office it is only with its parent body), "UBND xã Tân Yên" or "Sở Nội Vụ" for the others (their
    name says it)."""
    if office.level == Office.Level.PROVINCE:
        return office.reading_name
    return place_case(office.name)
