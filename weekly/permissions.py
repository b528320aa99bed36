"""Who may do what to an office's weeks: access.rights' table (``week.*``), and the one office setting that
widens it (WeekSettings.editors_may_publish lets the editors publish). Views, services and commands ask here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.permissions import has_right, require_right
from weekly.models import Week, WeekSettings


def may_publish(user, office, week_settings=None):
    """Whether ``user`` may publish ``office``'s weeks: its approver; its editors too when the office lets them.
    ``user=None`` is the system (a command run on the server)."""
    if has_right(user, "week.publish", office):
        return True
    if not has_right(user, "week.publish_by_editor", office):
        return False
    week_settings = week_settings or WeekSettings.for_office(office)
    return week_settings.editors_may_publish


def require_publish(user, office, week_settings=None):
    if not may_publish(user, office, week_settings):
        raise PermissionDenied


def may_edit(user, office):
    return has_right(user, "week.edit", office)


def get_week_for_user(user, office, iso_year, iso_week, action="view"):
    """The week ``iso_year``/``iso_week`` of ``office`` that ``user`` may ``action`` ("view", "edit"): 404 when
    the office has no such week, 403 when the user may not."""
    require_right(user, f"week.{action}", office)
    week = Week.objects.of(office).for_week(iso_year, iso_week).select_related("office").first()
    if week is None:
        raise Http404
    return week
