"""Issuing a programme as Nghị định 30/2020 sets it: one home for every path.

The workspace, the admin and the commands call these functions, which check the state and the
rights (``issuing.workflow``), write the plan's history with a reason and send the notices once
the transaction commits (``issuing.signals``):

1. :func:`submit` — an editor sends the draft for review;
2. :func:`prepare_signing` — the approver's signing page: the register gives the plan its
   number (Điều 15), the final PDF is rendered with that number and today's date;
3. :func:`sign` — the approver signs exactly those bytes with their own key (refused when the
   plan or the day changed since the page was shown), or :func:`return_plan` sends it back;
4. :func:`seal` — the văn thư appends the Office's signature and seal (Điều 32.2.c–d) and the
   plan is issued as the month's next immutable :class:`~issuing.models.Revision`.

:func:`publish_plan` runs 1–4 in one call for scripts and the demo.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import MonthlyPlan, Office
from agenda.offices import office_slug
from exports.pdf import PdfRenderError, render_plan
from issuing import appearance, changelog, identities, keys, signals, signing, verification_limits, workflow
from issuing.approver_signing import sign_as_approver
from issuing.models import ApproverSignature, RegisterEntry, Revision
from issuing.verification import SignatureCheck
from programme.document import plans_for_document
from programme.errors import PlanError, PublishedPlanError
from programme.interchange import plan_to_data
from programme.services import publish_problems

logger = logging.getLogger(__name__)

RENDER_CACHE_SECONDS = 60 * 60


class StaleSigningError(PlanError):
    """The document changed (its content, or the day) since the signing page showed it."""

    def __init__(self, draft):
        super().__init__(
            _(
                "Văn bản đã thay đổi kể từ khi trang ký được mở (nội dung hoặc ngày ký), nên chưa ký. "
                "Hãy xem lại bản mới bên dưới rồi ký."
            )
        )
        self.draft = draft


class NotSignedError(PlanError):
    """No usable key, or signing failed (a ``keys.SigningError``, its message kept): nothing was signed."""


def verification_url(office, year, month, number):
    """The address the QR code of a revision prints: its verification page, under ``office`` (an Office or
    its slug)."""
    path = reverse("public:revision_verify", kwargs={"office": office, "year": year, "month": month, "number": number})
    return settings.SITE_URL + path


def _locked(plan):
    return MonthlyPlan.objects.select_for_update().get(pk=plan.pk)


def _save(plan, reason):
    plan.touch(reason)


# -- 1. submit, return ---------------------------------------------------------------------------


def submit(plan, user):
    with transaction.atomic():
        plan = _locked(plan)
        workflow.check(user, plan, "submit")
        plan.status = MonthlyPlan.Status.IN_REVIEW
        plan.submitted_at = timezone.now()
        plan.submitted_by = user
        _save(plan, _("Gửi duyệt"))
    return plan


def return_plan(plan, user, comment):
    """Send the plan back to the editors with ``comment``; an approver's signature on it is void."""
    comment = (comment or "").strip()
    if not comment:
        raise PlanError(_("Hãy ghi ý kiến khi trả lại chương trình."))
    with transaction.atomic():
        plan = _locked(plan)
        workflow.check(user, plan, "return")
        ApproverSignature.objects.filter(plan=plan).delete()
        plan.status = MonthlyPlan.Status.RETURNED
        plan.review_comment = comment
        plan.number, plan.issue_date = "", None
        _save(plan, _("Trả lại: %(comment)s") % {"comment": comment})
        transaction.on_commit(lambda: signals.plan_returned.send(MonthlyPlan, plan=plan, user=user))
    return plan


# -- 2. the register and the final render ---------------------------------------------------------


def reserve_number(plan, today=None):
    """The register entry of ``plan``: its number of ``today``'s year, given once and kept.

    Each office numbers its own programmes, from 1 each year; concurrent reservations are serialised on
    the plan's office row, and a clash the database still reports (SQLite has no row locks) is retried.
    """
    year = (today or timezone.localdate()).year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                office = Office.objects.select_for_update().get(pk=plan.office_id)
                entry = RegisterEntry.objects.filter(plan=plan).first()
                if entry is not None and entry.year == year:
                    return entry
                last = RegisterEntry.objects.for_year(year, office).aggregate(last=Max("number"))["last"] or 0
                if entry is None:
                    return RegisterEntry.objects.create(office=office, plan=plan, year=year, number=last + 1)
                # Reserved last year and signed in the new one: the number of the signing year.
                entry.year, entry.number = year, last + 1
                entry.save(update_fields=["year", "number"])
                return entry
        except IntegrityError:
            continue
    raise PlanError(_("Không cấp được số văn bản: nhiều văn bản được cấp số cùng lúc, hãy thử lại."))


