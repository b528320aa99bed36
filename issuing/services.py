"""Issuing a plan as a signed revision, and checking a PDF against what we issued.

``agenda.services.publish_plan`` calls :func:`issue_revision` inside its transaction, after
the status change: a failure here (no key, a rendering or signing error) undoes the publication.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from agenda.interchange import plan_to_data
from agenda.models import Office
from issuing import changelog, signing
from issuing.models import Revision

logger = logging.getLogger(__name__)


def require_signing_key():
    """Raise :class:`signing.SigningUnavailableError` (a PlanError) unless a signing key is configured."""
    signing.require_configuration()


def amendment_label(number):
    """ "Điều chỉnh lần N" for revision N+1; nothing for the first issue."""
    return f"Điều chỉnh lần {number - 1}" if number > 1 else None


def verification_url(year, month, number):
    from django.urls import reverse

    path = reverse("issuing:revision_verify", kwargs={"year": year, "month": month, "number": number})
    return settings.SITE_URL + path


def issue_revision(plan, *, user=None, note=""):
    """Freeze ``plan`` (just marked published) into the month's next revision: render, sign, store."""
    from agenda.document import plans_for_document
    from exports.pdf import PdfRenderError, render_plan

    office = Office.objects.get_solo()
    plan = plans_for_document().get(pk=plan.pk)
    previous = Revision.objects.for_month(plan.year, plan.month).without_pdf().order_by("-number").first()
    number = previous.number + 1 if previous else 1
    try:
        rendered = render_plan(
            plan,
            verification_url=verification_url(plan.year, plan.month, number),
            amendment_label=amendment_label(number),
        )
    except PdfRenderError as error:
        raise signing.SigningFailedError(str(error)) from error
    moment = timezone.now()
    content = signing.sign_pdf(
        rendered.content, box=rendered.signature_box, office=office, signer_name=plan.signer_name, moment=moment
    )
    revision = Revision(
        plan=plan,
        year=plan.year,
        month=plan.month,
        number=number,
        snapshot=plan_to_data(plan, office),
        signer_name=plan.signer_name,
        certificate_subject=signing.certificate_subject(content),
        issued_at=moment,
        note=note,
        issued_by=user if user is not None and user.is_authenticated else None,
        pdf=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    revision.save()
    if previous is not None:
        changelog.record_changes(revision, changelog.compute_changes(previous.plan, plan))
    logger.info("Issued %s (sha256 %s)", revision, revision.sha256)
    return revision


class NoRevisionError(Exception):
    """A plan marked published without an issued revision (it was not published through publish_plan)."""


def latest_revision_pdf(plan):
    """The stored signed bytes of the latest revision of ``plan``'s month (``plan`` published)."""
    content = (
        Revision.objects.for_month(plan.year, plan.month)
        .filter(plan=plan)
        .order_by("-number")
        .values_list("pdf", flat=True)
        .first()
    )
    if content is None:
        raise NoRevisionError(f"{plan} has no issued revision")
    return bytes(content)


def plan_pdf(plan):
    """The PDF of ``plan`` as the public gets it: the signed bytes once issued (never a fresh
    render), the unsigned "DỰ THẢO" render while it is being prepared."""
    if plan.status in (plan.Status.PUBLISHED, plan.Status.SUPERSEDED):
        return latest_revision_pdf(plan)
    from exports.pdf import render_plan

    return render_plan(plan).content


@dataclass
class VerificationReport:
    """A signature check, and the revision the file is (by SHA-256), if any."""

    check: signing.SignatureCheck
    sha256: str
    revision: Revision | None

    @property
    def ok(self):
        return self.check.ours


def verify_document(content):
    sha256 = hashlib.sha256(content).hexdigest()
    revision = Revision.objects.without_pdf().filter(sha256=sha256).first()
    return VerificationReport(check=signing.check_signature(content), sha256=sha256, revision=revision)
