"""The error e-mail of a server error (500) while signing carries neither the PIN the approver typed nor the
token PIN, key passwords or other secrets of the settings."""

import re

import pytest
from django.core import mail
from django.test import Client

from issuing import services as issuing
from issuing import signing
from issuing.models import SignerProfile
from ubnd_schedule.reporting import SecretsReporterFilter

TYPED_PIN = "864209"
OFFICE_PIN = "579135"
P12_PASSWORD = "mat-khau-tep-khoa-p12"


@pytest.fixture
def error_mail(settings):
    """A production-like error path: ADMINS receive each 500, mail kept in memory, the Office's key on a token."""
    settings.ADMINS = [("Quản trị hệ thống", "quantri@example.gov.vn")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SIGNING_PKCS11_LIB = "/usr/lib/softhsm/libsofthsm2.so"
    settings.SIGNING_PKCS11_PIN = OFFICE_PIN
    settings.SIGNING_P12_PASSWORD = P12_PASSWORD
    return settings


def make_signing_fail(monkeypatch):
    """The token's driver fails in a way nobody foresaw: the view raises, Django answers 500 and mails ADMINS."""

    def explode(*args, **kwargs):
        raise RuntimeError("CKR_DEVICE_ERROR")

    monkeypatch.setattr(signing, "sign_document", explode)


@pytest.fixture
def failing_signer(monkeypatch):
    make_signing_fail(monkeypatch)


def the_report():
    (report,) = [message for message in mail.outbox if message.to == ["quantri@example.gov.vn"]]
    assert "CKR_DEVICE_ERROR" in report.body  # it is the report of this error
    return report.body + "".join(str(content) for content, _type in getattr(report, "alternatives", []))


def test_the_error_mail_of_a_failed_signature_hides_the_typed_pin_and_the_settings_secrets(
    error_mail, failing_signer, sample_plan, approver
):
    SignerProfile.objects.create(user=approver, pkcs11_token_label="lanh-dao", pkcs11_key_label="chu-ky")
    issuing.submit(sample_plan, approver)
    client = Client(raise_request_exception=False)
    client.force_login(approver)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/ky/").text
    sha256 = re.search(r"data-sha256>([0-9a-f]{64})<", page).group(1)

    response = client.post("/van-phong/bac-giang/ke-hoach/2024/01/ky/", {"sha256": sha256, "pin": TYPED_PIN})

    assert response.status_code == 500
    report = the_report()
    assert "pin = '********************'" in report
    assert "SIGNING_PKCS11_PIN = '********************'" in report
    assert "SIGNING_P12_PASSWORD = '********************'" in report
    for secret in (TYPED_PIN, OFFICE_PIN, P12_PASSWORD):
        assert secret not in report


def test_the_error_mail_of_a_failed_seal_hides_the_office_pin(error_mail, sample_plan, clerk, monkeypatch):
    error_mail.SIGNING_PKCS11_LIB = ""  # the approver signs with their test identity first
    plan = issuing.submit(sample_plan, None)
    issuing.sign(plan, None, expected_sha256=issuing.prepare_signing(plan).sha256)
    error_mail.SIGNING_PKCS11_LIB = "/usr/lib/softhsm/libsofthsm2.so"  # then the Office's token fails
    make_signing_fail(monkeypatch)
    client = Client(raise_request_exception=False)
    client.force_login(clerk)

    response = client.post("/van-phong/bac-giang/ke-hoach/2024/01/phat-hanh/", {"note": ""})

    assert response.status_code == 500
    report = the_report()
    assert "SIGNING_PKCS11_PIN = '********************'" in report
    assert OFFICE_PIN not in report and P12_PASSWORD not in report


@pytest.mark.parametrize(
    "name",
    [
        "SIGNING_PKCS11_PIN",
        "SIGNING_APPROVER_PIN",
        "SIGNING_P12_PASSWORD",
        "EMAIL_HOST_PASSWORD",
        "S3_SECRET_KEY",
        "S3_ACCESS_KEY",
        "SECRET_KEY",
        "API_TOKEN",
        "GOOGLE_CREDENTIALS",
        "PRIVATE_KEY_PATH",
    ],
)
def test_every_setting_named_like_a_secret_is_masked_in_reports(name):
    assert SecretsReporterFilter().cleanse_setting(name, "bi-mat") == SecretsReporterFilter.cleansed_substitute


def test_a_password_inside_a_url_setting_is_masked_in_reports():
    filtered = SecretsReporterFilter().cleanse_setting(
        "CACHES", {"default": {"LOCATION": "redis://ubnd:bi-mat@cache.example.gov.vn:6379/1"}}
    )
    assert filtered == {"default": {"LOCATION": "redis://ubnd:********************@cache.example.gov.vn:6379/1"}}
    assert SecretsReporterFilter().cleanse_setting("SITE_URL", "https://lich.example.gov.vn") == (
        "https://lich.example.gov.vn"
    )
