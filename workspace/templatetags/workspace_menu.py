"""The workspace menu asks access.permissions which links a user may follow."""

from django import template

from access import permissions

register = template.Library()


@register.filter
def may_open(user, page):
    """``{% if user|may_open:"issue_queue" %}``: whether the menu shows that page's link to ``user``."""
    return permissions.may_open(user, page)
