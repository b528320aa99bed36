import dataclasses

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agenda.models import Office
from agenda.offices import office_view
from conclusions.models import ConclusionRevision
from issuing import verification_limits
from issuing.models import Revision
from issuing.services import verify_document
from public import cache
from public.cache import artifact
from public.forms import VerifyUploadForm, upload_too_large_message

ONE_YEAR = 365 * 24 * 60 * 60
PAGE_MAX_AGE = 300
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file


def _revision(office, year, month, number, *, with_pdf=False):
    revisions = Revision.objects.all() if with_pdf else Revision.objects.without_pdf()
    revisions = revisions.of(office).select_related("plan")
    revision = get_object_or_404(revisions, year=year, month=month, number=number)
    revision.office = revision.plan.office = office
    return revision


@artifact
@office_view
@require_safe  # inside: a 405 page shows its office's menu
def revision_detail(request, office, year, month, number):
    revision = _revision(office, year, month, number)
    month_revisions = Revision.objects.of(office).for_month(year, month)
    context = {
        "office": office,
        "revision": revision,
        "changes": list(revision.changes.all()),
        "month_revisions": list(month_revisions.only("office", "year", "month", "number", "issued_at")),
    }
    response = render(request, "public/revision_detail.html", context)
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)  # an amendment adds to its list
    return response


@artifact
@office_view
@require_safe  # inside: a 405 page shows its office's menu
def revision_pdf(request, office, year, month, number):
    """The stored signed bytes; they never change, so they are cached for good (ETag = SHA-256, and
    If-None-Match answered by public.cache' middleware)."""
    revision = _revision(office, year, month, number)
    response = cache.file_response(revision.pdf_file(), filename=revision.filename)
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response


@artifact  # the report is the same all day for everybody: checked once, then kept
@office_view
@require_safe
def revision_verify(request, office, year, month, number):
    revision = _revision(office, year, month, number, with_pdf=True)
    report = dataclasses.replace(verify_document(bytes(revision.pdf)), office=office)
    context = {"office": office, "revision": revision, "report": report}
    response = render(request, "public/revision_verify.html", context)
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    report = refusal = None
    if request.method != "POST":
        form = VerifyUploadForm()
    elif int(request.META.get("CONTENT_LENGTH") or 0) > settings.VERIFY_MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD:
        form = VerifyUploadForm()  # refused before Django reads the body
        refusal = upload_too_large_message()
    else:
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with verification_limits.verification_slot():
                    report = _issuer_named(verify_document(form.content()))
            except verification_limits.VerificationBusyError:
                return _busy(request, form)
    status = 400 if form.errors or refusal else 200
    context = {"form": form, "report": report, "refusal": refusal, "notice": _notice(report)}
    return render(request, "public/verify.html", context, status=status)


def _notice(report):
    """The issued conclusion notice the file is (conclusions), when it is no programme's revision."""
    if report is None or report.revision is not None:
        return None
    return ConclusionRevision.objects.without_pdf().filter(sha256=report.sha256).first()


def _issuer_named(report):
    """The report naming the office that issued the file, when it is one of the revisions (one page for every
    office: the file says whose it is)."""
    if report.revision is None:
        return report
    return dataclasses.replace(report, office=Office.objects.get(pk=report.revision.office_id))


def _busy(request, form):
    """Every verification slot is taken: say so at once rather than queue (503, Retry-After)."""
    refusal = _("Hệ thống đang bận kiểm tra các tệp khác. Hãy thử lại sau khoảng %(seconds)s giây.") % {
        "seconds": verification_limits.RETRY_AFTER
    }
    context = {"form": VerifyUploadForm(), "report": None, "refusal": refusal}
    response = render(request, "public/verify.html", context, status=503)
    response["Retry-After"] = str(verification_limits.RETRY_AFTER)
    return response
