"""Whose key signs: the approver's own identity, and the Office's.

Production: each approver's key is on a PKCS#11 token or HSM (SIGNING_PKCS11_LIB); an
administrator sets its labels on the approver's :class:`~issuing.models.SignerProfile` and the
PIN is typed at signing. Development and tests (SIGNING_DEV_IDENTITIES): an approver without a
token signs with a TEST certificate issued for their name by the development CA that
``make_dev_certificate`` created in SIGNING_DIR, next to the Office's test key.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from agenda.models import Office
from agenda.text import vn_slugify
from issuing import certificates, keys
from issuing.models import SignerProfile

PEOPLE_DIR = "nguoi-ky"
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


def approver_identity(user, *, pin="", name=""):
    """The identity ``user`` signs with (``name`` names the test identity of a command without a user)."""
    profile = profile_of(user)
    if uses_token(profile):
        return keys.Pkcs11Identity(
            library=settings.SIGNING_PKCS11_LIB,
            token_label=profile.pkcs11_token_label,
            key_label=profile.pkcs11_key_label,
            pin=pin,
        )
    if settings.SIGNING_DEV_IDENTITIES:
        return dev_identity(display_name(user, profile) if user is not None else name)
    raise keys.SigningUnavailableError(
        _("Tài khoản %(user)s chưa được gán khóa ký số (thiết bị PKCS#11): quản trị viên cần khai báo nhãn khóa.")
        % {"user": display_name(user, profile)}
    )


def dev_identity(common_name):
    """A TEST identity for ``common_name``, issued once by the development CA and kept beside it."""
    directory = Path(settings.SIGNING_DIR)
    if not (directory / certificates.CA_KEY_NAME).is_file():
        raise keys.SigningUnavailableError(_("Chưa có CA thử nghiệm: chạy “python manage.py make_dev_certificate”."))
    target = directory / PEOPLE_DIR / f"{vn_slugify(common_name) or 'nguoi-ky'}.p12"
    if not target.is_file():
        certificates.issue_person_p12(
            directory,
            target,
            common_name=common_name,
            organisation=str(Office.objects.get_solo()),
            password=DEV_PASSWORD,
        )
    return keys.Pkcs12Identity(str(target), DEV_PASSWORD)


def office_identity():
    return keys.office_identity()
