"""Signing programmes (PAdES, incremental updates only) and checking signed files, with pyHanko.

A programme carries two signatures (Nghị định 30/2020, Điều 13.7 and 32.2): the competent
person's own, then the Office's, applied by the văn thư over it. Each is made with an
:class:`Identity`: a PKCS#12 file or a key on a PKCS#11 token (a USB token or an HSM; its PIN is
given at signing and never stored). The Office's identity comes from the settings
(SIGNING_P12_PATH or SIGNING_PKCS11_*). Signatures are PAdES B-B, or B-T when SIGNING_TSA_URL
names an RFC 3161 timestamp server. Nothing here touches the database: ``issuing.services``
decides what to sign, with whose identity, and what a check means for us.
"""

import asyncio
import datetime
import functools
import hmac
import io
import logging
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from programme.services import PlanError

logger = logging.getLogger(__name__)

APPROVER_FIELD = "ChuKyNguoiCoThamQuyen"
OFFICE_FIELD = "ChuKyCoQuan"
#: Part of the signed document, like its text: Vietnamese whatever language the signer reads.
APPROVER_REASON = "Ký ban hành văn bản"
OFFICE_REASON = "Đóng dấu, phát hành văn bản"


class SigningUnavailableError(PlanError):
    """No key is configured, or the configured key cannot be used: nothing gets issued unsigned."""


class SigningFailedError(PlanError):
    """Rendering or signing the document failed; nothing was issued."""


@dataclass(frozen=True)
class Pkcs12Identity:
    """A key and certificate in a PKCS#12 file."""

    path: str
    password: str = field(default="", repr=False)

    def available(self):
        return bool(self.path) and Path(self.path).is_file()

    @contextmanager
    def signer(self):
        yield _load_pkcs12(self.path, self.password)


@dataclass(frozen=True)
class Pkcs11Identity:
    """A key on a PKCS#11 token; ``pin`` is the one typed for this signature (never stored)."""

    library: str
    key_label: str = ""
    token_label: str = ""
    cert_label: str = ""
    pin: str = field(default="", repr=False)

    def available(self):
        return bool(self.library)

    @contextmanager
    def signer(self):
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        try:
            session = pkcs11.open_pkcs11_session(
                self.library,
                token_criteria=TokenCriteria(label=self.token_label or None),
                user_pin=self.pin or None,
            )
        except Exception as error:
            raise SigningUnavailableError(
                _("Không mở được thiết bị ký số (PKCS#11): %(error)s") % {"error": error}
            ) from error
        try:
            signer = pkcs11.PKCS11Signer(
                session,
                key_label=self.key_label or None,
                cert_label=self.cert_label or self.key_label or None,
                other_certs_to_pull=None,
            )
            try:
                signer.signing_cert  # noqa: B018 -- finds the key and certificate now (not logged in: none)
            except Exception as error:
                raise SigningUnavailableError(
                    _("Không mở được thiết bị ký số (PKCS#11): %(error)s") % {"error": error}
                ) from error
            yield signer
        finally:
            session.close()


def _file_version(path):
    """What tells one version of a key file from another: its inode, size and modification time."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


#: Signers loaded from PKCS#12 files, by file (path and version) and a keyed digest of the password:
#: neither the password nor anything derived from it without this process's secret is kept, and a
#: wrong password never finds the signer a right one loaded.
_PKCS12_SIGNERS = {}
_PKCS12_CACHE_SIZE = 16
_PROCESS_SECRET = secrets.token_bytes(32)
_pkcs12_lock = threading.Lock()


def _password_digest(password):
    return hmac.new(_PROCESS_SECRET, (password or "").encode(), "sha256").digest()


def _load_pkcs12(path, password):
    """The signer of a PKCS#12 file, loaded once per process (and again when the file changes)."""
    key = (str(path), _file_version(path), _password_digest(password))
    signer = _PKCS12_SIGNERS.get(key)
    if signer is None:
        signer = _read_pkcs12(path, password)
        with _pkcs12_lock:
            while len(_PKCS12_SIGNERS) >= _PKCS12_CACHE_SIZE:
                _PKCS12_SIGNERS.pop(next(iter(_PKCS12_SIGNERS)))
            _PKCS12_SIGNERS[key] = signer
    return signer


def clear_signer_cache():
    """Forget the loaded PKCS#12 signers (tests; a key file replaced in place is picked up anyway)."""
    with _pkcs12_lock:
        _PKCS12_SIGNERS.clear()


