"""Who may see, upload and download dossiers and session packets (loaders in the manner of
access.permissions, asking its table access.rights: they return the object or raise Http404 / PermissionDenied)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.permissions import DEPARTMENT, require_right, user_agency
from agenda.models import MonthlyPlan
from dossiers.models import DossierFile
from meetings.models import Item, RegularSession

DOSSIER_PARTS = (Item.Part.SESSION, Item.Part.CHAIRMAN)


def dossier_items():
    """Items of issued plans that take a dossier: regular-session and chairman items."""
    return Item.objects.filter(plan__status=MonthlyPlan.Status.PUBLISHED, part__in=DOSSIER_PARTS)


def is_lead(item, agency):
    """Whether ``agency`` leads ``item`` (position 0; uses the prefetch when present)."""
    assignments = list(item.assignments.all())
    return bool(assignments) and agency is not None and assignments[0].agency_id == agency.pk


def get_item_for_upload(user, pk):
    """The item whose dossier ``user`` may upload: its agency leads it, in an issued plan."""
    require_right(user, "dossier.upload")
    agency = user_agency(user)
    item = dossier_items().filter(pk=pk, assignments__agency=agency).select_related("plan", "session").first()
    if item is None:
        raise Http404
    if not is_lead(item, agency):
        raise PermissionDenied  # a supporting agency reads the lead's dossier, it does not send it
    return item


def get_file_for_user(user, pk):
    """A dossier file: the Office and the Committee's members read every one, a department those of
    the items its agency leads or supports."""
    role = require_right(user, "dossier.file")
    files = DossierFile.objects.select_related("submission__item")
    if role == DEPARTMENT:
        files = files.filter(submission__item__assignments__agency=user_agency(user))
    dossier_file = files.filter(pk=pk).first()
    if dossier_file is None:
        raise Http404
    return dossier_file


def get_session_for_packet(user, pk):
    """A regular session of an issued plan, for the Office and the Committee's members."""
    require_right(user, "session.packet")
    session = (
        RegularSession.objects.filter(pk=pk, plan__status=MonthlyPlan.Status.PUBLISHED).select_related("plan").first()
    )
    if session is None:
        raise Http404
    return session