@dataclass(frozen=True)
class SigningDraft:
    """The final document as the approver sees it and signs it."""

    plan: MonthlyPlan
    number: str
    issue_date: datetime.date
    revision_number: int
    content: bytes
    signature_box: tuple
    #: What the render depends on (the render cache's key): a draft is current while it is the same.
    key: str = ""
    #: The plan as read for this render (``plans_for_document``), when this call rendered it (not
    #: from the cache): the chain of :func:`publish_plan` issues from it without reading it again.
    document: MonthlyPlan | None = field(default=None, compare=False, repr=False)

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def next_revision_number(plan):
    last = Revision.objects.of(plan.office_id).for_month(plan.year, plan.month).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def prepare_signing(plan, *, today=None):
    """The plan rendered as it will be signed today: its register number, today's date, no draft mark.

    Shown by the signing page and kept for a while (the render cache), so that signing signs the
    very bytes shown without rendering them again.
    """
    return _prepare_signing(MonthlyPlan.objects.get(pk=plan.pk), today or timezone.localdate())


def _prepare_signing(plan, today):
    """:func:`prepare_signing` of ``plan`` as just read (or locked) by the caller."""
    workflow.check(None, plan, "sign")
    entry = reserve_number(plan, today)
    return _final_render(plan, entry.label, today)


def _render_key(plan, number, today, revision_number):
    """Whatever changes the plan changes its version and its last-saved time."""
    saved = plan.updated_at.isoformat() if plan.updated_at else ""
    return f"issuing:signing-render:{plan.pk}:{plan.version}:{saved}:{number}:{today.isoformat()}:{revision_number}"


def _final_render(plan, number, today, *, known=None):
    """The final render of ``plan``: ``known`` (a draft of this very call chain) when still current,
    else the render cache's, else a new render, kept in the cache."""
    revision_number = next_revision_number(plan)
    key = _render_key(plan, number, today, revision_number)
    if known is not None and known.key == key:
        return known
    cached, document_plan = cache.get(key), None
    if cached is None:
        document_plan = plans_for_document().get(pk=plan.pk)
        document_plan.number, document_plan.issue_date = number, today
        try:
            rendered = render_plan(
                document_plan,
                verification_url=verification_url(office_slug(plan.office_id), plan.year, plan.month, revision_number),
                final=True,
            )
        except PdfRenderError as error:
            raise NotSignedError(str(error)) from error
        cached = (rendered.content, rendered.signature_box)
        cache.set(key, cached, RENDER_CACHE_SECONDS)
    content, box = cached
    return SigningDraft(plan, number, today, revision_number, content, box, key, document_plan)


# -- 3. the approver signs ---------------------------------------------------------------------


