"""Reading and checking the signatures of a PDF with pyHanko: who signed, when, whether each signature
is intact and trusted, and what was added after it (:func:`check_signature`).

Nothing here touches the database: ``issuing.services.verify_document`` says which revision a file
is, within the bounds of ``issuing.verification_limits``.
"""

import asyncio
import datetime
import functools
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def outside_event_loop(function):
    """Run ``function`` in a worker thread when this thread already runs an asyncio loop.

    pyHanko's synchronous API (signing and checking alike) calls ``asyncio.run``, which refuses to
    nest in a running loop (an ASGI context, or a test process that drives a browser).
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


@dataclass
class SignatureInfo:
    """One signature of a file: who, when, intact, trusted, what it covers."""

    field_name: str = ""
    signer: str = ""
    organisation: str = ""
    signed_at: datetime.datetime | None = None
    timestamped_at: datetime.datetime | None = None
    intact: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    #: Whatever the file gained after this signature is allowed (another signature, its field and
    #: appearance); always true for the last signature, which covers the whole file or not.
    later_changes_allowed: bool = True
    certificate_sha256: str = ""


@dataclass
class SignatureCheck:
    """What a signed PDF says about itself, checked against our trust roots: every signature in
    signing order (ours: the approver's, then the Office's)."""

    is_pdf: bool = False
    signatures: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    #: False when a signature could not be read or checked at all.
    readable: bool = True
    #: The verdict when the file was not checked at all, being too costly to check (too many
    #: revisions or objects, over the time budget: ``issuing.verification_limits``).
    refused: str = ""

    @property
    def signed(self):
        return bool(self.signatures)

    @property
    def last(self):
        return self.signatures[-1] if self.signatures else SignatureInfo()

    @property
    def intact(self):
        return self.signed and self.readable and all(info.intact for info in self.signatures)

    @property
    def covers_whole_file(self):
        return self.signed and self.last.covers_whole_file

    @property
    def changes_allowed(self):
        return all(info.later_changes_allowed for info in self.signatures)

    @property
    def trusted(self):
        return self.signed and all(info.trusted for info in self.signatures)

    @property
    def valid(self):
        """Every signature intact, the last one covering the whole file, nothing but signatures added
        between them."""
        return self.intact and self.covers_whole_file and self.changes_allowed

    @property
    def ours(self):
        """Valid, and every certificate one we trust."""
        return self.valid and self.trusted

    # The last signature (the Office's, on a programme we issued) answers the simple questions.
    @property
    def signer(self):
        return self.last.signer

    @property
    def organisation(self):
        return self.last.organisation

    @property
    def signed_at(self):
        return self.last.signed_at

    @property
    def timestamped_at(self):
        return self.last.timestamped_at


def too_many_revisions(count):
    """The verdict on a file of ``count`` revisions, more than VERIFY_MAX_REVISIONS, and its reason."""
    return _("Quá nhiều lần cập nhật, không xác thực"), _(
        "Tệp có %(count)s lần cập nhật (tối đa %(limit)s): quá nhiều lần cập nhật, không xác thực. "
        "Văn bản do cơ quan ban hành chỉ có vài lần cập nhật (mỗi chữ ký số một lần)."
    ) % {"count": count, "limit": settings.VERIFY_MAX_REVISIONS}


def trust_roots():
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        if Path(path).is_file():
            roots.extend(load_certs_from_pemder([path]))
    return roots


def _name_part(name, key):
    return name.native.get(key, "") if name is not None else ""


@outside_event_loop
def check_signature(content, max_revisions=None):
    """Read and check every signature of ``content`` (bytes); never raises on bad input.

    ``max_revisions``: refuse, once the file is read, one with more revisions than that (checking
    each signature compares every later revision: a cost in the square of their number).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    check = SignatureCheck()
    if not content.startswith(b"%PDF-"):
        check.problems.append(_("Tệp không phải là tệp PDF."))
        return check
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:
        logger.info("Unreadable PDF: %s", error)
        check.problems.append(_("Không đọc được tệp PDF (tệp hỏng hoặc đã bị sửa)."))
        return check
    check.is_pdf = True
    if max_revisions and reader.xrefs.total_revisions > max_revisions:
        check.refused, reason = too_many_revisions(reader.xrefs.total_revisions)
        check.problems.append(reason)
        return check
    if not signatures:
        check.problems.append(_("Tệp PDF không có chữ ký số."))
        return check
    roots = trust_roots()
    for index, signature in enumerate(signatures):
        info = _check_one(signature, roots, is_last=index == len(signatures) - 1)
        if info is None:
            check.readable = False
            check.signatures.append(SignatureInfo(field_name=signature.field_name))
            continue
        check.signatures.append(info)
    check.problems.extend(_problems(check))
    return check


def _check_one(signature, roots, *, is_last):
    import hashlib

    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as error:
        logger.info("Signature check failed: %s", error)
        return None
    cert = status.signing_cert
    info = SignatureInfo(
        field_name=signature.field_name,
        signer=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        certificate_sha256=hashlib.sha256(cert.dump()).hexdigest(),
    )
    if status.timestamp_validity is not None and status.timestamp_validity.intact:
        info.timestamped_at = status.timestamp_validity.timestamp
    if not info.intact:  # what a broken signature covered is unknown: nothing after it is vouched for
        info.later_changes_allowed = False
    elif not is_last:
        level = status.modification_level
        info.later_changes_allowed = (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and level is not None
            and level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        )
    return info


def _problems(check):
    """What is wrong, most serious first: a changed content says only that."""
    if not check.intact:
        return [_("Nội dung đã bị thay đổi sau khi ký: chữ ký số không còn nguyên vẹn.")]
    if not check.changes_allowed:
        return [_("Tệp đã bị sửa giữa hai lần ký: ngoài chữ ký, có nội dung được thêm hoặc thay đổi.")]
    if not check.covers_whole_file:
        return [_("Tệp có phần được thêm vào sau chữ ký cuối cùng.")]
    if not check.trusted:
        return [_("Chứng thư ký không thuộc tổ chức chứng thực mà hệ thống tin cậy.")]
    return []
