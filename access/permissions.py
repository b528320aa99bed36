"""Who may do what, as the one table says (access.rights): the roles a user holds, the right checks, and one
loader per resource, used by every view, the admin, the public draft link and the issuing services.

Each loader returns the object the user may act on, or raises Http404 (it does not exist, or
is not theirs to see) / PermissionDenied (they see it but may not do that). Views never test
roles themselves.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from access.rights import OFFICE_ROLES, RIGHTS, STAFF_ROLES, STEPS  # noqa: F401 - OFFICE_ROLES, STAFF_ROLES re-exported
from access.roles import (  # noqa: F401 - re-exported
    APPROVER,
    APPROVER_GROUP,
    CLERK,
    CLERK_GROUP,
    DEPARTMENT,
    DEPARTMENT_GROUP,
    EDITOR,
    EDITOR_GROUP,
    MEMBER,
    MEMBER_GROUP,
    ROLE_PERMISSIONS,
)
from agenda.models import MonthlyPlan
from meetings.models import Item


def _held(user, roles):
    """The roles among ``roles`` that ``user`` holds, in the order of ROLE_PERMISSIONS (each asked when reached)."""
    if not user.is_authenticated or not user.is_active:
        return
    for role, permission in ROLE_PERMISSIONS.items():
        if role in roles and user.has_perm(permission) and (role != DEPARTMENT or user_agency(user) is not None):
            yield role


def role_of(user):
    """The user's workspace role: approver, editor, clerk (văn thư), department, member, or None (no access)."""
    return next(_held(user, ROLE_PERMISSIONS), None)


def user_agency(user):
    """The agency a department user works for, or None."""
    membership = getattr(user, "agency_membership", None)
    return membership.agency if membership is not None else None


def require_role(user, *roles):
    """The first role of ``roles`` the user holds (in role_of's order); PermissionDenied when none."""
    role = next(_held(user, roles), None)
    if role is None:
        raise PermissionDenied
    return role


def has_right(user, action):
    """Whether ``user`` may take ``action`` (a key of access.rights.RIGHTS: any other is a KeyError), that is
    holds one of its roles. ``user=None`` is the system itself (a management command run by whoever holds
    the server): it may."""
    roles = RIGHTS[action]
    return user is None or next(_held(user, roles), None) is not None


def require_right(user, action):
    """The role by which ``user`` may take ``action`` (see has_right); PermissionDenied otherwise."""
    return require_role(user, *RIGHTS[action])


def may_open(user, page):
    """Whether ``user`` may open the menu's ``page`` (RIGHTS["menu.<page>"])."""
    return has_right(user, f"menu.{page}")


def can(user, plan, action):
    """Whether ``user`` may ``action`` (RIGHTS["plan.<action>"]) ``plan`` in its current state; with
    ``plan=None``, whether they may on some plan (the admin's list and add pages)."""
    if not has_right(user, f"plan.{action}"):
        return False
    if plan is None:
        return True
    if action == "edit":
        in_review = plan.status == MonthlyPlan.Status.IN_REVIEW
        return plan.status in MonthlyPlan.EDITABLE_STATUSES or (in_review and has_right(user, "plan.edit_in_review"))
    if action in STEPS:
        return STEPS[action].applies_to(plan)
    if action == "amend":
        return plan.is_published
    return True


def get_plan_for_user(user, year, month, action, pk=None):
    """The plan of ``year``/``month`` that ``user`` may ``action``.

    The month's working copy (draft, in review, or an amendment being prepared) comes first,
    else its issued plan; ``pk`` picks one plan of that month (e.g. a superseded one, from the admin).
    """
    require_right(user, f"plan.{action}")
    plans = MonthlyPlan.objects.for_month(year, month)
    plans = plans.filter(pk=pk) if pk is not None else plans.exclude(status=MonthlyPlan.Status.SUPERSEDED)
    preference = Case(
        When(status__in=MonthlyPlan.WORKING_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    plan = plans.order_by(preference.asc(), "-pk").first()
    if plan is None:
        raise Http404
    if not can(user, plan, action):
        raise PermissionDenied
    return plan


def department_users(agency_ids):
    """The active users with an email address who work for one of ``agency_ids`` (the ones notifications go
    to), each with its ``agency_membership`` and agency loaded."""
    users = get_user_model().objects.filter(is_active=True, agency_membership__agency_id__in=agency_ids)
    users = users.exclude(email="").select_related("agency_membership__agency")
    return users.order_by("agency_membership__agency__name", "username")


def items_for_department(user):
    """The items a department user follows: its agency's items of working and issued (current) plans."""
    agency = user_agency(user)
    if agency is None:
        return Item.objects.none()
    return Item.objects.filter(assignments__agency=agency).exclude(plan__status=MonthlyPlan.Status.SUPERSEDED)


def get_item_for_user(user, pk, action):
    """The item ``pk`` that ``user`` may ``action``: 'status' (office staff), 'dossier' (its department)."""
    role = require_right(user, f"item.{action}")
    items = Item.objects.select_related("plan", "session")
    if role == DEPARTMENT:
        items = items_for_department(user).select_related("plan", "session")
    item = items.filter(pk=pk).first()
    if item is None or item.plan.status == MonthlyPlan.Status.SUPERSEDED:
        raise Http404
    return item