@keys.signing_errors_as(NotSignedError)
def sign(plan, user, *, expected_sha256, identity=None, pin="", signer_name="", note="", today=None, draft=None):
    """The approver's own signature on the final render whose SHA-256 the signing page showed.

    Refused (:class:`StaleSigningError`, with the new render) when the plan or the day changed
    since; refused when the plan cannot be issued as it is (``publish_problems``). ``draft``: the
    render :func:`prepare_signing` just returned in the same call chain (``publish_plan``), used
    when it is still current whatever the render cache holds.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        plan = _locked(plan)
        office = plan.office
        workflow.check(user, plan, "sign")
        problems = publish_problems(plan)
        if problems:
            raise PlanError(" ".join(problems))
        if not _prepared_in_this_transaction(draft, plan, today):
            draft = _final_render(plan, reserve_number(plan, today).label, today, known=draft)
        if draft.sha256 != expected_sha256:
            raise StaleSigningError(draft)
        name = signer_name or plan.signer_name
        signed, layout, moment = sign_as_approver(
            draft.content, draft.signature_box, user, office, name=name, pin=pin, identity=identity
        )
        signature = ApproverSignature.objects.create(
            plan=plan,
            revision_number=draft.revision_number,
            issue_date=today,
            rendered_sha256=draft.sha256,
            pdf=signed.content,
            signed_by=user,
            signed_at=moment,
            certificate_subject=signed.certificate_subject,
            note=note,
            layout=layout,
        )
        plan.status = MonthlyPlan.Status.SIGNED
        plan.number, plan.issue_date = draft.number, today
        _save(plan, _("Lãnh đạo ký: %(note)s") % {"note": note} if note else _("Lãnh đạo ký"))
    logger.info("Plan %s-%02d signed by %s (sha256 %s)", plan.year, plan.month, user, draft.sha256)
    return signature


def _prepared_in_this_transaction(draft, plan, today):
    """Whether ``draft``, made by :func:`prepare_signing` earlier in the caller's transaction
    (``publish_plan``), is still the render of ``plan`` (locked) today, with its own register and
    revision numbers: the register entry stays as reserved (the Office row stays locked until the
    transaction ends, and the year is today's) and :func:`seal` refuses a revision number another
    issue took meanwhile. Saves reserving and counting again."""
    return (
        draft is not None
        and draft.plan.pk == plan.pk
        and draft.issue_date == today
        and draft.key == _render_key(plan, draft.number, today, draft.revision_number)
    )


# -- 4. the văn thư seals: issued ----------------------------------------------------------------


@keys.signing_errors_as(NotSignedError)
def seal(plan, user, *, note="", draft=None, identity=None):
    """The office's signature and seal over the approver's: the plan is issued as a new revision.

    The seal's key is the plan's office's own (``identities.office_identity``; ``identity``: the one
    ``publish_plan`` found for it). ``draft``: the render the approver signed in the same call chain
    (``publish_plan``), whose read of the plan then serves the snapshot and the changelog (:func:`_signed_read`).
    """
    with transaction.atomic():
        plan = _locked(plan)
        office = plan.office
        workflow.check(user, plan, "seal")
        signature = ApproverSignature.objects.select_related("signed_by").get(plan=plan)
        if user is not None and signature.signed_by_id == user.pk:
            raise PlanError(_("Văn thư đóng dấu phải là người khác với người đã ký văn bản."))
        signed_read = _signed_read(plan, draft, signature)  # before this seal saves the plan
        previous = (
            Revision.objects.of(plan.office_id)
            .for_month(plan.year, plan.month)
            .without_pdf()
            .order_by("-number")
            .first()
        )
        number = previous.number + 1 if previous else 1
        if number != signature.revision_number:
            raise PlanError(_("Tháng này đã có bản ban hành mới hơn; hãy trả lại để ký lại."))
        moment = timezone.now()
        signed = signing.sign_document(
            bytes(signature.pdf),
            identity=identity or identities.office_identity(office),
            stamp=appearance.office_stamp(office, signature.layout, moment),
            signer_name=str(office),
            location=office.place,
            reason=signing.OFFICE_REASON,
            moment=moment,
        )
        if plan.amends_id:  # through the same door as every state: its history says so, its version moves
            amended = _locked(plan.amends)
            amended.status = MonthlyPlan.Status.SUPERSEDED
            _save(amended, _("Được thay thế bởi bản điều chỉnh"))
        plan.status = MonthlyPlan.Status.PUBLISHED
        plan.published_at = moment
        _save(plan, _("Ban hành: %(note)s") % {"note": note} if note else _("Ban hành"))
        # One read of the plan as the document has it: the snapshot, the changelog.
        document_plan = _document_plan(plan, signed_read)
        items = list(document_plan.items.all())
        revision = Revision(
            plan=plan,
            office=office,
            year=plan.year,
            month=plan.month,
            number=number,
            snapshot=plan_to_data(document_plan, office),
            signer_name=plan.signer_name,
            certificate_subject=signed.certificate_subject,
            issued_at=moment,
            note=note or signature.note,
            approver_note=signature.note,
            issued_by=user,
            pdf=signed.content,
            sha256=hashlib.sha256(signed.content).hexdigest(),
            register_number=plan.register_entry.number,
            approved_by=signature.signed_by,
            approved_at=signature.signed_at,
            approver_certificate=signature.certificate_subject,
        )
        revision.save()
        if previous is not None:
            changelog.record_changes(revision, changelog.compute_changes(previous.plan, plan, new_items=items))
        signature.delete()  # its bytes live on, signed twice, in the revision
        transaction.on_commit(lambda: signals.plan_issued.send(MonthlyPlan, plan=plan, revision=revision))
    logger.info("Issued %s (sha256 %s)", revision, revision.sha256)
    return revision


def _signed_read(plan, draft, signature):
    """The read of ``plan`` made for ``draft``'s render, when ``signature`` is over those bytes and
    nothing but that signature saved ``plan`` (locked) since: in the same transaction, its sessions,
    items and tasks are the ones signed. None otherwise."""
    document = draft.document if draft is not None else None
    if (
        document is None
        or document.pk != plan.pk
        or signature.rendered_sha256 != draft.sha256
        or plan.version != draft.plan.version + 1
    ):
        return None
    return document


def _document_plan(plan, signed_read):
    """``plan`` as the document has it (``plans_for_document``): ``signed_read`` with the plan's
    fields as they are now, else a new read."""
    if signed_read is None:
        return plans_for_document().get(pk=plan.pk)
    for concrete in plan._meta.concrete_fields:
        setattr(signed_read, concrete.attname, getattr(plan, concrete.attname))
    return signed_read


# -- the whole chain, for scripts ----------------------------------------------------------------


@keys.signing_errors_as(NotSignedError)
def publish_plan(plan, *, approver=None, clerk=None, note="", pin="", approver_identity=None):
    """Submit (when still a draft), sign and seal ``plan``: the same steps a person takes.
    Returns the issued plan (its revision: ``plan.revisions``).

    ``approver``/``clerk`` are the users acting (None: the system, in development with test
    identities named after the plan's signer and the plan's office).
    """
    plan = MonthlyPlan.objects.select_related("office").get(pk=plan.pk)
    if plan.is_issued:
        raise PublishedPlanError(_("Chương trình này đã được ban hành."))
    office_identity = identities.office_identity(plan.office)  # nothing is even submitted when it cannot seal
    draft = None
    with transaction.atomic():  # all or nothing
        if plan.status in (MonthlyPlan.Status.DRAFT, MonthlyPlan.Status.RETURNED):
            plan = submit(plan, approver)
        if plan.status == MonthlyPlan.Status.IN_REVIEW:
            draft = _prepare_signing(plan, timezone.localdate())  # the plan as read above, or as submit saved it
            sign(
                plan,
                approver,
                expected_sha256=draft.sha256,
                identity=approver_identity,
                pin=pin,
                note=note,
                draft=draft,
            )
        seal(plan, clerk, note=note, draft=draft, identity=office_identity)
    return MonthlyPlan.objects.get(pk=plan.pk)


# -- reading what was issued ---------------------------------------------------------------------


def latest_revision_pdf(plan):
    """The stored signed bytes of the latest revision of ``plan`` (issued: sealing made its revision)."""
    return bytes(Revision.objects.filter(plan=plan).values_list("pdf", flat=True).latest("number"))


def approver_signed_pdf(plan):
    """The file the approver signed, waiting for the văn thư's seal (empty when there is none)."""
    content = ApproverSignature.objects.filter(plan=plan).values_list("pdf", flat=True).first()
    return bytes(content or b"")


