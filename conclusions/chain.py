"""Issuing a notice through the programme's chain: submit, the approver signs, the văn thư seals.

The same rules as ``issuing.services`` for programmes, with the same building blocks (``issuing.signing``
appends PAdES signatures, ``issuing.appearance`` draws the visible signature and the seal,
``issuing.identities`` finds the approver's and the office's keys): the register gives the notice its number
in the office's own TB series when the approver's page renders it, the approver signs exactly the bytes
shown (refused when the notice or the day changed), the văn thư, another person, seals them and the notice
is frozen into the next immutable :class:`~conclusions.models.ConclusionRevision`; its tasks become
visible to their agencies.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.permissions import has_right
from agenda.offices import office_slug
from agenda.signals import public_content_changed
from conclusions.document import build_notice
from conclusions.drafting import conclusions_for_document, locked
from conclusions.interchange import conclusion_to_data
from conclusions.models import Conclusion, ConclusionRevision, ConclusionSettings, ConclusionSignature, Task
from conclusions.rendering import render_notice
from exports.pdf import PdfRenderError
from issuing import appearance, identities, keys, signing
from issuing.approver_signing import sign_as_approver
from issuing.services import NotSignedError, StaleSigningError
from meetings.models import Item
from programme.errors import PlanError

logger = logging.getLogger(__name__)
Status = Conclusion.Status
RENDER_CACHE_SECONDS = 60 * 60

#: Each step: the states it leaves, the state it enters, its refusal.
STEPS = {
    "submit": ((Status.DRAFT, Status.RETURNED), Status.IN_REVIEW),
    "return": ((Status.IN_REVIEW, Status.SIGNED), Status.RETURNED),
    "sign": ((Status.IN_REVIEW,), Status.SIGNED),
    "seal": ((Status.SIGNED,), Status.ISSUED),
    "amend": ((Status.ISSUED,), Status.DRAFT),
}


def step_refusal(step):
    return {
        "submit": _("Chỉ gửi duyệt được thông báo đang là dự thảo hoặc đã được trả lại."),
        "return": _("Chỉ trả lại được thông báo đang chờ duyệt hoặc đã ký mà chưa phát hành."),
        "sign": _("Chỉ ký được thông báo đã được gửi duyệt."),
        "seal": _("Chỉ đóng dấu, phát hành được thông báo đã được lãnh đạo ký."),
        "amend": _("Chỉ điều chỉnh được thông báo đã ban hành."),
    }[step]


def allowed(user, office, step):
    """Whether ``user`` holds the right of ``step`` in ``office`` (access.rights: "conclusion.<step>")."""
    rights = {
        "submit": has_right(user, "conclusion.submit", office),
        "return": has_right(user, "conclusion.return", office),
        "sign": has_right(user, "conclusion.sign", office),
        "seal": has_right(user, "conclusion.seal", office),
        "amend": has_right(user, "conclusion.amend", office),
    }
    return rights[step]


def check(user, conclusion, step):
    if not allowed(user, conclusion.office_id, step):
        raise PermissionDenied(_("Tài khoản không có quyền thực hiện thao tác này."))
    if conclusion.status not in STEPS[step][0]:
        raise PlanError(step_refusal(step))


def can_take(user, conclusion, step):
    return conclusion.status in STEPS[step][0] and allowed(user, conclusion.office_id, step)


def signer_name(conclusion):
    """Who signs: the office's setting for notices, else its signer, else the signer of the session's programme."""
    plan = conclusion.session.plan if conclusion.session_id else None
    names = (ConclusionSettings.of(conclusion.office_id).signer_name, conclusion.office.signer_name)
    return next((name for name in names if name), plan.signer_name if plan else "")


def issue_problems(conclusion):
    """What keeps the notice from being issued (messages; empty when it can be)."""
    problems = []
    entries = list(conclusion.entries.all())
    if not any(entry.text.strip() or entry.is_deferred for entry in entries) and not conclusion.tasks.exists():
        problems.append(_("Thông báo chưa có nội dung kết luận."))
    if not signer_name(conclusion):
        problems.append(_("Chưa ghi họ tên người ký (cài đặt thông báo kết luận)."))
    return problems


# -- submit, return, amend -------------------------------------------------------------------------


def submit(conclusion, user):
    with transaction.atomic():
        conclusion = locked(conclusion)
        check(user, conclusion, "submit")
        problems = issue_problems(conclusion)
        if problems:
            raise PlanError(" ".join(problems))
        conclusion.status = Status.IN_REVIEW
        conclusion.touch()
    return conclusion


def return_conclusion(conclusion, user, comment):
    comment = (comment or "").strip()
    if not comment:
        raise PlanError(_("Hãy ghi ý kiến khi trả lại thông báo kết luận."))
    with transaction.atomic():
        conclusion = locked(conclusion)
        check(user, conclusion, "return")
        ConclusionSignature.objects.filter(conclusion=conclusion).delete()
        conclusion.status, conclusion.review_note = Status.RETURNED, comment
        conclusion.touch()
    return conclusion


def amend(conclusion, user):
    """Reopen an issued notice as a draft: issuing it again makes the next revision, with a new number,
    which supersedes the one issued before. The tasks keep their rows (and their follow-up)."""
    with transaction.atomic():
        conclusion = locked(conclusion)
        check(user, conclusion, "amend")
        conclusion.status = Status.DRAFT
        conclusion.register_year = conclusion.register_number = None
        conclusion.touch()
    return conclusion


# -- the register and the final render --------------------------------------------------------------


def reserve_number(conclusion, today):
    """The notice's number in the office's TB register of ``today``'s year: given once and kept (a new one
    after an amendment). Concurrent reservations queue on the office's settings row."""
    year = today.year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                ConclusionSettings.of(conclusion.office_id)
                ConclusionSettings.objects.select_for_update().get(office_id=conclusion.office_id)
                row = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
                if row.register_year == year and row.register_number:
                    return row.register_number
                numbered = Conclusion.objects.filter(office_id=row.office_id, register_year=year)
                issued = ConclusionRevision.objects.filter(office_id=row.office_id, register_year=year)
                last = max(
                    numbered.aggregate(last=Max("register_number"))["last"] or 0,
                    issued.aggregate(last=Max("register_number"))["last"] or 0,
                )
                Conclusion.objects.filter(pk=row.pk).update(register_year=year, register_number=last + 1)
                conclusion.register_year, conclusion.register_number = year, last + 1
                return last + 1
        except IntegrityError:
            continue
    raise PlanError(_("Không cấp được số văn bản: nhiều văn bản được cấp số cùng lúc, hãy thử lại."))


