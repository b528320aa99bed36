"""Who may see and change proposals (loaders in the manner of access.permissions, asking its table access.rights)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.permissions import DEPARTMENT, require_right, user_agency
from proposals.models import Proposal


def proposals_for_department(user, office):
    """The proposals of the user's agency in ``office`` (a department sees and changes only its own)."""
    agency = user_agency(user, office)
    return Proposal.objects.none() if agency is None else Proposal.objects.filter(agency=agency)


def get_proposal_for_user(user, office, pk, action):
    """The proposal ``pk`` made to ``office`` that ``user`` may ``action``: 'edit' (its department, until
    decided), 'letter'."""
    role = require_right(user, f"proposal.{action}", office)
    proposals = proposals_for_department(user, office) if role == DEPARTMENT else Proposal.objects.of(office)
    proposal = proposals.select_related("agency", "lead").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if action == "edit" and proposal.status != Proposal.Status.SUBMITTED:
        raise PermissionDenied
    return proposal
