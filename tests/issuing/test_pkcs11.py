"""Signing with a PKCS#11 token (how Vietnamese officials sign), tested with SoftHSM2."""

import os
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from agenda.models import MonthlyPlan
from issuing import keys
from issuing.keys import SigningUnavailableError
from issuing.models import OfficeSigningKey, Revision
from issuing.services import NotSignedError, publish_plan
from issuing.verification import check_signature
from tests.communes import create_commune, load_commune_plan
from tests.issuing.conftest import pdfsig

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, SO_PIN, LABEL = "ubnd-test", "123456", "87654321", "van-phong"
APPROVER_TOKEN, APPROVER_PIN, APPROVER_LABEL = "lanh-dao", "246810", "chu-ky-lanh-dao"
COMMUNE_LABEL = "xa-tan-yen"  # the commune's seal key, on the province's token (one HSM, a key per office)

pytestmark = pytest.mark.skipif(
    not (os.path.exists(SOFTHSM_LIB) and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")),
    reason="SoftHSM2 and OpenSC (make system-deps) are needed for the PKCS#11 test",
)


def install_commune_key(test_pki, directory, run):
    """The commune's own seal key and certificate, beside the Office's on the same token."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from issuing.certificates import issue_person_p12

    p12 = issue_person_p12(
        test_pki.directory,
        directory / "commune.p12",
        common_name="UBND XÃ TÂN YÊN",
        organisation="UBND XÃ TÂN YÊN",
        password="x",
    )
    key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), b"x")
    key_der, cert_der = directory / "commune-key.der", directory / "commune-cert.der"
    key_der.write_bytes(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    tool = ("pkcs11-tool", "--module", SOFTHSM_LIB, "--token-label", TOKEN, "--login", "--pin", PIN)
    run(*tool, "--write-object", str(key_der), "--type", "privkey", "--label", COMMUNE_LABEL, "--id", "03")
    run(*tool, "--write-object", str(cert_der), "--type", "cert", "--label", COMMUNE_LABEL, "--id", "03")
    key_der.unlink()


def install_approver_key(test_pki, directory, run):
    """A second token in the same SoftHSM2 store: the approver's own key, issued by the test CA."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from issuing.certificates import issue_person_p12

    p12 = issue_person_p12(
        test_pki.directory,
        directory / "approver.p12",
        common_name="Lê Tuấn Phú",
        organisation="VĂN PHÒNG UBND TỈNH BẮC GIANG",
        password="x",
    )
    key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), b"x")
    run("softhsm2-util", "--init-token", "--free", "--label", APPROVER_TOKEN, "--pin", APPROVER_PIN, "--so-pin", SO_PIN)
    key_der, cert_der = directory / "approver-key.der", directory / "approver-cert.der"
    key_der.write_bytes(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    tool = ("pkcs11-tool", "--module", SOFTHSM_LIB, "--token-label", APPROVER_TOKEN, "--login", "--pin", APPROVER_PIN)
    run(*tool, "--write-object", str(key_der), "--type", "privkey", "--label", APPROVER_LABEL, "--id", "02")
    run(*tool, "--write-object", str(cert_der), "--type", "cert", "--label", APPROVER_LABEL, "--id", "02")
    key_der.unlink()


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
    install_commune_key(test_pki, directory, run)
    install_approver_key(test_pki, directory, run)
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
    with pytest.raises(NotSignedError, match="PKCS#11") as raised:
        publish_plan(sample_plan)
    assert isinstance(raised.value.__cause__, SigningUnavailableError)
    assert not Revision.objects.exists()


def test_an_unknown_token_refuses_to_publish_with_a_message(token_settings, sample_plan):
    token_settings.SIGNING_PKCS11_TOKEN = "khong-co"
    with pytest.raises(NotSignedError, match="PKCS#11") as raised:
        publish_plan(sample_plan)
    assert isinstance(raised.value.__cause__, SigningUnavailableError)
    assert not Revision.objects.exists()


@pytest.fixture(scope="module")
def approver_token(token):
    """The approver's own token (made with the Office's: SoftHSM2 lists its tokens once per process)."""
    return APPROVER_TOKEN


def test_the_approver_signs_with_their_own_token_and_the_pin_typed_at_signing(
    token_settings, approver_token, sample_plan, approver, clerk, client
):
    import re

    from issuing import services as issuing
    from issuing.models import SignerProfile

    SignerProfile.objects.create(user=approver, pkcs11_token_label=approver_token, pkcs11_key_label=APPROVER_LABEL)
    issuing.submit(sample_plan, approver)
    client.force_login(approver)
    page = client.get("/van-phong/bac-giang/ke-hoach/2024/01/ky/").text
    assert "Mã PIN thiết bị ký số" in page
    sha256 = re.search(r"data-sha256>([0-9a-f]{64})<", page).group(1)
    missing = client.post("/van-phong/bac-giang/ke-hoach/2024/01/ky/", {"sha256": sha256})
    assert "Hãy nhập mã PIN" in missing.text
    wrong = client.post("/van-phong/bac-giang/ke-hoach/2024/01/ky/", {"sha256": sha256, "pin": "000000"})
    assert wrong.status_code == 409 and "PKCS#11" in wrong.text
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == "review"
    signed = client.post("/van-phong/bac-giang/ke-hoach/2024/01/ky/", {"sha256": sha256, "pin": APPROVER_PIN})
    assert signed.status_code == 302, re.findall(r"data-sign-error>([^<]*)<", signed.text)
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == "signed"
    assert APPROVER_PIN.encode() not in b"".join(
        str(value).encode() for value in SignerProfile.objects.values_list().get()
    )  # the PIN is never stored
    revision = issuing.seal(sample_plan, clerk)
    check = check_signature(bytes(revision.pdf))
    assert check.ours
    assert [info.signer for info in check.signatures] == [
        "Lê Tuấn Phú – CHỨNG THƯ THỬ NGHIỆM",
        "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM",
    ]


def test_after_a_signature_with_the_right_pin_the_next_one_still_asks_for_it(token_settings, approver_token):
    """Nothing of a token's session outlives its signature: no signer, no PIN kept between two."""
    from weasyprint import HTML

    from issuing import appearance, keys, signing

    content = HTML(string="<p>Chương trình công tác</p>").write_pdf()

    def sign_with(pin):
        stamp, _layout = appearance.approver_stamp((0, 320, 420, 520, 500), appearance.signature_image(b"", "X"))
        identity = keys.Pkcs11Identity(
            library=SOFTHSM_LIB, token_label=approver_token, key_label=APPROVER_LABEL, pin=pin
        )
        return signing.sign_document(
            content, identity=identity, stamp=stamp, signer_name="X", location="", reason=signing.APPROVER_REASON
        )

    signed = sign_with(APPROVER_PIN)
    assert "Lê Tuấn Phú" in signed.certificate_subject and check_signature(signed.content).intact
    with pytest.raises(SigningUnavailableError, match="PKCS#11"):
        sign_with("000000")
    with pytest.raises(SigningUnavailableError, match="PKCS#11"):
        sign_with("")
    assert "Lê Tuấn Phú" in sign_with(APPROVER_PIN).certificate_subject


def test_each_office_seals_with_its_own_key_on_the_token_and_the_pin_kept_for_it(
    token_settings, sample_plan, test_pki, tmp_path
):
    for name in ("dev-ca.key", "dev-ca.crt"):  # the approvers' test keys come from the test CA of SIGNING_DIR
        shutil.copy(test_pki.directory / name, tmp_path / name)
    token_settings.SIGNING_DIR = str(tmp_path)
    commune = create_commune()
    OfficeSigningKey.objects.create(office=commune, pkcs11_token_label=TOKEN, pkcs11_key_label=COMMUNE_LABEL)
    (tmp_path / keys.OFFICES_DIR).mkdir()
    (tmp_path / keys.OFFICES_DIR / "xa-tan-yen.pin").write_text(PIN)
    token_settings.SIGNING_PKCS11_PIN = "000000"  # the settings' PIN is wrong: the commune's own file gives it
    publish_plan(load_commune_plan(commune))
    assert check_signature(bytes(Revision.objects.get().pdf)).signer == "UBND XÃ TÂN YÊN – CHỨNG THƯ THỬ NGHIỆM"
    with pytest.raises(NotSignedError, match="PKCS#11"):  # and the first office's is the settings', wrong here
        publish_plan(sample_plan)
    token_settings.SIGNING_PKCS11_PIN = PIN
    publish_plan(sample_plan)
    signers = {revision.office.slug: check_signature(bytes(revision.pdf)).signer for revision in Revision.objects.all()}
    assert signers == {
        "bac-giang": "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM",
        "xa-tan-yen": "UBND XÃ TÂN YÊN – CHỨNG THƯ THỬ NGHIỆM",
    }
