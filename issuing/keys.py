"""The keys that sign (a PKCS#12 file, or a key on a PKCS#11 token), where each office's seal key is,
the timestamp server, and :class:`SigningError`, what signing refuses with.

A programme carries two signatures (Nghị định 30/2020, Điều 13.7 and 32.2): the competent
person's own, then the issuing office's, applied by the văn thư over it. Each is made with an identity:
:class:`Pkcs12Identity` (a file) or :class:`Pkcs11Identity` (a USB token or an HSM; its PIN is
given at signing and never stored). Each office seals with its own key: the labels of its key on a token,
or its file ``SIGNING_DIR/co-quan/<slug>.p12`` (:func:`office_file_identity`); the installation's first
office may keep the settings' key (SIGNING_P12_PATH or SIGNING_PKCS11_*, :func:`configured_identity`).
Nothing here touches the database: ``issuing.identities`` says whose key signs.
"""

import functools
import hmac
import logging
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SigningError(Exception):
    """What signing, or the key it needs, refuses: the message says why, to the person signing."""


class SigningUnavailableError(SigningError):
    """No key is configured, or the configured key cannot be used: nothing gets issued unsigned."""


@contextmanager
def signing_errors_as(error_class):
    """Raise the :class:`SigningError` of the block (or of the decorated function) as ``error_class``
    with the same message: how a caller makes them refusals of its own."""
    try:
        yield
    except SigningError as error:
        raise error_class(str(error)) from error


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
#: wrong password never finds the signer a right one loaded. A key file replaced in place is another
#: version: it is loaded again.
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


#: Under SIGNING_DIR: each office's own seal key, ``<slug>.p12``, with its password in ``<slug>.password`` (else
#: SIGNING_P12_PASSWORD) and the PIN of its token in ``<slug>.pin`` (else SIGNING_PKCS11_PIN).
OFFICES_DIR = "co-quan"


def configured_identity():
    """The key of the settings: the PKCS#11 token when SIGNING_PKCS11_LIB is set, else the PKCS#12 file of
    SIGNING_P12_PATH. The installation's first office's, unless it has a key of its own."""
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
    return configured_identity().available()


def require_configuration():
    if not signing_configured():
        raise SigningUnavailableError(
            _(
                "Chưa cấu hình khóa ký số (SIGNING_P12_PATH hoặc SIGNING_PKCS11_LIB), nên không ban hành: "
                "văn bản ban hành phải được ký số. Khi phát triển, chạy “python manage.py make_dev_certificate”."
            )
        )


def office_key_path(slug):
    """Where the PKCS#12 file of the office ``slug`` is expected: ``SIGNING_DIR/co-quan/<slug>.p12``."""
    return Path(settings.SIGNING_DIR) / OFFICES_DIR / f"{slug}.p12"


def office_key_name(slug):
    """:func:`office_key_path` as an administrator reads it in a message (not the server's absolute path)."""
    return f"SIGNING_DIR/{OFFICES_DIR}/{slug}.p12"


def _secret(path, default):
    """The first line of the file ``path`` (a password, a PIN kept beside the key; an empty file: none), else
    ``default`` when there is no such file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return default
    return lines[0].strip() if lines else ""


def office_file_identity(slug):
    """The office's PKCS#12 file (:func:`office_key_path`), whether it exists or not (``available()``)."""
    path = office_key_path(slug)
    return Pkcs12Identity(str(path), _secret(path.with_suffix(".password"), settings.SIGNING_P12_PASSWORD))


def office_token_identity(slug, *, token_label, key_label):
    """The office's key on a PKCS#11 token (SIGNING_PKCS11_LIB), found by its labels."""
    if not settings.SIGNING_PKCS11_LIB:
        raise SigningUnavailableError(
            _(
                "Khóa ký số của cơ quan được khai báo trên thiết bị PKCS#11 (nhãn “%(label)s”) nhưng hệ thống chưa "
                "cấu hình thư viện PKCS#11 (SIGNING_PKCS11_LIB), nên không ban hành."
            )
            % {"label": key_label}
        )
    return Pkcs11Identity(
        library=settings.SIGNING_PKCS11_LIB,
        token_label=token_label,
        key_label=key_label,
        pin=_secret(office_key_path(slug).with_suffix(".pin"), settings.SIGNING_PKCS11_PIN),
    )


def timestamper():
    """The RFC 3161 timestamp server of SIGNING_TSA_URL (signatures PAdES B-T), or None (B-B)."""
    if not settings.SIGNING_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.SIGNING_TSA_URL, timeout=15)
