"""Signing issued programmes (PAdES) and checking signed files, with pyHanko.

The key is the Office's: a PKCS#12 file (SIGNING_P12_PATH, SIGNING_P12_PASSWORD) or a
PKCS#11 token (SIGNING_PKCS11_LIB, _TOKEN, _PIN, _KEY_LABEL). Signatures are PAdES B-B,
or B-T when SIGNING_TSA_URL names an RFC 3161 timestamp server. Nothing here touches the
database: ``issuing.services`` decides what to sign and what a check means for us.
"""

import asyncio
import datetime
import functools
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from agenda.services import PlanError
from issuing import appearance

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "ChuKyBanHanh"


class SigningUnavailableError(PlanError):
    """No key is configured, or the configured key cannot be used: nothing gets issued unsigned."""


class SigningFailedError(PlanError):
    """Rendering or signing the document failed; nothing was issued."""


def signing_configured():
    return bool(settings.SIGNING_PKCS11_LIB) or bool(
        settings.SIGNING_P12_PATH and Path(settings.SIGNING_P12_PATH).is_file()
    )


def require_configuration():
    if not signing_configured():
        raise SigningUnavailableError(
            _(
                "Chưa cấu hình khóa ký số (SIGNING_P12_PATH hoặc SIGNING_PKCS11_LIB), nên không ban hành: "
                "văn bản ban hành phải được ký số. Khi phát triển, chạy “python manage.py make_dev_certificate”."
            )
        )


@contextmanager
def configured_signer():
    """The pyHanko signer for the configured key; a token session is closed afterwards."""
    from pyhanko.sign import signers

    require_configuration()
    if settings.SIGNING_PKCS11_LIB:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        try:
            session = pkcs11.open_pkcs11_session(
                settings.SIGNING_PKCS11_LIB,
                token_criteria=TokenCriteria(label=settings.SIGNING_PKCS11_TOKEN or None),
                user_pin=settings.SIGNING_PKCS11_PIN or None,
            )
        except Exception as error:
            raise SigningUnavailableError(
                _("Không mở được thiết bị ký số (PKCS#11): %(error)s") % {"error": error}
            ) from error
        try:
            yield pkcs11.PKCS11Signer(
                session,
                key_label=settings.SIGNING_PKCS11_KEY_LABEL or None,
                cert_label=settings.SIGNING_PKCS11_CERT_LABEL or settings.SIGNING_PKCS11_KEY_LABEL or None,
                other_certs_to_pull=None,
            )
        finally:
            session.close()
        return
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            settings.SIGNING_P12_PATH, passphrase=(settings.SIGNING_P12_PASSWORD or "").encode() or None
        )
    except Exception as error:  # pyHanko logs and returns None on a wrong password; some errors raise
        signer = None
        logger.warning("Cannot load %s: %s", settings.SIGNING_P12_PATH, error)
    if signer is None:
        raise SigningUnavailableError(
            _("Không đọc được tệp khóa ký số %(path)s (sai mật khẩu hoặc tệp hỏng).")
            % {"path": settings.SIGNING_P12_PATH}
        )
    yield signer


def _timestamper():
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=15)


def _outside_event_loop(function):
    """Run ``function`` in a worker thread when this thread already runs an asyncio loop.

    pyHanko's synchronous API calls ``asyncio.run``, which refuses to nest in a running loop
    (an ASGI context, or a test process that drives a browser).
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


@_outside_event_loop
def sign_pdf(content, *, box, office, signer_name, moment=None):
    """``content`` signed by the Office, the visible signature in ``box``; returns the signed bytes.

    ``box`` is ``(page_index, x1, y1, x2, y2)`` in PDF points. The signing time shown in the
    appearance is the one in the signature (``moment``, default now).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    moment = moment or datetime.datetime.now(datetime.UTC)
    page_index, x1, y1, x2, y2 = box
    organisation = str(office)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name or None,
        location=office.place,
        # Part of the signed document, like its text: Vietnamese whatever language the approver reads.
        reason="Ban hành văn bản",
    )
    field_spec = fields.SigFieldSpec(
        sig_field_name=SIGNATURE_FIELD, on_page=page_index, box=(int(x1), int(y1), int(x2), int(y2))
    )
    with configured_signer() as signer:
        pdf_signer = _pinned_signer_class()(
            metadata,
            signer=signer,
            timestamper=_timestamper(),
            stamp_style=appearance.stamp_style(office, x2 - x1, y2 - y1),
            new_field_spec=field_spec,
            signing_time=moment,
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
            output = pdf_signer.sign_pdf(
                writer,
                appearance_text_params={
                    "signer_name": signer_name or signer.subject_name,
                    "organisation": organisation,
                    "signing_time": appearance.signing_time_text(moment),
                },
            )
        except Exception as error:
            logger.exception("Signing failed")
            raise SigningFailedError(_("Không ký số được văn bản: %(error)s") % {"error": error}) from error
    return output.getvalue()


@functools.cache
def _pinned_signer_class():
    from pyhanko.sign import signers

    class PinnedTimePdfSigner(signers.PdfSigner):
        """A PdfSigner whose signing time is given, so the appearance shows the signature's own time."""

        def __init__(self, *args, signing_time, **kwargs):
            super().__init__(*args, **kwargs)
            self.signing_time = signing_time

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self.signing_time
            return session

    return PinnedTimePdfSigner


# -- checking ---------------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    """What a signed PDF says about itself, checked against our trust roots."""

    is_pdf: bool = False
    signed: bool = False
    intact: bool = False
    covers_whole_file: bool = False
    trusted: bool = False
    signer: str = ""
    organisation: str = ""
    signed_at: datetime.datetime | None = None
    timestamped_at: datetime.datetime | None = None
    problems: list = field(default_factory=list)

    @property
    def valid(self):
        """The signature is intact and nothing was added to the file after signing."""
        return self.signed and self.intact and self.covers_whole_file

    @property
    def ours(self):
        """Valid, and made with a certificate we trust."""
        return self.valid and self.trusted


def certificate_subject(content):
    """The signing certificate's subject of a PDF we just signed (for the record)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[-1]
    return signature.signer_cert.subject.human_friendly


def trust_roots():
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        if Path(path).is_file():
            roots.extend(load_certs_from_pemder([path]))
    return roots


def _name_part(name, key):
    return name.native.get(key, "") if name is not None else ""


@_outside_event_loop
def check_signature(content):
    """Read and check the (last) signature of ``content`` (bytes); never raises on bad input."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

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
    if not signatures:
        check.problems.append(_("Tệp PDF không có chữ ký số."))
        return check
    check.signed = True
    signature = signatures[-1]
    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as error:
        logger.info("Signature check failed: %s", error)
        check.problems.append(_("Không kiểm tra được chữ ký: chữ ký hỏng hoặc tệp đã bị sửa."))
        return check
    cert = status.signing_cert
    check.signer = _name_part(cert.subject, "common_name")
    check.organisation = _name_part(cert.subject, "organization_name")
    check.intact = bool(status.intact and status.valid)
    check.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    check.trusted = bool(status.trusted)
    check.signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None and status.timestamp_validity.intact:
        check.timestamped_at = status.timestamp_validity.timestamp
    if not check.intact:
        check.problems.append(_("Chữ ký không còn nguyên vẹn: nội dung đã bị thay đổi sau khi ký."))
    elif not check.covers_whole_file:
        check.problems.append(_("Tệp có phần được thêm vào sau khi ký."))
    if check.intact and not check.trusted:
        check.problems.append(_("Chứng thư ký không thuộc tổ chức chứng thực mà hệ thống tin cậy."))
    return check
