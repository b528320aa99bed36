"""python manage.py export_plan YEAR MONTH --format pdf [-o FILE]."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.pdf.conftest import pdftotext
from tests.reference import normalise

pytestmark = pytest.mark.django_db


def test_export_plan_pdf_writes_a_pdf_file(sample_plan, tmp_path):
    target = tmp_path / "ke-hoach.pdf"
    stderr = io.StringIO()
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(target), stderr=stderr)
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Công tác của UBND tỉnh tháng 01 năm 2024" in normalise(pdftotext(target))
    assert str(target) in stderr.getvalue()


def test_export_plan_pdf_without_output_writes_the_bytes_to_a_pipe(sample_plan, capsysbinary):
    call_command("export_plan", "2024", "1", "--format", "pdf", stderr=io.StringIO())
    assert capsysbinary.readouterr().out.startswith(b"%PDF-")


def test_export_plan_pdf_for_a_month_without_plan_fails_in_vietnamese(db, tmp_path):
    with pytest.raises(CommandError, match="Không có chương trình"):
        call_command("export_plan", "2030", "5", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_export_plan_pdf_without_fonts_fails_with_the_font_message(sample_plan, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    with pytest.raises(CommandError, match="fonts-liberation2"):
        call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
