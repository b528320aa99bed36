"""A self-signed test CA and a signer certificate, for development and tests.

Real issuing uses the Office's certificate from a licensed CA (a PKCS#12 file or a USB
token); these files are named as test certificates so that nobody mistakes them for one.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

TEST_SUFFIX = "CHỨNG THƯ THỬ NGHIỆM"
CA_KEY_NAME = "dev-ca.key"
CA_CERT_NAME = "dev-ca.crt"
SIGNER_KEY_NAME = "dev-signer.key"
SIGNER_CERT_NAME = "dev-signer.crt"
SIGNER_P12_NAME = "dev-signer.p12"


@dataclass(frozen=True)
class TestPki:
    directory: Path

    @property
    def ca_cert(self):
        return self.directory / CA_CERT_NAME

    @property
    def ca_key(self):
        return self.directory / CA_KEY_NAME

    @property
    def signer_cert(self):
        return self.directory / SIGNER_CERT_NAME

    @property
    def signer_key(self):
        return self.directory / SIGNER_KEY_NAME

    @property
    def signer_p12(self):
        return self.directory / SIGNER_P12_NAME

    def exists(self):
        return all(path.exists() for path in (self.ca_cert, self.ca_key, self.signer_cert, self.signer_key))


def _fit(text, keep_end="", limit=64):
    """``text`` shortened to X.509's 64-byte limit, keeping ``keep_end`` (the test marking) whole."""
    if len(text.encode()) <= limit:
        return text
    head = text[: len(text) - len(keep_end)]
    while len((head + "…" + keep_end).encode()) > limit:
        head = head[:-1]
    return head + "…" + keep_end


def _name(common_name, organisation):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name, keep_end=TEST_SUFFIX)),
        ]
    )


def new_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue_certificate(subject, public_key, *, issuer, issuer_key, ca=False, extended_usage=None, days=3650):
    """A certificate for ``public_key`` signed by ``issuer_key`` (self-signed when issuer is None)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if extended_usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended_usage), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path, data, private=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    if private:
        temporary.chmod(0o600)
    temporary.replace(path)


def create_test_pki(directory, *, organisation, password, common_name=None, force=False):
    """Write a test CA and a signer certificate (PEM files and a PKCS#12) into ``directory``.

    ``common_name`` names the signer (default: the organisation). An existing key pair is
    kept (``force`` makes new ones); the PKCS#12 file is rewritten from it with ``password``.
    Returns ``(TestPki, created)``.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    pki = TestPki(Path(directory))
    created = force or not pki.exists()
    if created:
        ca_key = new_key()
        ca_cert = issue_certificate(
            _name(f"Tổ chức chứng thực – {TEST_SUFFIX}", organisation),
            ca_key.public_key(),
            issuer=None,
            issuer_key=ca_key,
            ca=True,
        )
        signer_key = new_key()
        signer_cert = issue_certificate(
            _name(f"{common_name or organisation} – {TEST_SUFFIX}", organisation),
            signer_key.public_key(),
            issuer=ca_cert,
            issuer_key=ca_key,
        )
        pem_key = {
            "encoding": serialization.Encoding.PEM,
            "format": serialization.PrivateFormat.PKCS8,
            "encryption_algorithm": serialization.NoEncryption(),
        }
        _write(pki.ca_key, ca_key.private_bytes(**pem_key), private=True)
        _write(pki.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
        _write(pki.signer_key, signer_key.private_bytes(**pem_key), private=True)
        _write(pki.signer_cert, signer_cert.public_bytes(serialization.Encoding.PEM))
    else:
        ca_cert = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
        signer_key = serialization.load_pem_private_key(pki.signer_key.read_bytes(), password=None)
        signer_cert = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    p12 = pkcs12.serialize_key_and_certificates(b"signer", signer_key, signer_cert, [ca_cert], encryption)
    _write(pki.signer_p12, p12, private=True)
    return pki, created


def issue_person_p12(pki_directory, target, *, common_name, organisation, password):
    """A TEST certificate for one person (an approver), issued by the test CA in ``pki_directory``,
    written as a PKCS#12 file at ``target``. Returns ``target``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    pki = TestPki(Path(pki_directory))
    ca_key = serialization.load_pem_private_key(pki.ca_key.read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    key = new_key()
    cert = issue_certificate(
        _name(f"{common_name} – {TEST_SUFFIX}", organisation), key.public_key(), issuer=ca_cert, issuer_key=ca_key
    )
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    target = Path(target)
    _write(target, pkcs12.serialize_key_and_certificates(b"signer", key, cert, [ca_cert], encryption), private=True)
    return target
