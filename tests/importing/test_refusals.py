"""Files that are not programmes, or cannot be read: a clear Vietnamese message, exit status 1, nothing changed."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError
from docx import Document
from msoffcrypto.format.ooxml import OOXMLFile
from pypdf import PdfWriter

from programme.services import load_plan
from tests.importing.conftest import database_snapshot, run_import
from tests.reference import REFERENCE_TXT, reference_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def existing_draft(directory):
    """The reference month as a draft, so that a refused import has something it could have changed."""
    load_plan(reference_data())


@pytest.fixture
def exported(existing_draft, tmp_path):
    """The draft's Word and PDF exports, to damage."""
    from django.core.management import call_command

    paths = {}
    for format in ("docx", "pdf"):
        paths[format] = tmp_path / f"programme.{format}"
        call_command("export_plan", "2024", "1", "--format", format, "-o", str(paths[format]))
    return paths


def refused(path, *args):
    before = database_snapshot()
    with pytest.raises(CommandError) as error:
        run_import(path, *args)
    assert database_snapshot() == before
    return str(error.value)


def test_an_empty_file(existing_draft, tmp_path):
    path = tmp_path / "programme.txt"
    path.write_bytes(b"")
    assert "Tệp programme.txt rỗng." in refused(path)


def test_a_file_of_blank_lines(existing_draft, tmp_path):
    path = tmp_path / "programme.txt"
    path.write_text("\n  \n\f\n", encoding="utf-8")
    assert "Tệp programme.txt không có nội dung chữ." in refused(path)


def test_a_text_that_is_not_a_programme(existing_draft, tmp_path):
    path = tmp_path / "bien-ban.txt"
    path.write_text("BIÊN BẢN HỌP\nHôm nay, ngày 05/3/2024, tại trụ sở UBND tỉnh.\n1. Thành phần.\n", encoding="utf-8")
    message = refused(path)
    assert "Tệp bien-ban.txt không phải là chương trình công tác: không tìm thấy phần “A.”" in message
    assert "không có gì thay đổi" in message


def test_a_word_file_that_is_not_a_programme(existing_draft, tmp_path):
    word = Document()
    word.add_paragraph("Kính gửi: Sở Nội vụ")
    word.add_paragraph("A. Vài ý kiến về dự thảo")
    path = tmp_path / "cong-van.docx"
    word.save(path)
    assert "không tìm thấy mục đánh số nào" in refused(path)


def test_a_text_file_not_in_utf8(existing_draft, tmp_path):
    path = tmp_path / "programme.txt"
    path.write_bytes(REFERENCE_TXT.read_text(encoding="utf-8").encode("utf-16"))
    assert "Tệp văn bản không phải là UTF-8" in refused(path)


def test_an_unknown_format(existing_draft, tmp_path):
    path = tmp_path / "programme.odt"
    path.write_bytes(b"PK\x03\x04")
    assert "chỉ nhận tệp .docx, .pdf hoặc .txt" in refused(path)


def test_a_missing_file(existing_draft, tmp_path):
    assert "Không đọc được tệp" in refused(tmp_path / "absent.pdf")


def test_a_corrupt_word_file(exported, tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(exported["docx"].read_bytes()[:2000])
    assert "Tệp Word bị hỏng, không đọc được" in refused(path)


def test_a_corrupt_pdf(exported, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(exported["pdf"].read_bytes()[:3000])
    assert "Tệp PDF bị hỏng, không đọc được" in refused(path)


def test_a_password_protected_pdf(exported, tmp_path):
    writer = PdfWriter(clone_from=exported["pdf"])
    writer.encrypt("mat-khau")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert "Tệp PDF được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại." in refused(path)


def test_a_password_protected_word_file(exported, tmp_path):
    locked = io.BytesIO()
    with exported["docx"].open("rb") as plain:
        document = OOXMLFile(plain)
        document.encrypt("mat-khau", locked)
    path = tmp_path / "locked.docx"
    path.write_bytes(locked.getvalue())
    assert "Tệp Word được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi nạp lại." in refused(path)


def test_an_old_doc_file_saved_as_docx(existing_draft, tmp_path):
    path = tmp_path / "programme.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "Tệp Word dạng .doc cũ" in refused(path)


def test_the_command_exits_with_status_1_and_the_message_on_stderr(tmp_path):
    path = tmp_path / "programme.txt"
    path.write_bytes(b"")
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_plan", str(path), "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 1
    assert "Tệp programme.txt rỗng." in finished.stderr
    assert finished.stdout == ""


def rewritten(docx_path, member, change):
    """The Word file at ``docx_path`` with ``member`` replaced by ``change(its bytes)``."""
    import zipfile

    stream = io.BytesIO()
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, change(data) if info.filename == member else data)
    return stream.getvalue()


def test_a_word_file_whose_xml_is_broken(exported, tmp_path):
    """lxml's XMLSyntaxError was a 500."""
    path = tmp_path / "broken-xml.docx"
    path.write_bytes(rewritten(exported["docx"], "word/document.xml", lambda data: data[: len(data) // 2]))
    message = refused(path)
    assert "Tệp Word bị hỏng, không đọc được." in message
    assert "XMLSyntaxError" not in message and "line 1" not in message


def test_a_word_file_whose_numbering_is_nonsense(exported, tmp_path):
    """Numbers that are not numbers in numbering.xml ("w:start" = "abc"): a ValueError was a 500."""
    word = Document(exported["docx"])
    word.add_paragraph("1. Mục", style="List Number")
    plain = tmp_path / "numbered.docx"
    word.save(plain)
    path = tmp_path / "broken-numbering.docx"
    nonsense = rewritten(plain, "word/numbering.xml", lambda data: data.replace(b'w:val="1"', b'w:val="abc"'))
    path.write_bytes(nonsense)
    assert "Tệp Word bị hỏng, không đọc được." in refused(path)


def test_a_file_named_pdf_that_is_a_program(existing_draft, tmp_path):
    """An .exe renamed .pdf got "… Stream has ended unexpectedly" (English): what it is, in Vietnamese."""
    path = tmp_path / "chuong-trinh.pdf"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(4000))
    message = refused(path)
    assert "Tệp chuong-trinh.pdf không phải là tệp PDF" in message
    assert "Stream" not in message and "unexpectedly" not in message


def test_a_file_named_docx_that_is_not_a_word_file(existing_draft, tmp_path):
    path = tmp_path / "chuong-trinh.docx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(200))
    message = refused(path)
    assert "Tệp chuong-trinh.docx không phải là tệp Word (.docx)" in message
    assert "zip" not in message.lower()
