"""Who may do what, as the one table says (access.rights): the roles a user holds, the right checks, and one
loader per resource, used by every view, the admin, the public draft link and the issuing services.

Each loader returns the object the user may act on, or raises Http404 (it does not exist, or
is not theirs to see) / PermissionDenied (they see it but may not do that). Views never test
roles themselves.
"""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404

from access.models import Membership
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
    OFFICE_ADMIN,
    ROLE_ORDER,
)
from agenda.models import MonthlyPlan, Office
from meetings.models import Item

#: What a superuser (quản trị hệ thống) holds in every office: every role but the department's, which needs
#: an agency (a membership).
SYSTEM_ROLES = frozenset(ROLE_ORDER) - {DEPARTMENT}


class Standing(NamedTuple):
    """What one user holds in one office: their roles, and the agency of their department role."""

    roles: frozenset = frozenset()
    agency: object = None


NOBODY = Standing()


def _office_pk(office):
    return getattr(office, "pk", office)


def _memberships(user):
    """Every membership of ``user``, with its office and agency, read once per user object (a request's)."""
    if "_memberships" not in user.__dict__:
        memberships = Membership.objects.filter(user=user).select_related("office", "agency").order_by("office_id")
        user.__dict__["_memberships"] = list(memberships)
    return user.__dict__["_memberships"]


def standing(user, office):
    """The user's roles in ``office`` (an Office or its pk)."""
    if user is None or not user.is_authenticated or not user.is_active or office is None:
        return NOBODY
    key = _office_pk(office)
    roles, agency = set(), None
    for membership in _memberships(user):
        if membership.office_id == key:
            roles.add(membership.role)
            if membership.role == DEPARTMENT:
                agency = membership.agency
    if user.is_superuser:
        roles |= SYSTEM_ROLES
    return Standing(frozenset(roles), agency)


def _held(user, roles, office):
    """The roles among ``roles`` that ``user`` holds in ``office``, in access.roles.ROLE_ORDER."""
    held = standing(user, office).roles
    return (role for role in ROLE_ORDER if role in roles and role in held)


def role_of(user, office):
    """The user's workspace role in ``office``: approver, editor, clerk (văn thư), department, member, office
    administrator, or None (no access)."""
    return next(_held(user, ROLE_ORDER, office), None)


def user_agency(user, office):
    """The agency a department user works for in ``office``, or None."""
    return standing(user, office).agency


def offices_of(user):
    """The offices where ``user`` holds some role (a superuser: every office), in the offices' order."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Office.objects.all())
    offices = {membership.office_id: membership.office for membership in _memberships(user)}
    return [offices[pk] for pk in sorted(offices)]


def offices_with_right(user, action):
    """The offices where ``user`` may take ``action``."""
    roles = RIGHTS[action]
    if not user.is_active:
        return Office.objects.none()
    if user.is_superuser and SYSTEM_ROLES & set(roles):
        return Office.objects.all()
    return Office.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def require_role(user, office, *roles):
    """The first role of ``roles`` the user holds in ``office`` (in role_of's order); PermissionDenied when none."""
    role = next(_held(user, roles, office), None)
    if role is None:
        raise PermissionDenied
    return role


def has_right(user, action, office):
    """Whether ``user`` may take ``action`` (a key of access.rights.RIGHTS: any other is a KeyError) in
    ``office``, that is holds one of its roles there. ``user=None`` is the system itself (a management command
    run by whoever holds the server): it may."""
    roles = RIGHTS[action]
    return user is None or next(_held(user, roles, office), None) is not None


def require_right(user, action, office):
    """The role by which ``user`` may take ``action`` in ``office`` (see has_right); PermissionDenied otherwise."""
    return require_role(user, office, *RIGHTS[action])


def may_open(user, page, office):
    """Whether ``user`` may open the menu's ``page`` (RIGHTS["menu.<page>"]) in ``office``."""
    return has_right(user, f"menu.{page}", office)


def can(user, plan, action, office=None):
    """Whether ``user`` may ``action`` (RIGHTS["plan.<action>"]) ``plan`` (in its office) in its current state;
    with ``plan=None``, whether they may on some plan of ``office`` (of any office: the admin's list and add
    pages, whose lists show only the offices where they may)."""
    if plan is None:
        if office is None:
            return user is None or offices_with_right(user, f"plan.{action}").exists()
        return has_right(user, f"plan.{action}", office)
    if not has_right(user, f"plan.{action}", plan.office_id):
        return False
    if action == "edit":
        in_review = plan.status == MonthlyPlan.Status.IN_REVIEW
        edit_in_review = has_right(user, "plan.edit_in_review", plan.office_id)
        return plan.status in MonthlyPlan.EDITABLE_STATUSES or (in_review and edit_in_review)
    if action in STEPS:
        return STEPS[action].applies_to(plan)
    if action == "amend":
        return plan.is_published
    return True


def get_plan_for_user(user, office, year, month, action, pk=None):
    """The plan of ``office`` for ``year``/``month`` that ``user`` may ``action``.

    The month's working copy (draft, in review, or an amendment being prepared) comes first,
    else its issued plan; ``pk`` picks one plan of that month (e.g. a superseded one, from the admin).
    """
    require_right(user, f"plan.{action}", office)
    plans = MonthlyPlan.objects.of(office).for_month(year, month).select_related("office")
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


def department_memberships(agency_ids):
    """The department memberships of active users with an email address who work for one of ``agency_ids``
    (the ones notifications go to), each with its user, agency and office loaded: ``membership.user``,
    ``membership.agency``. An agency belongs to one office, so its people are that office's."""
    memberships = Membership.objects.filter(role=DEPARTMENT, agency_id__in=agency_ids, user__is_active=True)
    memberships = memberships.exclude(user__email="").select_related("user", "agency", "office")
    return memberships.order_by("agency__name", "user__username")


def department_users(agency_ids):
    """The users of department_memberships, each with ``user.department`` (its membership) set."""
    users = []
    for membership in department_memberships(agency_ids):
        membership.user.department = membership
        users.append(membership.user)
    return users


def items_for_department(user, office):
    """The items a department user follows in ``office``: its agency's items of working and issued (current)
    plans."""
    agency = user_agency(user, office)
    if agency is None:
        return Item.objects.none()
    items = Item.objects.filter(plan__office=office, assignments__agency=agency)
    return items.exclude(plan__status=MonthlyPlan.Status.SUPERSEDED)


def get_item_for_user(user, office, pk, action):
    """The item ``pk`` of ``office`` that ``user`` may ``action``: 'status' (office staff), 'dossier' (its
    department)."""
    role = require_right(user, f"item.{action}", office)
    items = Item.objects.filter(plan__office=office).select_related("plan__office", "session")
    if role == DEPARTMENT:
        items = items_for_department(user, office).select_related("plan__office", "session")
    item = items.filter(pk=pk).first()
    if item is None or item.plan.status == MonthlyPlan.Status.SUPERSEDED:
        raise Http404
    return item