def _read_pkcs12(path, password):
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        private_key, certificate, chain = pkcs12.load_key_and_certificates(
            Path(path).read_bytes(), (password or "").encode() or None
        )
        if private_key is None or certificate is None:
            raise ValueError("no key or no certificate in the file")
    except Exception as error:
        logger.warning("Cannot load %s: %s", path, error)
        raise SigningUnavailableError(
            _("Không đọc được tệp khóa ký số %(path)s (sai mật khẩu hoặc tệp hỏng).") % {"path": path}
        ) from error
    registry = SimpleCertificateStore()
    registry.register_multiple({translate_pyca_cryptography_cert_to_asn1(cert) for cert in chain})
    return _loaded_key_signer_class()(
        signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(private_key),
        cert_registry=registry,
        private_key=private_key,
    )


@functools.cache
def _loaded_key_signer_class():
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

    class LoadedKeySigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner, keeping the parsed private key: SimpleSigner parses the DER key
        again for every signature (about 25 ms for RSA 2048, with its consistency checks)."""

        def __init__(self, *args, private_key, **kwargs):
            super().__init__(*args, **kwargs)
            self._private_key = private_key

        def sign_raw(self, data, digest_algorithm):
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            key = self._private_key
            if algorithm == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            if algorithm == "rsassa_pss" and isinstance(key, rsa.RSAPrivateKey):
                pss, hash_algorithm = process_pss_params(mechanism["parameters"])
                return key.sign(data, pss, hash_algorithm)
            if algorithm == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)  # other mechanisms: pyHanko's own path

    return LoadedKeySigner


def _office_identity_from_settings():
    if settings.SIGNING_PKCS11_LIB:
        return Pkcs11Identity(
            library=settings.SIGNING_PKCS11_LIB,
            token_label=settings.SIGNING_PKCS11_TOKEN,
            key_label=settings.SIGNING_PKCS11_KEY_LABEL,
            cert_label=settings.SIGNING_PKCS11_CERT_LABEL,
            pin=settings.SIGNING_PKCS11_PIN,
        )
    return Pkcs12Identity(settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSWORD)


def signing_configured():
    return _office_identity_from_settings().available()


def office_identity():
    """The Office's identity from the settings: the PKCS#11 token when configured, else the PKCS#12
    file; :class:`SigningUnavailableError` when neither is."""
    require_configuration()
    return _office_identity_from_settings()


def require_configuration():
    if not signing_configured():
        raise SigningUnavailableError(
            _(
                "Chưa cấu hình khóa ký số (SIGNING_P12_PATH hoặc SIGNING_PKCS11_LIB), nên không ban hành: "
                "văn bản ban hành phải được ký số. Khi phát triển, chạy “python manage.py make_dev_certificate”."
            )
        )


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


@dataclass(frozen=True)
class Stamp:
    """Where a visible signature goes and how it looks: a field, its box, a pyHanko stamp style."""

    field_name: str
    page_index: int
    box: tuple  # (x1, y1, x2, y2) in PDF points
    style: object
    text_params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SignedDocument:
    content: bytes
    #: The signer's certificate subject, as a person reads it.
    certificate_subject: str


def sign_pdf(content, *, identity, stamp, signer_name, location, reason, moment=None):
    """``content`` with one more signature, appended as an incremental update; returns the new bytes.

    Nothing already in ``content`` is rewritten, so earlier signatures stay valid. The signing time
    in the signature (and shown by the stamp) is ``moment``, default now.
    """
    return sign_document(
        content,
        identity=identity,
        stamp=stamp,
        signer_name=signer_name,
        location=location,
        reason=reason,
        moment=moment,
    ).content


@_outside_event_loop
def sign_document(content, *, identity, stamp, signer_name, location, reason, moment=None):
    """:func:`sign_pdf`, with the signer's certificate (read from the signer, not from the output)."""
    from pyhanko.sign import fields, signers

    moment = moment or datetime.datetime.now(datetime.UTC)
    metadata = signers.PdfSignatureMetadata(
        field_name=stamp.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name or None,
        location=location,
        reason=reason,
    )
    field_spec = fields.SigFieldSpec(
        sig_field_name=stamp.field_name, on_page=stamp.page_index, box=tuple(int(round(v)) for v in stamp.box)
    )
    with identity.signer() as signer:
        pdf_signer = _pinned_signer_class()(
            metadata,
            signer=signer,
            timestamper=_timestamper(),
            stamp_style=stamp.style,
            new_field_spec=field_spec,
            signing_time=moment,
        )
        try:
            output = _sign_with_reserved_space(pdf_signer, content, stamp).getvalue()
        except Exception as error:
            logger.exception("Signing failed")
            raise SigningFailedError(_("Không ký số được văn bản: %(error)s") % {"error": error}) from error
        certificate = signer.signing_cert
    if not _last_signature_verifies(output, certificate):
        logger.error("The signature just made does not verify with %s", certificate.subject.human_friendly)
        raise SigningFailedError(
            _("Không ký số được văn bản: chữ ký vừa tạo không khớp với chứng thư số của người ký.")
        )
    return SignedDocument(output, certificate.subject.human_friendly)


