"""Two offices issue the same month: each its own numbers, its own revisions, its own seal key (issue 20)."""

import io
import shutil

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils.reader import PdfFileReader

from agenda.models import MonthlyPlan, Office
from issuing import certificates, identities, keys
from issuing.models import OfficeSigningKey, Revision
from issuing.services import NotSignedError, publish_plan, verify_document
from issuing.verification import check_signature
from programme.services import start_amendment
from tests.communes import create_commune, load_commune_plan
from tests.issuing.conftest import pdfsig_signatures, pdftotext

pytestmark = pytest.mark.django_db

TEST_MARK = "– CHỨNG THƯ THỬ NGHIỆM"


def written(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def seal_certificate(content):
    """The certificate of the office's seal: the file's last signature."""
    return PdfFileReader(io.BytesIO(content)).embedded_signatures[-1].signer_cert


def test_two_offices_issue_the_same_month_with_their_own_numbers_and_each_its_own_seal(sample_plan, tmp_path):
    commune_plan = load_commune_plan()
    publish_plan(sample_plan)
    publish_plan(commune_plan)

    province, commune = Office.objects.get_solo(), Office.objects.get(slug="xa-tan-yen")
    province_revision = Revision.objects.of(province).get(year=2024, month=1)
    commune_revision = Revision.objects.of(commune).get(year=2024, month=1)
    assert (province_revision.number, commune_revision.number) == (1, 1)  # each office's Bản 1
    assert (province_revision.register_number, commune_revision.register_number) == (1, 1)
    province_pdf = written(tmp_path, "tinh.pdf", bytes(province_revision.pdf))
    commune_pdf = written(tmp_path, "xa.pdf", bytes(commune_revision.pdf))
    assert "Số: 01/CTr-VP" in pdftotext(province_pdf) and "Số: 01/CTr-UBND" not in pdftotext(province_pdf)
    commune_text = pdftotext(commune_pdf)
    assert "Số: 01/CTr-UBND" in commune_text and "TM. ỦY BAN NHÂN DÂN" in commune_text

    reports = {name: pdfsig_signatures(path) for name, path in (("tinh", province_pdf), ("xa", commune_pdf))}
    for signatures in reports.values():
        assert len(signatures) == 2  # the approver's, then the office's over the whole file
        assert all(signature["Signature Validation"] == "Signature is Valid." for signature in signatures)
        assert "Total document signed" in signatures[1]
    assert reports["tinh"][1]["Signer Certificate Common Name"] == f"VĂN PHÒNG {TEST_MARK}"
    assert reports["xa"][1]["Signer Certificate Common Name"] == f"UBND XÃ TÂN YÊN {TEST_MARK}"
    assert f"O={commune}," in reports["xa"][1]["Signer full Distinguished Name"]
    assert f"O={commune}," in reports["xa"][0]["Signer full Distinguished Name"]  # the approver signs for it too
    assert f"O={province}," in reports["tinh"][1]["Signer full Distinguished Name"]
    # Two keys, not one key with two names.
    keys_used = {seal_certificate(bytes(revision.pdf)).public_key.dump() for revision in Revision.objects.all()}
    assert len(keys_used) == 2
    assert check_signature(bytes(province_revision.pdf)).ours and check_signature(bytes(commune_revision.pdf)).ours


def test_each_office_numbers_its_own_revisions_of_a_month(sample_plan):
    commune_plan = publish_plan(load_commune_plan())
    publish_plan(sample_plan)
    publish_plan(start_amendment(commune_plan))
    commune = commune_plan.office
    assert list(Revision.objects.of(commune).values_list("number", flat=True).order_by("number")) == [1, 2]
    assert list(Revision.objects.of(Office.objects.get_solo()).values_list("number", flat=True)) == [1]


def test_an_office_without_a_key_of_its_own_never_seals_with_another_offices(sample_plan, settings):
    settings.SIGNING_DEV_IDENTITIES = False  # production: no test keys
    commune_plan = load_commune_plan()
    assert keys.signing_configured()  # the first office's key is there, and stays the first office's
    with pytest.raises(NotSignedError, match="chưa có khóa ký số") as refused:
        publish_plan(commune_plan)
    assert "co-quan/xa-tan-yen.p12" in str(refused.value)
    assert MonthlyPlan.objects.get(pk=commune_plan.pk).status == MonthlyPlan.Status.DRAFT  # not even submitted
    assert not Revision.objects.exists()


@pytest.fixture
def own_signing_dir(test_pki, settings, tmp_path):
    """A SIGNING_DIR of this test's own, with the session's test CA (for the approvers' test keys)."""
    for name in (certificates.CA_KEY_NAME, certificates.CA_CERT_NAME):
        shutil.copy(test_pki.directory / name, tmp_path / name)
    settings.SIGNING_DIR = str(tmp_path)
    return tmp_path


def test_an_office_seals_with_its_pkcs12_file_and_the_password_kept_beside_it(own_signing_dir, test_pki):
    commune = create_commune()
    key_file = own_signing_dir / keys.OFFICES_DIR / "xa-tan-yen.p12"
    certificates.issue_person_p12(
        test_pki.directory,
        key_file,
        common_name="UBND xã Tân Yên, khóa riêng",
        organisation="UBND XÃ TÂN YÊN",
        password="mat-khau-cua-xa",
    )
    key_file.with_suffix(".password").write_text("mat-khau-cua-xa\n")
    assert keys.office_key_path(commune.slug) == key_file
    revision = publish_plan(load_commune_plan(commune)).revisions.get()
    subject = seal_certificate(bytes(revision.pdf)).subject.native
    assert subject["common_name"] == f"UBND xã Tân Yên, khóa riêng {TEST_MARK}"
    assert not (own_signing_dir / identities.DEV_OFFICES_DIR).exists()  # its own key, no test key made


def test_a_wrong_password_beside_an_offices_key_refuses_with_a_message(own_signing_dir, test_pki):
    commune = create_commune()
    key_file = own_signing_dir / keys.OFFICES_DIR / "xa-tan-yen.p12"
    certificates.issue_person_p12(
        test_pki.directory, key_file, common_name="Xã", organisation="UBND XÃ TÂN YÊN", password="dung"
    )
    key_file.with_suffix(".password").write_text("sai")
    with pytest.raises(NotSignedError, match="Không đọc được tệp khóa"):
        publish_plan(load_commune_plan(commune))
    assert not Revision.objects.exists()


def test_signing_for_an_office_without_the_test_ca_says_what_to_run(settings, tmp_path):
    settings.SIGNING_DIR = str(tmp_path)
    commune = create_commune()
    with pytest.raises(keys.SigningUnavailableError, match="make_dev_certificate --office xa-tan-yen"):
        identities.office_identity(commune)


@pytest.fixture
def dev_settings(settings, tmp_path):
    """The development defaults, pointed at a temp dir (as tests/issuing/test_commands_and_agency.py's)."""
    directory = tmp_path / "signing"
    settings.SIGNING_P12_PATH = str(directory / "dev-signer.p12")
    settings.SIGNING_P12_PASSWORD = "dev-only-not-secret"
    settings.SIGNING_TRUST_ROOTS = [str(directory / "dev-ca.crt")]
    settings.SIGNING_DIR = str(directory)
    return directory


def subject_of(p12_path, password):
    from cryptography.hazmat.primitives.serialization import pkcs12

    _key, certificate, _chain = pkcs12.load_key_and_certificates(p12_path.read_bytes(), password.encode())
    return {
        oid: certificate.subject.get_attributes_for_oid(oid)[0].value
        for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME)
    }


