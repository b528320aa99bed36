"""The workspace menu asks access.permissions which links a user may follow in the office they work in."""

from django import template

from access import permissions

register = template.Library()


@register.filter
def may_open(request, page):
    """``{% if request|may_open:"issue_queue" %}``: whether the menu shows that page's link to the user, in the
    office of the page (request.office; no office page: no link)."""
    office = getattr(request, "office", None)
    return office is not None and permissions.may_open(request.user, page, office)


@register.simple_tag
def offices_of(user):
    """``{% offices_of user as offices %}``: the offices where ``user`` holds a role, for the office switcher."""
    return list(permissions.offices_of(user))
