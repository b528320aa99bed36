"""Signing and checking arbitrary PDFs with the configured key (no database needed)."""

import datetime

import pytest

from agenda.models import Office
from issuing import signing
from tests.issuing.conftest import pdfsig, pdftotext, tampered

BOX = (0, 320, 420, 520, 500)
MOMENT = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def unsigned_pdf():
    from weasyprint import HTML

    return HTML(string="<p>Chương trình công tác tháng 01 năm 2024</p>").write_pdf()


@pytest.fixture
def office():
    return Office(parent_body="UBND TỈNH BẮC GIANG", name="VĂN PHÒNG", place="Bắc Giang")


@pytest.fixture
def signed(unsigned_pdf, office):
    return signing.sign_pdf(unsigned_pdf, box=BOX, office=office, signer_name="Nguyễn Văn Hải", moment=MOMENT)


def test_signed_pdf_is_valid_for_poppler_and_pyhanko(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not adbe.pkcs7
    check = signing.check_signature(signed)
    assert check.ours and check.problems == []
    assert check.signer == "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM"
    assert check.organisation == "VĂN PHÒNG UBND TỈNH BẮC GIANG"
    assert check.signed_at == MOMENT
    assert check.timestamped_at is None  # B-B without a timestamp server


def test_one_changed_byte_is_rejected_by_poppler_and_pyhanko(signed, tmp_path):
    path = tmp_path / "changed.pdf"
    path.write_bytes(tampered(signed))
    assert "Signature is Valid" not in pdfsig(path)
    check = signing.check_signature(path.read_bytes())
    assert not check.valid and not check.ours
    assert check.problems


def test_bytes_appended_after_signing_are_reported(signed):
    check = signing.check_signature(signed + b"\n% added later\n")
    assert not check.ours


def test_signature_from_an_untrusted_ca_is_intact_but_not_ours(signed, settings):
    settings.SIGNING_TRUST_ROOTS = []
    check = signing.check_signature(signed)
    assert check.valid and not check.trusted and not check.ours


def test_stamp_shows_signer_organisation_and_iso_time_with_vietnamese_diacritics(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    text = pdftotext(path)
    assert "Ký bởi: Nguyễn Văn Hải" in text
    assert "Cơ quan: VĂN PHÒNG UBND TỈNH BẮC GIANG" in text
    assert "Thời gian ký: 2024-01-02T10:04:05+07:00" in text  # the signature's own time, Vietnam offset


def test_stamp_sits_in_the_signature_box_with_the_red_seal_over_its_left_third(signed, tmp_path):
    import subprocess

    from PIL import Image

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")
    _index, x1, y1, x2, y2 = BOX
    top, bottom = page.height - y2, page.height - y1  # PDF origin is bottom left

    def red_pixels(left, right):
        region = pixels(page.crop((left, top, right, bottom)))
        return sum(1 for r, g, b in region if r > 150 and g < 110 and b < 110)

    third = (x2 - x1) // 3
    assert red_pixels(x1, x1 + third) > 500  # the seal
    assert red_pixels(x1 + 2 * third, x2) == 0
    assert red_pixels(0, x1) == 0  # nothing outside the box


def test_stamp_font_has_1000_units_per_em():
    from fontTools.ttLib import TTFont

    from issuing.appearance import stamp_font_path

    assert TTFont(stamp_font_path())["head"].unitsPerEm == 1000


def test_generated_seal_is_red_round_and_transparent(office):
    from issuing.appearance import seal_image

    image = seal_image(office, size=200)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # transparent corner
    red = [pixel for pixel in pixels(image) if pixel[3] > 200]
    assert red and all(pixel[0] > 150 and pixel[1] < 120 and pixel[2] < 120 for pixel in red)


def test_configured_seal_image_replaces_the_generated_one(office, settings, tmp_path):
    from PIL import Image

    from issuing.appearance import seal_image

    path = tmp_path / "con-dau.png"
    Image.new("RGBA", (50, 50), (0, 0, 255, 255)).save(path)
    settings.SIGNING_SEAL_IMAGE = str(path)
    assert seal_image(office).getpixel((25, 25)) == (0, 0, 255, 255)


def test_with_a_timestamp_server_the_signature_is_pades_b_t(unsigned_pdf, office, settings, timestamp_server):
    settings.SIGNING_TSA_URL = timestamp_server.url
    content = signing.sign_pdf(unsigned_pdf, box=BOX, office=office, signer_name="Nguyễn Văn Hải")
    assert len(timestamp_server.requests) >= 1
    check = signing.check_signature(content)
    assert check.ours
    assert check.timestamped_at is not None


def test_unreachable_timestamp_server_fails_signing_with_a_message(unsigned_pdf, office, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"
    with pytest.raises(signing.SigningFailedError, match="Không ký số được"):
        signing.sign_pdf(unsigned_pdf, box=BOX, office=office, signer_name="A")


def test_without_a_key_signing_is_refused_with_a_message(unsigned_pdf, office, settings, tmp_path):
    settings.SIGNING_P12_PATH = str(tmp_path / "khong-co.p12")
    assert not signing.signing_configured()
    with pytest.raises(signing.SigningUnavailableError, match="Chưa cấu hình khóa ký số"):
        signing.sign_pdf(unsigned_pdf, box=BOX, office=office, signer_name="A")


def test_wrong_pkcs12_password_is_refused_with_a_message(unsigned_pdf, office, settings):
    settings.SIGNING_P12_PASSWORD = "sai-mat-khau"
    with pytest.raises(signing.SigningUnavailableError, match="Không đọc được tệp khóa"):
        signing.sign_pdf(unsigned_pdf, box=BOX, office=office, signer_name="A")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf", "không phải là tệp PDF"),
        (b"%PDF-1.7\n garbage", "Không đọc được tệp PDF"),
    ],
)
def test_checking_bad_input_reports_instead_of_raising(content, message):
    check = signing.check_signature(content)
    assert not check.signed and message in " ".join(check.problems)


def test_checking_an_unsigned_pdf_says_it_has_no_signature(unsigned_pdf):
    check = signing.check_signature(unsigned_pdf)
    assert check.is_pdf and not check.signed
    assert "không có chữ ký số" in check.problems[0]


def pixels(image):
    """The image's pixels as tuples (Image.getdata is deprecated in Pillow 12)."""
    bands = len(image.getbands())
    data = image.tobytes()
    return [tuple(data[index : index + bands]) for index in range(0, len(data), bands)]
