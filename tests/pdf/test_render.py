"""exports.pdf.render_plan: its contract with the signing step, reproducibility and safety."""

import io

import pdfplumber
import pytest
from django.core.management import call_command

from exports import pdf as pdf_module
from exports.pdf import PdfFontMissingError, PdfRenderError, is_allowed_url, render_plan, render_plan_pdf, url_fetcher
from programme.document import plans_for_document
from programme.services import load_plan
from tests.factories import two_session_plan
from tests.pdf.conftest import MM, VERIFICATION_URL, pdftotext
from tests.reference import normalise

pytestmark = pytest.mark.django_db


def test_signature_box_lies_between_the_position_line_and_the_signers_name(published_pdf):
    page_index, x1, y1, x2, y2 = published_pdf.rendered.signature_box
    with published_pdf.open() as pdf:
        assert page_index == len(pdf.pages) - 1
        page = pdf.pages[page_index]
        height = page.height
        position = page.search("CHÁNH VĂN PHÒNG", return_chars=True)[0]
        name = page.search("Lê Tuấn Phú", return_chars=True)[0]
    assert (x2 - x1, y2 - y1) == (pytest.approx(70 * MM, abs=0.1), pytest.approx(30 * MM, abs=0.1))
    # pdfplumber measures from the top; the box is given from the bottom
    assert height - y2 >= position["bottom"] - 0.5
    assert height - y1 <= name["top"] + 0.5
    assert (x1 + x2) / 2 == pytest.approx((name["x0"] + name["x1"]) / 2, abs=2)


def test_signature_box_is_on_the_last_page_of_the_verified_render_too(verified_pdf):
    page_index, *_box = verified_pdf.rendered.signature_box
    with verified_pdf.open() as pdf:
        assert page_index == len(pdf.pages) - 1


def test_verification_url_is_shown_with_a_qr_code_below_the_footer_on_the_last_page(verified_pdf):
    with verified_pdf.open() as pdf:
        last = pdf.pages[-1]
        name = last.search("Lê Tuấn Phú", return_chars=True)[0]
        url = last.search(VERIFICATION_URL, regex=False, return_chars=True)
        images = last.images
        earlier_images = [image for page in pdf.pages[:-1] for image in page.images]
    assert url, "the verification URL is not printed on the last page"
    assert url[0]["top"] > name["bottom"]
    assert len(images) == 1 and earlier_images == []
    qr = images[0]
    assert qr["top"] > name["bottom"]
    assert qr["x1"] - qr["x0"] == pytest.approx(qr["bottom"] - qr["top"], abs=0.5)  # square
    assert qr["x1"] - qr["x0"] >= 20 * MM  # big enough to scan


def test_amendment_label_appears_under_the_subject(verified_pdf):
    title = normalise(pdftotext(verified_pdf.path, first=1, last=1))
    assert "Công tác của UBND tỉnh tháng 01 năm 2024 Điều chỉnh lần 1" in title


def test_without_verification_url_there_is_no_qr_code(published_pdf):
    with published_pdf.open() as pdf:
        assert [image for page in pdf.pages for image in page.images] == []
    assert "Xác thực" not in pdftotext(published_pdf.path)


def test_rendering_the_same_plan_twice_gives_identical_bytes(sample_plan):
    plan = plans_for_document().get(pk=sample_plan.pk)
    first = render_plan(plan, verification_url=VERIFICATION_URL)
    second = render_plan(plans_for_document().get(pk=sample_plan.pk), verification_url=VERIFICATION_URL)
    assert first.content == second.content
    assert first.signature_box == second.signature_box


def test_render_plan_pdf_is_the_content_of_render_plan(published_pdf, sample_plan):
    plan = plans_for_document().get(pk=sample_plan.pk)
    assert render_plan_pdf(plan) == render_plan(plan).content


