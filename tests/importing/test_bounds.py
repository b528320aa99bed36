"""What an import reads is bounded before it is parsed: a small file that expands to a huge one is refused quickly.

A 327 KB .docx whose document.xml expands to 110 MB took a worker 60 s and 2.3 GB; a PDF can hide as much
in its pages. Each bound refuses with a Vietnamese message and changes nothing.
"""

import io
import time
import zipfile

import pytest
from django.core.management import CommandError
from docx import Document
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, StreamObject

from programme.importing import ImportRefused, import_programme
from programme.importing import extract as extract_module
from tests.importing.conftest import database_snapshot, run_import
from tests.reference import REFERENCE_TXT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPH = "<w:p><w:r><w:t>Phát triển kinh tế - xã hội</w:t></w:r></w:p>".encode()


def word_bomb(expanded_bytes):
    """A real Word file whose document.xml is ``expanded_bytes`` of paragraphs, deflated to almost nothing."""
    plain = io.BytesIO()
    Document().save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member in source.infolist():
            if member.filename != "word/document.xml":
                out.writestr(member, source.read(member))
        with out.open("word/document.xml", "w") as document:
            document.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode())
            chunk = PARAGRAPH * (1024 * 1024 // len(PARAGRAPH))
            for _ in range(expanded_bytes // len(chunk)):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return bomb.getvalue()


def refused_quickly(content, filename, seconds=2.0):
    before = database_snapshot()
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as refusal:
        import_programme(content, filename)
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"refused after {elapsed:.2f} s"
    assert database_snapshot() == before
    return "\n".join(refusal.value.problems)


@pytest.fixture(scope="module")
def bomb():
    content = word_bomb(110 * 1024 * 1024)
    assert len(content) < 500 * 1024  # a few hundred kilobytes, like the file that was uploaded
    return content


@pytest.mark.django_db
def test_a_word_file_that_expands_to_110_mb_is_refused_before_it_is_parsed(bomb):
    message = refused_quickly(bomb, "chuong-trinh.docx", seconds=1.0)
    assert "Tệp Word quá lớn khi giải nén" in message


@pytest.mark.django_db
def test_the_command_refuses_the_word_bomb_and_changes_nothing(bomb, tmp_path):
    path = tmp_path / "chuong-trinh.docx"
    path.write_bytes(bomb)
    before = database_snapshot()
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert "Tệp Word quá lớn khi giải nén" in str(error.value)
    assert database_snapshot() == before


@pytest.mark.django_db
def test_a_member_compressed_far_beyond_any_real_document_is_refused(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # the total alone would let it through
    message = refused_quickly(word_bomb(8 * 1024 * 1024), "chuong-trinh.docx")
    assert "nén bất thường" in message


@pytest.mark.django_db
def test_a_word_file_of_too_many_members_is_refused(settings):
    settings.IMPORT_MAX_ZIP_MEMBERS = 20
    stream = io.BytesIO()
    Document().save(stream)
    with zipfile.ZipFile(stream, "a") as package:
        for index in range(30):
            package.writestr(f"customXml/item{index}.xml", "<a/>")
    assert "quá nhiều thành phần" in refused_quickly(stream.getvalue(), "chuong-trinh.docx")


@pytest.mark.django_db
def test_a_word_file_of_too_many_paragraphs_is_refused(settings):
    settings.IMPORT_MAX_PARAGRAPHS = 100
    word = Document()
    for index in range(150):
        word.add_paragraph(f"Đoạn {index}")
    stream = io.BytesIO()
    word.save(stream)
    assert "Tệp Word có quá nhiều đoạn (hơn 100)" in refused_quickly(stream.getvalue(), "chuong-trinh.docx")


def blank_pdf(pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.django_db
def test_a_pdf_of_too_many_pages_is_refused_before_its_text_is_read(settings):
    settings.IMPORT_MAX_PAGES = 50
    assert "Tệp PDF có quá nhiều trang (51, tối đa 50)" in refused_quickly(blank_pdf(51), "chuong-trinh.pdf")


def pdf_with_content(data):
    """One page whose content stream is ``data`` (deflated in the file)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = DecodedStreamObject()
    content.set_data(data)
    compressed = content.flate_encode(level=9)
    page[NameObject("/Contents")] = writer._add_object(compressed)
    stream = io.BytesIO()
    writer.write(stream)
    assert isinstance(compressed, StreamObject)
    return stream.getvalue()


@pytest.mark.django_db
def test_a_pdf_page_whose_content_expands_beyond_the_bound_is_refused():
    content = pdf_with_content(b"BT /F1 12 Tf (a) Tj ET\n" * (12 * 1024 * 1024 // 23))
    assert len(content) < 200 * 1024
    assert "Trang 1 của tệp PDF có nội dung quá lớn" in refused_quickly(content, "chuong-trinh.pdf")


@pytest.mark.django_db
def test_a_pdf_stream_beyond_pypdf_s_own_limit_is_refused_in_vietnamese(settings):
    """pypdf stops at 75 MB with LimitReachedError (a 500 before): the same refusal, in Vietnamese."""
    settings.IMPORT_MAX_PAGE_CONTENT_BYTES = 200 * 1024 * 1024
    message = refused_quickly(pdf_with_content(b" " * (80 * 1024 * 1024)), "chuong-trinh.pdf", seconds=5.0)
    assert "Trang 1 của tệp PDF có nội dung quá lớn" in message


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["txt", "docx"])
def test_a_file_of_too_much_text_is_refused(settings, suffix):
    settings.IMPORT_MAX_TEXT_CHARS = 5000
    if suffix == "txt":
        content = REFERENCE_TXT.read_bytes()
    else:
        word = Document()
        for line in REFERENCE_TXT.read_text(encoding="utf-8").splitlines():
            word.add_paragraph(line)
        stream = io.BytesIO()
        word.save(stream)
        content = stream.getvalue()
    assert "quá nhiều chữ (hơn 5000 ký tự)" in refused_quickly(content, f"chuong-trinh.{suffix}")


class SlowClock:
    """A clock on which every reading is 3 s after the previous one: reading the file "takes" long."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        self.now += 3.0
        return self.now


@pytest.mark.django_db
def test_reading_that_exceeds_the_time_budget_is_refused(settings, monkeypatch):
    settings.IMPORT_MAX_SECONDS = 20
    monkeypatch.setattr(extract_module, "monotonic", SlowClock())
    word = Document()
    for line in REFERENCE_TXT.read_text(encoding="utf-8").splitlines():
        word.add_paragraph(line)
    stream = io.BytesIO()
    word.save(stream)
    assert "Đọc tệp quá 20 giây" in refused_quickly(stream.getvalue(), "chuong-trinh.docx")


@pytest.mark.django_db
def test_an_import_larger_than_its_upload_bound_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    assert "lớn hơn" in refused_quickly(REFERENCE_TXT.read_bytes(), "chuong-trinh.txt")


def test_the_import_upload_bound_is_its_own_setting(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workspace.import_forms import ImportUploadForm

    settings.VERIFY_MAX_UPLOAD_BYTES = 10
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    form = ImportUploadForm({}, {"file": SimpleUploadedFile("chuong-trinh.txt", b"x" * 500)})
    assert form.is_valid(), form.errors
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    form = ImportUploadForm({}, {"file": SimpleUploadedFile("chuong-trinh.txt", b"x" * 500)})
    assert not form.is_valid()