def test_make_dev_certificate_with_office_makes_that_offices_test_key_naming_it(dev_settings, sample_plan):
    commune = create_commune()
    out = io.StringIO()
    call_command("make_dev_certificate", "--office", "xa-tan-yen", stdout=out)
    assert "Đã tạo chứng thư thử nghiệm" in out.getvalue() and "UBND XÃ TÂN YÊN" in out.getvalue()
    key_file = dev_settings / identities.DEV_OFFICES_DIR / "xa-tan-yen.p12"
    subject = subject_of(key_file, identities.DEV_PASSWORD)
    assert subject == {NameOID.COMMON_NAME: f"UBND XÃ TÂN YÊN {TEST_MARK}", NameOID.ORGANIZATION_NAME: str(commune)}
    ca = x509.load_pem_x509_certificate((dev_settings / "dev-ca.crt").read_bytes())
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.endswith("CHỨNG THƯ THỬ NGHIỆM")
    # The first office's key is where the settings find it, as before (make demo runs it without --office).
    assert subject_of(dev_settings / "dev-signer.p12", "dev-only-not-secret")[NameOID.COMMON_NAME] == (
        f"VĂN PHÒNG {TEST_MARK}"
    )

    kept = key_file.read_bytes()
    out = io.StringIO()
    call_command("make_dev_certificate", "--office", "xa-tan-yen", stdout=out)
    assert "Giữ nguyên" in out.getvalue() and key_file.read_bytes() == kept
    call_command("make_dev_certificate", "--office", "xa-tan-yen", "--force", stdout=io.StringIO())
    assert key_file.read_bytes() != kept
    revision = publish_plan(load_commune_plan(commune)).revisions.get()
    assert check_signature(bytes(revision.pdf)).ours


