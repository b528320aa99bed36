"""Who may see and act on which ballot of an office: the rights come from access.rights (through
access.permissions, with the office); the loaders here narrow them to the ballot. A member sees the ballots sent
to them; the Office's staff every ballot of their office; a secretary prepares answers only for the members a
``Secretary`` row names."""

from django.contrib.auth import get_user_model
from django.http import Http404

from access.models import Membership
from access.permissions import APPROVER, MEMBER, STAFF_ROLES, has_right, require_right, standing
from ballots.models import Ballot, Secretary, Voter


def is_staff(user, office):
    """Whether ``user`` is one of the Office's staff in ``office`` (sees every ballot, not only their own)."""
    return bool(standing(user, office).roles & set(STAFF_ROLES))


def visible_ballots(user, office):
    """The ballots of ``office`` that ``user`` may see: all for staff, the ones sent to them for a member."""
    require_right(user, "ballot.results", office)
    ballots = Ballot.objects.filter(office=office)
    if is_staff(user, office):
        return ballots
    return ballots.filter(voters__user=user, state__in=[Ballot.State.SENT, Ballot.State.CLOSED])


def get_ballot(user, office, pk, action="ballot.results"):
    """The ballot ``pk`` of ``office`` that ``user`` may ``action`` (a key of access.rights.RIGHTS); Http404 when
    it is not theirs to see, PermissionDenied when they see it but may not act."""
    ballot = visible_ballots(user, office).select_related("office", "item__plan", "approver").filter(pk=pk).first()
    if ballot is None:
        raise Http404
    require_right(user, action, office)
    return ballot


def is_voter(ballot, user):
    return Voter.objects.filter(ballot=ballot, user=user).exists()


def may_answer(user, ballot):
    """Whether ``user`` may answer ``ballot`` themselves: one of its voters who still holds the member's role
    in its office (or the leader's, for a ballot sent to the leaders too)."""
    office = ballot.office_id
    holds = has_right(user, "ballot.answer", office) or (
        ballot.include_leaders and has_right(user, "ballot.approve_send", office)
    )
    return user is not None and holds and is_voter(ballot, user)


def assisted_members(user, office):
    """The members ``user`` is the secretary of in ``office`` (none without the right to prepare answers)."""
    if not has_right(user, "ballot.prepare_answer", office):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(secretaries__office=office, secretaries__secretary=user)


def may_prepare_for(user, office, member):
    return (
        has_right(user, "ballot.prepare_answer", office)
        and Secretary.objects.filter(office=office, member=member, secretary=user).exists()
    )


def voter_memberships(office, include_leaders=False):
    """The memberships a ballot goes to when sent: the office's members (and its leaders when asked), active
    users, one row per user, in the order of their names."""
    roles = [MEMBER, APPROVER] if include_leaders else [MEMBER]
    memberships = Membership.objects.filter(office=office, role__in=roles, user__is_active=True).select_related("user")
    seen, result = set(), []
    for membership in memberships.order_by("user__last_name", "user__first_name", "user__username"):
        if membership.user_id not in seen:
            seen.add(membership.user_id)
            result.append(membership)
    return result
