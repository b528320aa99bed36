"""Who may see, upload and download dossiers and session packets (loaders in the manner of
access.permissions, asking its table access.rights: they return the object or raise Http404 / PermissionDenied)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from access.permissions import DEPARTMENT, require_right, user_agency
from agenda.models import MonthlyPlan
from dossiers.models import DossierFile
from meetings.models import Item, RegularSession

DOSSIER_PARTS = (Item.Part.SESSION, Item.Part.CHAIRMAN)


def dossier_items(office=None):
    """Items of issued plans (of ``office``, when given) that take a dossier: regular-session and chairman items."""
    items = Item.objects.filter(plan__status=MonthlyPlan.Status.PUBLISHED, part__in=DOSSIER_PARTS)
    return items if office is None else items.filter(plan__office=office)


def is_lead(item, agency):
    """Whether ``agency`` leads ``item`` (position 0; uses the prefetch when present)."""
    assignments = list(item.assignments.all())
    return bool(assignments) and agency is not None and assignments[0].agency_id == agency.pk


def get_item_for_upload(user, office, pk):
    """The item of ``office`` whose dossier ``user`` may upload: its agency leads it, in an issued plan."""
    require_right(user, "dossier.upload", office)
    agency = user_agency(user, office)
    items = dossier_items(office).filter(pk=pk, assignments__agency=agency)
    item = items.select_related("plan__office", "session").first()
    if item is None:
        raise Http404
    if not is_lead(item, agency):
        raise PermissionDenied  # a supporting agency reads the lead's dossier, it does not send it
    return item


def get_file_for_user(user, office, pk):
    """A dossier file of ``office``: its Office and the Committee's members read every one, a department those
    of the items its agency leads or supports."""
    role = require_right(user, "dossier.file", office)
    files = DossierFile.objects.filter(submission__item__plan__office=office).select_related("submission__item")
    if role == DEPARTMENT:
        files = files.filter(submission__item__assignments__agency=user_agency(user, office))
    dossier_file = files.filter(pk=pk).first()
    if dossier_file is None:
        raise Http404
    return dossier_file


def get_session_for_packet(user, office, pk):
    """A regular session of an issued plan of ``office``, for its Office and the Committee's members."""
    require_right(user, "session.packet", office)
    sessions = RegularSession.objects.filter(pk=pk, plan__office=office, plan__status=MonthlyPlan.Status.PUBLISHED)
    session = sessions.select_related("plan__office").first()
    if session is None:
        raise Http404
    return session