def test_make_dev_certificate_without_office_is_the_first_offices_even_among_several(dev_settings):
    create_commune()
    call_command("make_dev_certificate", stdout=io.StringIO())
    assert (dev_settings / "dev-signer.p12").is_file()
    assert not (dev_settings / identities.DEV_OFFICES_DIR).exists()


def test_make_dev_certificate_refuses_an_unknown_office_and_outside_development(dev_settings, settings):
    with pytest.raises(CommandError, match="Không có cơ quan nào có đường dẫn “khong-co”"):
        call_command("make_dev_certificate", "--office", "khong-co", stdout=io.StringIO())
    settings.SIGNING_DEV_IDENTITIES = False
    with pytest.raises(CommandError, match="Chỉ tạo chứng thư thử nghiệm khi phát triển"):
        call_command("make_dev_certificate", stdout=io.StringIO())
    assert not dev_settings.exists()


def test_a_new_test_ca_drops_the_test_keys_the_old_one_issued(dev_settings, sample_plan):
    commune = create_commune()
    call_command("make_dev_certificate", "--office", "xa-tan-yen", stdout=io.StringIO())
    publish_plan(load_commune_plan(commune))  # issues the approver's test key too
    assert (dev_settings / identities.PEOPLE_DIR / "xa-tan-yen").is_dir()
    call_command("make_dev_certificate", "--force", stdout=io.StringIO())  # a new CA
    assert not (dev_settings / identities.DEV_OFFICES_DIR).exists()
    assert not (dev_settings / identities.PEOPLE_DIR).exists()
    revision = publish_plan(sample_plan).revisions.get()
    assert check_signature(bytes(revision.pdf)).ours


def test_an_office_key_on_a_token_without_the_pkcs11_library_refuses_with_a_message(settings, sample_plan):
    settings.SIGNING_PKCS11_LIB = ""
    commune = create_commune()
    OfficeSigningKey.objects.create(office=commune, pkcs11_key_label="xa-tan-yen")
    with pytest.raises(NotSignedError, match="SIGNING_PKCS11_LIB"):
        publish_plan(load_commune_plan(commune))
    assert not Revision.objects.exists()


def test_verifying_a_communes_pdf_names_the_commune_that_issued_it(sample_plan):
    revision = publish_plan(load_commune_plan()).revisions.get()
    report = verify_document(bytes(revision.pdf))
    assert report.ok and report.revision == revision and report.office == revision.office
    assert verify_document(b"%PDF-1.4 not ours").office == Office.objects.get_solo()


def test_an_administrator_sets_where_an_offices_key_is_on_the_token(client, settings):
    from django.contrib.auth.models import User

    commune = create_commune()
    client.force_login(User.objects.create_superuser("quantri", "quantri@example.org", "mat-khau-dai-2024"))
    response = client.post(
        "/admin/issuing/officesigningkey/add/",
        {"office": commune.pk, "pkcs11_token_label": "hsm-tinh", "pkcs11_key_label": "xa-tan-yen"},
    )
    assert response.status_code == 302
    settings.SIGNING_PKCS11_LIB = "/usr/lib/softhsm/libsofthsm2.so"
    settings.SIGNING_PKCS11_PIN = "123456"
    identity = identities.office_identity(commune)
    assert isinstance(identity, keys.Pkcs11Identity)
    assert (identity.token_label, identity.key_label, identity.pin) == ("hsm-tinh", "xa-tan-yen", "123456")
    assert "123456" not in repr(identity)
    # The first office keeps the settings' token and key.
    settings.SIGNING_PKCS11_KEY_LABEL = "van-phong"
    assert identities.office_identity(Office.objects.get_solo()).key_label == "van-phong"
