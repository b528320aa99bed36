"""Export as Word or as draft PDF, import the file again: the same plan comes back.

"The same plan" is what the document says: the time and place of a session are not
printed, and a draft (Word or PDF) prints no number nor date ("Số:      /CTr-VP", "ngày    tháng
năm": the register gives them at signing, issue 18), so those are left out of the comparison
where the document cannot carry them.
"""

import io
import json
import time

import pytest
from pypdf import PdfReader

from programme.document import plans_for_document
from programme.importing import import_programme
from programme.interchange import plan_to_data
from programme.services import load_plan
from tests.importing.conftest import run_import
from tests.importing.plans import long_plan, november_with_padded_dates, two_sessions_post_2025
from tests.reference import reference_data

PLANS = {
    "reference": reference_data,
    "two sessions, post-2025 headings, agency with commas": two_sessions_post_2025,
    "November, padded dates": november_with_padded_dates,
    "long plan, pages breaking inside items": lambda: long_plan(chairman_items=16),
}


def export(data, tmp_path, format):
    from django.core.management import call_command

    path = tmp_path / f"plan.{format}"
    call_command("export_plan", str(data["year"]), str(data["month"]), "--format", format, "-o", str(path))
    return path


def what_the_document_says(data, format):
    """``format`` kept for the callers: a draft's Word file and PDF both leave number and date blank."""
    data = json.loads(json.dumps(data))
    data.pop("number", None)
    data.pop("issue_date", None)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["docx", "pdf"])
@pytest.mark.parametrize("name", list(PLANS))
def test_export_then_import_gives_back_the_same_plan(name, format, tmp_path):
    data = PLANS[name]()
    load_plan(data)
    original = plan_to_data(plans_for_document().get(year=data["year"], month=data["month"]))
    assert original == data  # the constructed plan is what the database holds

    out, err = run_import(export(data, tmp_path, format), "--dry-run", "--format", "json")
    assert err == ""
    assert json.loads(out) == what_the_document_says(original, format)


@pytest.mark.django_db
def test_the_long_plan_breaks_pages_inside_items(tmp_path):
    """The PDF of the long plan really has pages that start in the middle of an item."""
    data = long_plan(chairman_items=16)
    load_plan(data)
    reader = PdfReader(export(data, tmp_path, "pdf"))
    first_lines = [page.extract_text().splitlines()[0] for page in reader.pages[1:]]
    assert any(not line[:1].isdigit() for line in first_lines), first_lines


@pytest.mark.django_db
def test_importing_the_word_file_replaces_the_draft_with_the_same_plan(tmp_path):
    data = two_sessions_post_2025()
    load_plan(data)
    path = export(data, tmp_path, "docx")
    out, _err = run_import(path)
    assert "Đã thay dự thảo tháng 3 năm 2024." in out
    imported = plan_to_data(plans_for_document().get(year=2024, month=3))
    assert imported == what_the_document_says(data, "docx")


@pytest.mark.django_db
def test_a_ten_page_programme_imports_in_under_two_seconds(tmp_path):
    """The acceptance bound (docs/performance.md has the measured times: about 0.3 s for the PDF).

    Its items repeat whole lines of text, some at the top of a page: they are content, not headers.
    """
    data = long_plan(chairman_items=52)
    load_plan(data)
    content = export(data, tmp_path, "pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(content)).pages) == 10
    started = time.perf_counter()
    result = import_programme(content, "programme.pdf")
    elapsed = time.perf_counter() - started
    assert result.data == what_the_document_says(data, "pdf")
    assert elapsed < 2.0


@pytest.mark.django_db
def test_a_signed_pdf_imports_to_the_issued_plan(tmp_path):
    """The archive's signed PDFs: the date of issue is read from the header, the verification block is left out."""
    from django.utils import timezone

    from agenda.models import MonthlyPlan
    from issuing.services import publish_plan

    data = reference_data()
    plan, _created = load_plan(data)
    publish_plan(plan)
    published_on = timezone.localdate(MonthlyPlan.objects.get(pk=plan.pk).published_at)
    out, err = run_import(export(data, tmp_path, "pdf"), "--dry-run", "--format", "json")
    assert err == ""
    assert json.loads(out) == {**data, "number": "01", "issue_date": published_on.isoformat()}  # the register's


def interleaved_closing_pdf(plan):
    """The draft PDF, but with recipients and signature drawn row by row across the page, as Word draws them."""
    from weasyprint import CSS, HTML

    from exports.pdf import PRINT_CSS, STATIC_DIR, font_face_css, font_paths, plan_html, url_fetcher
    from programme.document import build_document

    html = plan_html(plan)
    document = build_document(plan)
    signer = document.signer
    left = ["Nơi nhận:", *document.recipients]
    right = [signer["authority"], signer["position"], "", "", signer["name"]]
    right += [""] * (len(left) - len(right))
    cells = zip(left, right, strict=True)
    rows = "".join(f'<tr><td class="recipients">{a}</td><td class="signature">{b}</td></tr>' for a, b in cells)
    start, end = html.index('<table class="footer">'), html.index("</table>", html.index('<table class="footer">'))
    html = html[:start] + f'<table class="footer">{rows}' + html[end:]
    fetcher = url_fetcher()
    stylesheets = [CSS(string=font_face_css(font_paths())), CSS(url=PRINT_CSS.as_uri(), url_fetcher=fetcher)]
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)


@pytest.mark.django_db
def test_a_pdf_whose_closing_columns_read_across_is_read_column_by_column():
    data = reference_data()
    plan, _created = load_plan(data)
    content = interleaved_closing_pdf(plans_for_document().get(pk=plan.pk))
    last_page = PdfReader(io.BytesIO(content)).pages[-1].extract_text()
    assert "Nơi nhận: TL. CHỦ TỊCH" in last_page  # what the text layer says, line by line
    assert import_programme(content, "programme.pdf").data == data


def tasks_only(tasks):
    """January 2024 with priority tasks only: the last task is the last line and carries the closing "./."."""
    data = reference_data()
    data["priority_tasks"] = tasks
    for key in ("regular_sessions", "chairman_items", "conferences", "agencies"):
        data[key] = []
    return data


WITH_PERIODS = ["Chỉ đạo sản xuất vụ Chiêm - Xuân.", "Chuẩn bị đón Tết Nguyên đán Giáp Thìn 2024."]
WITHOUT_PERIODS = ["Chỉ đạo sản xuất vụ Chiêm - Xuân", "Chuẩn bị đón Tết Nguyên đán Giáp Thìn 2024"]


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["docx", "pdf"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: tasks_only(WITH_PERIODS),
        lambda: tasks_only(WITHOUT_PERIODS),
        lambda: {**reference_data(), "priority_tasks": WITH_PERIODS},
        lambda: {**reference_data(), "priority_tasks": WITHOUT_PERIODS},
    ],
    ids=["closing, with periods", "closing, without periods", "before part B, with", "before part B, without"],
)
def test_priority_tasks_come_back_with_their_final_period_or_without(make, format, tmp_path):
    """The "./." closing the content ends the last task either way: it keeps the ending the others have."""
    data = make()
    load_plan(data)
    out, err = run_import(export(data, tmp_path, format), "--dry-run", "--format", "json")
    assert err == ""
    assert json.loads(out)["priority_tasks"] == data["priority_tasks"]