def _last_signature_verifies(content, certificate):
    """Whether the signature just appended to ``content`` is whole and made by ``certificate``'s key.

    The check that matters before anything is stored (a token's key that is not its certificate's,
    a container that does not cover the file), at the cost of one hash and one public-key
    operation: the byte ranges cover the whole file but the signature, their SHA-256 is the signed
    message digest, and the signature over the signed attributes verifies. The full validation
    (trust, modifications between revisions: :func:`check_signature`, ~20 ms) is for the
    verification page; a mechanism this check does not know falls back to it.
    """
    import binascii
    import hashlib
    import re

    from asn1crypto import cms
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", content)
    if not ranges:
        return False
    start, length, second, second_length = (int(value) for value in ranges[-1])
    if start != 0 or second + second_length != len(content) or not (length < second):
        return False
    hex_contents = content[length:second].strip(b"<> \r\n")
    try:
        # the container is DER followed by the zeros that fill the reserved room (ignored by load)
        signed_data = cms.ContentInfo.load(binascii.unhexlify(hex_contents))["content"]
        signer_info = signed_data["signer_infos"][0]
        attributes = signer_info["signed_attrs"]
        digests = [
            attribute["values"][0].native for attribute in attributes if attribute["type"].native == "message_digest"
        ]
        algorithm = signer_info["digest_algorithm"]["algorithm"].native
        mechanism = signer_info["signature_algorithm"].signature_algo
    except Exception as error:  # an unreadable container is a broken signature
        logger.info("Unreadable signature container: %s", error)
        return False
    if algorithm != "sha256":
        return check_signature(content).intact
    covered = hashlib.sha256()
    covered.update(content[:length])
    covered.update(content[second:])
    if digests != [covered.digest()]:
        return False
    signed = b"\x31" + attributes.dump()[1:]  # signed as a SET OF, stored with the [0] tag
    key = serialization.load_der_public_key(certificate.public_key.dump())
    try:
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signer_info["signature"].native, signed, padding.PKCS1v15(), hashes.SHA256())
        elif mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signer_info["signature"].native, signed, ec.ECDSA(hashes.SHA256()))
        else:
            return check_signature(content).intact
    except InvalidSignature:
        return False
    return True


#: Room kept for the signature container, in hex digits: a CMS with an RSA signature and a chain of
#: a few certificates takes 4–8 KB of DER; a timestamp token adds about as much. Reserving it
#: saves pyHanko a trial signature to estimate the size; what does not fit is signed again with
#: the estimate.
RESERVED_HEX_DIGITS = 16 * 1024
RESERVED_HEX_DIGITS_WITH_TIMESTAMP = 32 * 1024


def _sign_with_reserved_space(pdf_signer, content, stamp):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.general import SigningError

    reserved = RESERVED_HEX_DIGITS_WITH_TIMESTAMP if settings.SIGNING_TSA_URL else RESERVED_HEX_DIGITS
    for bytes_reserved in (reserved, None):
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        try:
            return pdf_signer.sign_pdf(
                writer, bytes_reserved=bytes_reserved, appearance_text_params=stamp.text_params or None
            )
        except SigningError as error:
            if bytes_reserved is None or "larger than expected" not in str(error):
                raise
            logger.info("Signature larger than %s hex digits: signing again with pyHanko's estimate", reserved)
    raise AssertionError("unreachable")


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


def certificate_subject(content, index=-1):
    """The subject of the certificate of signature ``index`` (default the last) of ``content``."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[index]
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
        from issuing.verification_limits import too_many_revisions_message

        check.refused = _("Quá nhiều lần cập nhật, không xác thực")
        check.problems.append(too_many_revisions_message(reader.xrefs.total_revisions))
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
