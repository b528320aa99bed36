"""Signing with a PKCS#11 token (how Vietnamese officials sign), tested with SoftHSM2."""

import os
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from issuing.models import Revision
from issuing.services import publish_plan
from issuing.signing import SigningUnavailableError, check_signature
from tests.issuing.conftest import pdfsig

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, SO_PIN, LABEL = "ubnd-test", "123456", "87654321", "van-phong"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(SOFTHSM_LIB) and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")),
    reason="SoftHSM2 and OpenSC (make system-deps) are needed for the PKCS#11 test",
)


@pytest.fixture(scope="module")
def token(test_pki, tmp_path_factory):
    """A SoftHSM2 token in a temp dir holding the test signer's key and certificate."""
    directory = tmp_path_factory.mktemp("softhsm")
    (directory / "tokens").mkdir()
    config = directory / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    env = {**os.environ}

    def run(*command):
        subprocess.run(command, check=True, capture_output=True, env=env)

    run("softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN)
    key = serialization.load_pem_private_key(test_pki.signer_key.read_bytes(), password=None)
    key_der = directory / "key.der"
    key_der.write_bytes(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_der = directory / "cert.der"
    cert_der.write_bytes(
        x509.load_pem_x509_certificate(test_pki.signer_cert.read_bytes()).public_bytes(serialization.Encoding.DER)
    )
    tool = ("pkcs11-tool", "--module", SOFTHSM_LIB, "--token-label", TOKEN, "--login", "--pin", PIN)
    run(*tool, "--write-object", str(key_der), "--type", "privkey", "--label", LABEL, "--id", "01")
    run(*tool, "--write-object", str(cert_der), "--type", "cert", "--label", LABEL, "--id", "01")
    key_der.unlink()
    yield config
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def token_settings(token, settings, tmp_path):
    settings.SIGNING_PKCS11_LIB = SOFTHSM_LIB
    settings.SIGNING_PKCS11_TOKEN = TOKEN
    settings.SIGNING_PKCS11_PIN = PIN
    settings.SIGNING_PKCS11_KEY_LABEL = LABEL
    settings.SIGNING_P12_PATH = str(tmp_path / "no-file.p12")  # the token is the only key
    return settings


def test_publishing_signs_with_the_key_on_the_token(token_settings, sample_plan, tmp_path):
    publish_plan(sample_plan)
    content = bytes(Revision.objects.get().pdf)
    path = tmp_path / "token.pdf"
    path.write_bytes(content)
    assert "Signature is Valid" in pdfsig(path)
    check = check_signature(content)
    assert check.ours
    assert check.signer == "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM"


def test_a_wrong_pin_refuses_to_publish_with_a_message(token_settings, sample_plan):
    token_settings.SIGNING_PKCS11_PIN = "000000"
    with pytest.raises(SigningUnavailableError, match="PKCS#11"):
        publish_plan(sample_plan)
    assert not Revision.objects.exists()


def test_an_unknown_token_refuses_to_publish_with_a_message(token_settings, sample_plan):
    token_settings.SIGNING_PKCS11_TOKEN = "khong-co"
    with pytest.raises(SigningUnavailableError, match="PKCS#11"):
        publish_plan(sample_plan)
    assert not Revision.objects.exists()
