"""Signing a PDF (PAdES, incremental updates only) with pyHanko: the visible signature's place and
look (:class:`Stamp`), and :func:`sign_document`, which appends one signature and checks it.

The approver's signature goes in :data:`APPROVER_FIELD`, the Office's over it in
:data:`OFFICE_FIELD`. Signatures are PAdES B-B, or B-T when SIGNING_TSA_URL names an RFC 3161
timestamp server. Nothing here touches the database: ``issuing.services`` decides what to sign,
with whose identity (``issuing.keys``, ``issuing.identities``).
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from issuing.keys import SigningError, timestamper
from issuing.verification import check_signature, outside_event_loop

logger = logging.getLogger(__name__)

APPROVER_FIELD = "ChuKyNguoiCoThamQuyen"
OFFICE_FIELD = "ChuKyCoQuan"
#: Part of the signed document, like its text: Vietnamese whatever language the signer reads.
APPROVER_REASON = "Ký ban hành văn bản"
OFFICE_REASON = "Đóng dấu, phát hành văn bản"


class SigningFailedError(SigningError):
    """Signing the document failed (pyHanko, the timestamp server, a signature that does not verify)."""


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
    """What :func:`sign_document` returns: the signed bytes, and whose certificate signed them."""

    content: bytes
    #: The signer's certificate subject, as a person reads it.
    certificate_subject: str


@outside_event_loop
def sign_document(content, *, identity, stamp, signer_name, location, reason, moment=None):
    """``content`` with one more signature, appended as an incremental update, and the signer's
    certificate subject (read from the signer, not from the output).

    Nothing already in ``content`` is rewritten, so earlier signatures stay valid. The signing time
    in the signature (and shown by the stamp) is ``moment``, default now.
    """
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
            timestamper=timestamper(),
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
    from pyhanko.sign.general import SigningError as PyhankoSigningError

    reserved = RESERVED_HEX_DIGITS_WITH_TIMESTAMP if settings.SIGNING_TSA_URL else RESERVED_HEX_DIGITS
    for bytes_reserved in (reserved, None):
        writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
        try:
            return pdf_signer.sign_pdf(
                writer, bytes_reserved=bytes_reserved, appearance_text_params=stamp.text_params or None
            )
        except PyhankoSigningError as error:
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
