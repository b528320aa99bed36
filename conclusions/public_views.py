"""The public pages of issued notices, under their office: ``/<office>/ket-luan/<yyyy>/<mm>/<dd>/`` (the latest
revision), each revision's page (the QR code's target, with its signatures checked) and its signed PDF.

Only issued revisions are shown, read from their frozen snapshot: a draft, or an amendment being drafted,
never reaches the public. Each page reads a fixed number of rows whatever the notice's size.
"""

import datetime

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from agenda.offices import office_view
from conclusions.document import build_notice
from conclusions.models import ConclusionRevision, ConclusionSettings
from issuing import verification_limits
from ubnd_schedule.storage import artifact_storage, stored_file_response

ONE_YEAR = 365 * 24 * 60 * 60
PAGE_MAX_AGE = 300


def _day(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Http404 from None


def _revisions(office, year, month, day):
    """The revisions of the office's notice of that session, newest first (404 when none was issued)."""
    revisions = list(
        ConclusionRevision.objects.without_pdf()
        .of(office)
        .filter(session_date=_day(year, month, day))
        .order_by("-number")
    )
    if not revisions:
        raise Http404
    return revisions


def _page(request, office, revisions, revision, *, check=None):
    document = build_notice(office, ConclusionSettings.of(office), revision.snapshot, final=True)
    context = {
        "office": office,
        "revision": revision,
        "revisions": revisions,
        "latest": revisions[0],
        "document": document,
        "check": check,
    }
    response = render(request, "conclusions/public/notice_detail.html", context)
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)  # an amendment adds a revision
    return response


@office_view
@require_safe
def notice_detail(request, office, year, month, day):
    revisions = _revisions(office, year, month, day)
    return _page(request, office, revisions, revisions[0])


@office_view
@require_safe
def revision_detail(request, office, year, month, day, number):
    """One revision, with its signatures checked (the address its QR code prints)."""
    revisions = _revisions(office, year, month, day)
    revision = next((row for row in revisions if row.number == number), None)
    if revision is None:
        raise Http404
    content = ConclusionRevision.objects.values_list("pdf", flat=True).get(pk=revision.pk)
    return _page(request, office, revisions, revision, check=verification_limits.checked(bytes(content)))


@office_view
@require_safe
def notice_pdf(request, office, year, month, day):
    """The latest revision's signed PDF: a redirect to that revision's own, immutable address."""
    latest = _revisions(office, year, month, day)[0]
    response = redirect(latest.get_pdf_url())
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


@office_view
@require_safe
def revision_pdf(request, office, year, month, day, number):
    """The stored signed bytes: they never change, so they are cached for good (ETag: their SHA-256)."""
    revision = next((row for row in _revisions(office, year, month, day) if row.number == number), None)
    if revision is None:
        raise Http404
    response = stored_file_response(
        artifact_storage(),
        revision.pdf_file(),
        filename=revision.filename,
        content_type="application/pdf",
        as_attachment=False,
        cache_control=f"public, max-age={ONE_YEAR}, immutable",
    )
    response["ETag"] = f'"{revision.sha256}"'
    return response