@dataclass(frozen=True)
class SigningDraft:
    conclusion_pk: int
    number: str
    issue_date: datetime.date
    revision_number: int
    content: bytes
    signature_box: tuple
    key: str
    data: dict

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def revision_url(office, session_date, number):
    """The address an issued revision's QR code prints: its public page."""
    kwargs = {"office": office, "year": session_date.year, "month": session_date.month, "day": session_date.day}
    path = reverse("conclusions_public:revision", kwargs={**kwargs, "number": number})
    return settings.SITE_URL + path


def notice_data(conclusion, *, number=None, issue_date=None):
    """The interchange data of ``conclusion`` (read with conclusions_for_document) as its document shows it."""
    data = conclusion_to_data(conclusion)
    data["office"] = office_slug(conclusion.office_id)
    data["signer_name"] = signer_name(conclusion)
    office_settings = ConclusionSettings.of(conclusion.office_id)  # frozen with the revision: a later change
    data["symbol"] = office_settings.symbol  # of the settings does not rewrite what was issued
    data["signer_authority"], data["signer_title"] = office_settings.signer_authority, office_settings.signer_title
    if number is not None:
        data["number"] = f"{number:02d}"
        data["issue_date"] = issue_date.isoformat()
    return data


def prepare_signing(conclusion, today=None):
    """The notice rendered as it will be signed today: its register number, today's date, no draft mark."""
    today = today or timezone.localdate()
    conclusion = Conclusion.objects.get(pk=conclusion.pk)
    if conclusion.status not in STEPS["sign"][0]:
        raise PlanError(step_refusal("sign"))
    return _final_render(conclusion, reserve_number(conclusion, today), today)


def _final_render(conclusion, number, today):
    revision_number = conclusion.revision_count + 1
    saved = conclusion.updated_at.isoformat()
    key = f"conclusions:render:{conclusion.pk}:{conclusion.version}:{saved}:{number}:{today}:{revision_number}"
    cached = cache.get(key)
    if cached is None:
        document_row = conclusions_for_document().get(pk=conclusion.pk)
        data = notice_data(document_row, number=number, issue_date=today)
        office = document_row.office
        document = build_notice(office, ConclusionSettings.of(office), data, final=True)
        url = revision_url(office.slug, conclusion.session_date, revision_number)
        try:
            rendered = render_notice(document, verification_url=url)
        except PdfRenderError as error:
            raise NotSignedError(str(error)) from error
        cached = (rendered.content, rendered.signature_box, data)
        cache.set(key, cached, RENDER_CACHE_SECONDS)
    content, box, data = cached
    return SigningDraft(conclusion.pk, f"{number:02d}", today, revision_number, content, box, key, data)


