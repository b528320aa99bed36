"""Signing and checking arbitrary PDFs with the configured key (no database needed, but to find a key)."""

import datetime

import pytest
from PIL import Image

from agenda.models import Office
from issuing import appearance, identities, keys, signing, verification
from tests.issuing.conftest import pdfsig, pdftotext, tampered

BOX = (0, 320, 420, 520, 500)  # the PDF's signature box: page, x1, y1, x2, y2 (points)
MOMENT = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
SEALED = datetime.datetime(2024, 1, 2, 4, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def approver_identity(test_pki, tmp_path_factory):
    """The approver's own TEST certificate, issued by the test CA."""
    from issuing.certificates import issue_person_p12

    path = issue_person_p12(
        test_pki.directory,
        tmp_path_factory.mktemp("approver") / "approver.p12",
        common_name="Nguyễn Văn Hải",
        organisation="VĂN PHÒNG UBND TỈNH BẮC GIANG",
        password="test",
    )
    return keys.Pkcs12Identity(str(path), "test")


def approver_signs(content, identity, moment=MOMENT):
    """The approver's signature (their image in the box); returns ``(signed, layout)``."""
    image = appearance.signature_image(b"", "Nguyễn Văn Hải")
    stamp, layout = appearance.approver_stamp(BOX, image)
    signed = signing.sign_document(
        content,
        identity=identity,
        stamp=stamp,
        signer_name="Nguyễn Văn Hải",
        location="Bắc Giang",
        reason=signing.APPROVER_REASON,
        moment=moment,
    )
    return signed.content, layout


def office_seals(content, office, layout, moment=SEALED):
    return signing.sign_document(
        content,
        identity=keys.configured_identity(),
        stamp=appearance.office_stamp(office, layout, moment),
        signer_name=str(office),
        location=office.place,
        reason=signing.OFFICE_REASON,
        moment=moment,
    ).content


@pytest.fixture
def signed(unsigned_pdf, office, approver_identity):
    """Signed by the approver, then sealed by the Office: two incremental signatures."""
    approved, layout = approver_signs(unsigned_pdf, approver_identity)
    return office_seals(approved, office, layout)


def test_two_signatures_are_valid_for_poppler_and_pyhanko_the_office_covering_the_whole_file(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)
    first, second = report.split("Signature #2:")
    assert "Signature #1:" in first and "Signature #3" not in second
    assert "Signer Certificate Common Name: Nguyễn Văn Hải – CHỨNG THƯ THỬ NGHIỆM" in first
    assert "Signature Validation: Signature is Valid." in first
    assert "Total document signed" not in first  # the approver signed the file before the seal
    assert "Signer Certificate Common Name: VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM" in second
    assert "Signature Validation: Signature is Valid." in second
    assert "Total document signed" in second
    assert report.count("ETSI.CAdES.detached") == 2  # PAdES, not adbe.pkcs7
    check = verification.check_signature(signed)
    assert check.ours and check.problems == []
    approver, office = check.signatures
    assert approver.signer == "Nguyễn Văn Hải – CHỨNG THƯ THỬ NGHIỆM" and approver.signed_at == MOMENT
    assert approver.later_changes_allowed and not approver.covers_whole_file
    assert office.signer == "VĂN PHÒNG – CHỨNG THƯ THỬ NGHIỆM" and office.covers_whole_file
    assert office.organisation == "VĂN PHÒNG UBND TỈNH BẮC GIANG"
    assert office.signed_at == SEALED
    assert office.timestamped_at is None  # B-B without a timestamp server


def test_signing_appends_so_the_approvers_file_is_the_start_of_the_sealed_one(unsigned_pdf, office, approver_identity):
    approved, layout = approver_signs(unsigned_pdf, approver_identity)
    assert approved.startswith(unsigned_pdf)
    assert office_seals(approved, office, layout).startswith(approved)


def test_a_change_between_the_two_signatures_is_reported(unsigned_pdf, office, approver_identity):
    """Text added to the page after the approver signed, then sealed: pyHanko's diff analysis sees it."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    approved, layout = approver_signs(unsigned_pdf, approver_identity)
    writer = IncrementalPdfFileWriter(io.BytesIO(approved))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (THEM) Tj ET")
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), writer.add_object(stream)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    check = verification.check_signature(office_seals(out.getvalue(), office, layout))
    assert not check.ours
    assert check.problems == ["Tệp đã bị sửa giữa hai lần ký: ngoài chữ ký, có nội dung được thêm hoặc thay đổi."]


def test_one_changed_byte_is_rejected_by_poppler_and_pyhanko(signed, tmp_path):
    path = tmp_path / "changed.pdf"
    path.write_bytes(tampered(signed))
    assert "Signature is Valid" not in pdfsig(path)
    check = verification.check_signature(path.read_bytes())
    assert not check.valid and not check.ours
    # A changed content says that, and only that (not that the certificate is untrusted).
    assert check.problems == ["Nội dung đã bị thay đổi sau khi ký: chữ ký số không còn nguyên vẹn."]


def test_bytes_appended_after_signing_are_reported(signed):
    check = verification.check_signature(signed + b"\n% added later\n")
    assert not check.ours


def test_signature_from_an_untrusted_ca_is_intact_but_not_ours(signed, settings):
    settings.SIGNING_TRUST_ROOTS = []
    check = verification.check_signature(signed)
    assert check.valid and not check.trusted and not check.ours


def test_office_stamp_shows_the_office_and_iso_time_with_vietnamese_diacritics(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    text = pdftotext(path)
    assert "Ký bởi: VĂN PHÒNG UBND TỈNH BẮC GIANG" in text
    assert "Thời gian ký: 2024-01-02T11:00:00+07:00" in text  # the seal's own time, Vietnam offset


def test_signature_image_is_blue_in_the_box_and_the_seal_red_over_its_left_third(signed, tmp_path):
    import subprocess

    from PIL import Image

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")
    _index, x1, y1, x2, y2 = BOX
    top, bottom = page.height - y2, page.height - y1  # PDF origin is bottom left
    image = appearance.signature_image(b"", "Nguyễn Văn Hải")
    left, _bottom, right, _top = appearance.approver_box(BOX[1:], image.size)

    def count(colour, area_left, area_right, area_top=top, area_bottom=bottom):
        region = pixels(page.crop((int(area_left), int(area_top), int(area_right), int(area_bottom))))
        return sum(1 for pixel in region if colour(*pixel))

    def red(r, g, b):
        return r > 150 and g < 110 and b < 110

    def blue(r, g, b):
        return b > 120 and r < 90 and g < 110

    third = (right - left) / 3
    assert count(blue, left + third, right) > 200  # the signature, right of the seal
    assert count(red, left - third, left + third) > 500  # the seal over the left third
    assert count(red, left + 2 * third, x2) == 0  # and not over the rest
    assert count(blue, 0, x1) == count(red, 0, x1 - 60) == 0  # nothing far outside the box


def test_stamp_font_has_1000_units_per_em():
    from fontTools.ttLib import TTFont

    from issuing.stamp_font import stamp_font_path

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
    approved, layout = approver_signs(unsigned_pdf, keys.configured_identity())
    content = office_seals(approved, office, layout)
    assert len(timestamp_server.requests) >= 2
    check = verification.check_signature(content)
    assert check.ours
    assert check.timestamped_at is not None


def test_unreachable_timestamp_server_fails_signing_with_a_message(unsigned_pdf, office, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"
    with pytest.raises(signing.SigningFailedError, match="Không ký số được"):
        office_seals(unsigned_pdf, office, appearance.approver_stamp(BOX, Image.new("RGBA", (40, 20)))[1])


@pytest.mark.django_db
def test_without_a_key_signing_is_refused_with_a_message(settings, tmp_path):
    settings.SIGNING_P12_PATH = str(tmp_path / "khong-co.p12")
    assert not keys.signing_configured()
    with pytest.raises(keys.SigningUnavailableError, match="Chưa cấu hình khóa ký số"):
        identities.office_identity(Office.objects.get_solo())


def test_wrong_pkcs12_password_is_refused_with_a_message(unsigned_pdf, office, settings):
    settings.SIGNING_P12_PASSWORD = "sai-mat-khau"
    with pytest.raises(keys.SigningUnavailableError, match="Không đọc được tệp khóa"):
        office_seals(unsigned_pdf, office, appearance.approver_stamp(BOX, Image.new("RGBA", (40, 20)))[1])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a not a pdf", "không phải là tệp PDF"),
        (b"%PDF-1.7\n garbage", "Không đọc được tệp PDF"),
    ],
)
def test_checking_bad_input_reports_instead_of_raising(content, message):
    check = verification.check_signature(content)
    assert not check.signed and message in " ".join(check.problems)


def test_checking_an_unsigned_pdf_says_it_has_no_signature(unsigned_pdf):
    check = verification.check_signature(unsigned_pdf)
    assert check.is_pdf and not check.signed
    assert "không có chữ ký số" in check.problems[0]


def pixels(image):
    """The image's pixels as tuples (Image.getdata is deprecated in Pillow 12)."""
    bands = len(image.getbands())
    data = image.tobytes()
    return [tuple(data[index : index + bands]) for index in range(0, len(data), bands)]


def test_a_container_larger_than_the_reserved_room_is_signed_again_with_the_estimate(
    unsigned_pdf, office, approver_identity, monkeypatch
):
    monkeypatch.setattr(signing, "RESERVED_HEX_DIGITS", 256)  # far too small for any CMS
    approved, layout = approver_signs(unsigned_pdf, approver_identity)
    check = verification.check_signature(office_seals(approved, office, layout))
    assert check.ours and len(check.signatures) == 2


def test_the_approvers_stamp_embeds_no_font(unsigned_pdf, approver_identity, tmp_path):
    import subprocess

    approved, _layout = approver_signs(unsigned_pdf, approver_identity)
    path = tmp_path / "approved.pdf"
    path.write_bytes(approved)
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(unsigned_pdf)

    def fonts(file):
        return subprocess.run(["pdffonts", str(file)], capture_output=True, text=True, check=True).stdout

    assert fonts(path) == fonts(unsigned)  # the signature image only: nothing for PDF/A to miss
