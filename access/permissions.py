"""Who may do what in the workspace: one loader per resource, used by every view.

Each loader returns the object the user may act on, or raises Http404 (it does not exist, or
is not theirs to see) / PermissionDenied (they see it but may not do that). Views never test
roles themselves.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from access.roles import (  # noqa: F401 - re-exported
    APPROVER_GROUP,
    CLERK_GROUP,
    DEPARTMENT_GROUP,
    EDITOR_GROUP,
    MEMBER_GROUP,
)
from agenda.models import MonthlyPlan
from issuing import workflow
from meetings.models import Item

EDITOR = "editor"
APPROVER = "approver"
CLERK = "clerk"
DEPARTMENT = "department"
MEMBER = "member"  # thành viên UBND tỉnh: reads the session packets (dossiers.permissions)
OFFICE_ROLES = (EDITOR, APPROVER)
STAFF_ROLES = (EDITOR, APPROVER, CLERK)

# Plan actions and the roles allowed to attempt them; the plan's state is checked in can(), and
# for the issuing steps (submit, return, sign, seal) by issuing.workflow, the one table of states.
PLAN_ACTIONS = {
    "view": STAFF_ROLES,
    "edit": OFFICE_ROLES,
    "submit": OFFICE_ROLES,
    "amend": OFFICE_ROLES,
    "return": (APPROVER,),
    "sign": (APPROVER,),
    "seal": (CLERK,),
}
ISSUING_STEPS = ("submit", "return", "sign", "seal")
ITEM_ACTIONS = {
    "status": OFFICE_ROLES,
    "dossier": (DEPARTMENT,),
}
#: The pages of the workspace menu and the roles that may open them: their views require these roles,
#: and the menu shows a page's link only to them (may_open), so no link ends in a 403.
MENU_PAGES = {
    "issue_queue": STAFF_ROLES,
    "profile": (*STAFF_ROLES, DEPARTMENT, MEMBER),
}


def role_of(user):
    """The user's workspace role: approver, editor, clerk (văn thư), department, member, or None (no access)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_perm("agenda.review_monthlyplan"):
        return APPROVER
    if user.has_perm("agenda.change_monthlyplan"):
        return EDITOR
    if user.has_perm("issuing.seal_revision"):
        return CLERK
    if user.has_perm("meetings.change_dossiermark") and user_agency(user) is not None:
        return DEPARTMENT
    if user.has_perm("dossiers.download_session_packet"):
        return MEMBER
    return None


def user_agency(user):
    """The agency a department user works for, or None."""
    membership = getattr(user, "agency_membership", None)
    return membership.agency if membership is not None else None


def require_role(user, *roles):
    """The user's role when it is one of ``roles``; PermissionDenied otherwise."""
    role = role_of(user)
    if role not in roles:
        raise PermissionDenied
    return role


def may_open(user, page):
    """Whether ``user`` may open the menu's ``page`` (MENU_PAGES)."""
    return role_of(user) in MENU_PAGES[page]


def can(user, plan, action):
    """Whether ``user`` may do ``action`` on ``plan`` in its current state."""
    role = role_of(user)
    if role not in PLAN_ACTIONS[action]:
        return False
    if action == "edit":
        allowed = set(MonthlyPlan.EDITABLE_STATUSES)
        if role == APPROVER:
            allowed.add(MonthlyPlan.Status.IN_REVIEW)
        return plan.status in allowed
    if action in ISSUING_STEPS:
        return workflow.allowed(user, plan, action)
    if action == "amend":
        return plan.is_published
    return True


def get_plan_for_user(user, year, month, action, pk=None):
    """The plan of ``year``/``month`` that ``user`` may ``action``.

    The month's working copy (draft, in review, or an amendment being prepared) comes first,
    else its issued plan; ``pk`` picks one plan of that month (e.g. a superseded one, from the admin).
    """
    require_role(user, *PLAN_ACTIONS[action])
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
    role = require_role(user, *ITEM_ACTIONS[action])
    items = Item.objects.select_related("plan", "session")
    if role == DEPARTMENT:
        items = items_for_department(user).select_related("plan", "session")
    item = items.filter(pk=pk).first()
    if item is None or item.plan.status == MonthlyPlan.Status.SUPERSEDED:
        raise Http404
    return item
