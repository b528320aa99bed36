"""Whose key signs: the approver's own identity, and the issuing office's.

Production: each approver's key is on a PKCS#11 token or HSM (SIGNING_PKCS11_LIB); an
administrator sets its labels on the approver's :class:`~issuing.models.SignerProfile` and the
PIN is typed at signing. Each office seals with its own key (:func:`office_identity`): on a token
(labels on its :class:`~issuing.models.OfficeSigningKey`) or in its PKCS#12 file under SIGNING_DIR.
Development and tests (SIGNING_DEV_IDENTITIES): an approver without a token, and an office without a
key, sign with TEST certificates naming them, issued by the development CA that ``make_dev_certificate``
created in SIGNING_DIR.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from agenda.models import Office
from agenda.text import vn_slugify
from issuing import certificates, keys
from issuing.models import OfficeSigningKey, SignerProfile
from ubnd_schedule.storage import object_storage, process_directory

PEOPLE_DIR = "nguoi-ky"
#: The offices' TEST keys (development), apart from the real ones of ``keys.OFFICES_DIR``.
DEV_OFFICES_DIR = "co-quan-thu-nghiem"
#: Test identities only: the files are as good as public, the password just satisfies PKCS#12.
DEV_PASSWORD = "dev-only-not-secret"


def profile_of(user):
    """The user's signer profile, or an unsaved empty one."""
    if user is None:
        return SignerProfile()
    return SignerProfile.objects.filter(user=user).first() or SignerProfile(user=user)


def display_name(user, profile=None):
    profile = profile or profile_of(user)
    if profile.full_name:
        return profile.full_name
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def uses_token(profile):
    return bool(settings.SIGNING_PKCS11_LIB and profile.pkcs11_key_label)


def needs_pin(user):
    """Whether signing as ``user`` asks for a PIN (their key is on a token)."""
    return uses_token(profile_of(user))


def approver_identity(user, *, office, pin="", name=""):
    """The identity ``user`` signs ``office``'s programme with (``name`` names the test identity of a command
    without a user)."""
    profile = profile_of(user)
    if uses_token(profile):
        return keys.Pkcs11Identity(
            library=settings.SIGNING_PKCS11_LIB,
            token_label=profile.pkcs11_token_label,
            key_label=profile.pkcs11_key_label,
            pin=pin,
        )
    if settings.SIGNING_DEV_IDENTITIES:
        return dev_identity(display_name(user, profile) if user is not None else name, office)
    raise keys.SigningUnavailableError(
        _("Tài khoản %(user)s chưa được gán khóa ký số (thiết bị PKCS#11): quản trị viên cần khai báo nhãn khóa.")
        % {"user": display_name(user, profile)}
    )


def _require_dev_ca(office):
    if not (Path(settings.SIGNING_DIR) / certificates.CA_KEY_NAME).is_file():
        raise keys.SigningUnavailableError(
            _("Chưa có CA thử nghiệm: chạy “python manage.py make_dev_certificate --office %(slug)s”.")
            % {"slug": office.slug}
        )


def dev_identity(common_name, office):
    """A TEST identity for ``common_name`` of ``office``, issued once by the development CA and kept beside it."""
    _require_dev_ca(office)
    directory = Path(settings.SIGNING_DIR)
    target = _issued_at_first_use(Path(PEOPLE_DIR) / office.slug / f"{vn_slugify(common_name) or 'nguoi-ky'}.p12")
    if not target.is_file():
        certificates.issue_person_p12(
            directory, target, common_name=common_name, organisation=str(office), password=DEV_PASSWORD
        )
    return keys.Pkcs12Identity(str(target), DEV_PASSWORD)


def _issued_at_first_use(relative):
    """Where a TEST key issued while the app serves is kept: SIGNING_DIR/``relative``; with object storage
    (several app servers, none writing a file of its own) that file when it was issued beforehand
    (``make_dev_certificate``), else a private temporary directory of this process (each node then signs with a
    TEST certificate of its own for the same person, all issued by the same development CA)."""
    kept = Path(settings.SIGNING_DIR) / relative
    if kept.is_file() or not object_storage():
        return kept
    return process_directory("dev-keys") / relative


def dev_office_key_path(office):
    return Path(settings.SIGNING_DIR) / DEV_OFFICES_DIR / f"{office.slug}.p12"


def issue_dev_office_key(office, *, force=False):
    """The TEST key of ``office`` (development): a certificate whose subject names the office, issued by the
    development CA (``make_dev_certificate`` makes it). Kept; ``force`` issues a new one. Returns its path."""
    _require_dev_ca(office)
    target = dev_office_key_path(office)
    if force or not target.is_file():
        _issue_office_key(office, target)
    return target


def _issue_office_key(office, target):
    certificates.issue_person_p12(
        settings.SIGNING_DIR, target, common_name=office.name, organisation=str(office), password=DEV_PASSWORD
    )


def office_identity(office):
    """The identity that seals ``office``'s programmes, the first of:

    1. its key on a PKCS#11 token, when an administrator set its labels (:class:`OfficeSigningKey`);
    2. its PKCS#12 file, ``SIGNING_DIR/co-quan/<slug>.p12`` (``keys.office_file_identity``);
    3. for the installation's first office, the key of the settings, as before offices were many;
    4. in development (SIGNING_DEV_IDENTITIES), its TEST key, issued on first use.

    Never another office's key: otherwise :class:`~issuing.keys.SigningUnavailableError` says what to set.
    """
    signing_key = OfficeSigningKey.objects.filter(office=office).first()
    if signing_key is not None and signing_key.pkcs11_key_label:
        return keys.office_token_identity(
            office.slug, token_label=signing_key.pkcs11_token_label, key_label=signing_key.pkcs11_key_label
        )
    identity = keys.office_file_identity(office.slug)
    if identity.available():
        return identity
    if office.pk == Office.objects.get_solo().pk:
        keys.require_configuration()
        return keys.configured_identity()
    if settings.SIGNING_DEV_IDENTITIES:
        _require_dev_ca(office)
        target = _issued_at_first_use(dev_office_key_path(office).relative_to(settings.SIGNING_DIR))
        if not target.is_file():
            _issue_office_key(office, target)
        return keys.Pkcs12Identity(str(target), DEV_PASSWORD)
    raise keys.SigningUnavailableError(
        _(
            "%(office)s chưa có khóa ký số, nên không ban hành: đặt tệp khóa PKCS#12 của cơ quan tại %(path)s "
            "hoặc khai báo nhãn khóa PKCS#11 của cơ quan (quản trị: “khóa ký số của cơ quan”)."
        )
        % {"office": office, "path": keys.office_key_name(office.slug)}
    )