def test_markup_in_user_text_is_printed_as_text_and_fetches_nothing(sample_plan, monkeypatch):
    asked = []
    original = pdf_module.is_allowed_url
    monkeypatch.setattr(pdf_module, "is_allowed_url", lambda url: asked.append(url) or original(url))
    sample_plan.title = 'Công tác <b>đậm</b> <img src="http://203.0.113.9/x.png"> tháng 01'
    sample_plan.signer_name = "<i>Lê Tuấn Phú</i>"
    sample_plan.save()
    content = render_plan_pdf(plans_for_document().get(pk=sample_plan.pk))
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = normalise(" ".join(page.extract_text() for page in pdf.pages))
        images = [image for page in pdf.pages for image in page.images]
    assert 'Công tác <b>đậm</b> <img src="http://203.0.113.9/x.png"> tháng 01' in text
    assert "<i>Lê Tuấn Phú</i>" in text
    assert images == []
    assert not [url for url in asked if url.startswith("http")]


@pytest.mark.parametrize(
    "url",
    [
        "http://203.0.113.9/style.css",
        "https://fonts.example.com/font.ttf",
        "ftp://203.0.113.9/file",
        "file:///etc/passwd",
        "file:///usr/share/fonts/truetype/liberation2/../../../../etc/passwd",
        "file://remote-host/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    ],
)
def test_url_fetcher_refuses_anything_outside_the_print_css_and_fonts(url):
    assert not is_allowed_url(url)
    with pytest.raises(PermissionError):
        url_fetcher().fetch(url)


def test_url_fetcher_serves_the_fonts_the_print_css_and_data_uris():
    fetcher = url_fetcher()
    font = fetcher.fetch((pdf_module.font_dir() / "LiberationSerif-Regular.ttf").as_uri())
    css = fetcher.fetch(pdf_module.PRINT_CSS.as_uri())
    data = fetcher.fetch("data:text/plain;base64,eGlu")
    try:
        assert font.read(4) == b"\x00\x01\x00\x00"
        assert b"@page" in css.read()
        assert data.read() == b"xin"
    finally:
        for response in (font, css, data):
            response.close()


def test_missing_font_files_stop_rendering_with_a_vietnamese_message(sample_plan, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    with pytest.raises(PdfFontMissingError) as error:
        render_plan_pdf(plans_for_document().get(pk=sample_plan.pk))
    assert "thiếu phông chữ Liberation Serif" in str(error.value)
    assert "fonts-liberation2" in str(error.value)


def test_a_renderer_failure_becomes_a_pdf_render_error(sample_plan, monkeypatch):
    def broken_signature_box(document):
        raise ValueError("hỏng")

    monkeypatch.setattr(pdf_module, "_signature_box", broken_signature_box)
    with pytest.raises(PdfRenderError, match="Không tạo được tệp PDF"):
        render_plan_pdf(plans_for_document().get(pk=sample_plan.pk))


def test_a_draft_with_a_number_still_shows_no_number(sample_plan):
    sample_plan.number = "15"
    sample_plan.save()
    content = render_plan_pdf(plans_for_document().get(pk=sample_plan.pk))
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        first_page = normalise(pdf.pages[0].extract_text())
    assert "DỰ THẢO" in first_page
    assert "15/CTr-VP" not in first_page


def test_two_session_plan_renders_each_session_line():
    plan, _created = load_plan(two_session_plan())
    content = render_plan_pdf(plans_for_document().get(pk=plan.pk))
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = normalise(" ".join(page.extract_text() for page in pdf.pages))
    assert "Phiên ngày 05/3/2024 (thứ Ba):" in text
    assert "Phiên ngày 22/3/2024 (thứ Sáu), 08 giờ 00, tại Phòng họp số 1:" in text
    assert "(Sở VHTTDL, Sở Nội vụ, Công an tỉnh chuẩn bị)" in text


def test_command_line_export_renders_the_same_pdf(sample_plan, tmp_path):
    target = tmp_path / "plan.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(target), stderr=io.StringIO())
    assert target.read_bytes() == render_plan_pdf(plans_for_document().get(pk=sample_plan.pk))