def plan_pdf(plan):
    """The PDF of ``plan`` as the public gets it: the signed bytes once issued (never a fresh
    render), the unsigned "DỰ THẢO" render while it is being prepared."""
    if plan.is_issued:
        return latest_revision_pdf(plan)
    return render_plan(plan).content


@dataclass
class VerificationReport:
    """A signature check, and the revision the file is (by SHA-256), if any."""

    check: SignatureCheck
    sha256: str
    revision: Revision | None
    #: The office that issued the revision (the first office when the file is none of ours).
    office: Office
    #: The month's latest revision when ``revision`` is an earlier one: what replaced it.
    superseded_by: Revision | None = None

    @property
    def ok(self):
        """Intact, ours, and one of the revisions we issued: what the green verdict says."""
        return self.check.ours and self.revision is not None

    @property
    def approver_only(self):
        """Signed, valid and trusted, but without the Office's signature: the file the approver
        signed and the văn thư has not sealed, which is not an issued document."""
        check = self.check
        return (
            check.ours
            and self.revision is None
            and not any(info.field_name == signing.OFFICE_FIELD for info in check.signatures)
        )


def verify_document(content):
    """Check ``content`` within the bounds of ``issuing.verification_limits``, and find the
    revision it is (if it is one) and the revision that replaced it (if any)."""
    sha256 = hashlib.sha256(content).hexdigest()
    revision = Revision.objects.without_pdf().select_related("office").filter(sha256=sha256).first()
    superseded_by = None
    if revision is not None:
        superseded_by = (
            Revision.objects.of(revision.office_id)
            .for_month(revision.year, revision.month)
            .without_pdf()
            .filter(number__gt=revision.number)
            .order_by("-number")
            .first()
        )
    return VerificationReport(
        check=verification_limits.checked(content),
        sha256=sha256,
        revision=revision,
        office=revision.office if revision is not None else Office.objects.get_solo(),  # the one that issued it
        superseded_by=superseded_by,
    )