# -- the approver signs, the văn thư seals -----------------------------------------------------------


@keys.signing_errors_as(NotSignedError)
def sign(conclusion, user, *, expected_sha256, identity=None, pin="", today=None):
    """The approver's signature on the render whose SHA-256 the signing page showed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        conclusion = locked(conclusion)
        office = conclusion.office
        check(user, conclusion, "sign")
        problems = issue_problems(conclusion)
        if problems:
            raise PlanError(" ".join(problems))
        draft = _final_render(conclusion, reserve_number(conclusion, today), today)
        if draft.sha256 != expected_sha256:
            raise StaleSigningError(draft)
        name = signer_name(conclusion)
        signed, layout, moment = sign_as_approver(
            draft.content, draft.signature_box, user, office, name=name, pin=pin, identity=identity
        )
        signature = ConclusionSignature.objects.create(
            conclusion=conclusion,
            issue_date=today,
            rendered_sha256=draft.sha256,
            pdf=signed.content,
            layout={**layout, "data": draft.data, "revision_number": draft.revision_number},
            signed_by=user,
            signed_at=moment,
            certificate_subject=signed.certificate_subject,
        )
        conclusion.status = Status.SIGNED
        conclusion.touch()
    logger.info("Conclusion %s signed by %s (sha256 %s)", conclusion.pk, user, draft.sha256)
    return signature


@keys.signing_errors_as(NotSignedError)
def seal(conclusion, user, *, identity=None):
    """The office's signature and seal over the approver's: the notice is issued as its next revision."""
    with transaction.atomic():
        conclusion = locked(conclusion)
        office = conclusion.office
        check(user, conclusion, "seal")
        signature = ConclusionSignature.objects.get(conclusion=conclusion)
        if user is not None and signature.signed_by_id == user.pk:
            raise PlanError(_("Văn thư đóng dấu phải là người khác với người đã ký văn bản."))
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
        data = signature.layout["data"]
        symbol = ConclusionSettings.of(office).symbol
        revision = ConclusionRevision(
            conclusion=conclusion,
            office=office,
            session_date=conclusion.session_date,
            number=conclusion.revision_count + 1,
            register_year=conclusion.register_year,
            register_number=conclusion.register_number,
            register_label=f"{conclusion.register_number:02d}/{symbol}",
            title=data["title"],
            snapshot=data,
            signer_name=data.get("signer_name", ""),
            certificate_subject=signed.certificate_subject,
            approved_by=signature.signed_by,
            approved_at=signature.signed_at,
            issued_by=user,
            issued_at=moment,
            issue_date=signature.issue_date,
            pdf=signed.content,
            sha256=hashlib.sha256(signed.content).hexdigest(),
        )
        revision.save()
        Task.objects.filter(conclusion=conclusion, published_at__isnull=True).update(published_at=moment)
        _postpone_deferred_items(conclusion)
        conclusion.status = Status.ISSUED
        conclusion.revision_count = revision.number
        conclusion.touch(save=False)
        conclusion.save(update_fields=["status", "revision_count", "version", "updated_at"])
        signature.delete()
        offices = [office.pk]  # the kept public pages of the office (programme, agencies, search, feed) show it
        transaction.on_commit(lambda: public_content_changed.send(sender=ConclusionRevision, offices=offices))
    logger.info("Issued conclusion %s (sha256 %s)", revision, revision.sha256)
    return revision


def _postpone_deferred_items(conclusion):
    """The items the notice defers to a later month are postponed in their programme (offered again when the
    next month is prepared: meetings.ItemQuerySet.not_done)."""
    deferred = conclusion.entries.filter(deferred_month__isnull=False, item__status=Item.Status.PLANNED)
    for entry in deferred.select_related("item"):
        entry.item.set_status(Item.Status.POSTPONED)


@keys.signing_errors_as(NotSignedError)
def publish_conclusion(conclusion, *, approver=None, clerk=None, pin=""):
    """Submit (when still a draft), sign and seal: the steps people take, for scripts and the demo."""
    conclusion = Conclusion.objects.select_related("office").get(pk=conclusion.pk)
    if conclusion.status == Status.ISSUED:
        raise PlanError(_("Thông báo kết luận này đã được ban hành."))
    office_identity = identities.office_identity(conclusion.office)
    with transaction.atomic():
        if conclusion.status in (Status.DRAFT, Status.RETURNED):
            conclusion = submit(conclusion, approver)
        if conclusion.status == Status.IN_REVIEW:
            draft = prepare_signing(conclusion)
            sign(conclusion, approver, expected_sha256=draft.sha256, pin=pin)
        return seal(conclusion, clerk, identity=office_identity)
