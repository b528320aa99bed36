"""The reference programme, as text extracted from its signed PDF, imports to the reference JSON."""

import json

import pytest
from django.core.management import CommandError

from agenda.models import MonthlyPlan
from issuing.services import publish_plan
from programme.document import plans_for_document
from programme.interchange import plan_to_data
from tests.importing.conftest import database_snapshot, run_import
from tests.reference import REFERENCE_TXT


def test_dry_run_prints_exactly_the_reference_json_and_changes_nothing(directory, reference):
    before = database_snapshot()
    out, err = run_import(REFERENCE_TXT, "--dry-run", "--format", "json")
    assert json.loads(out) == reference
    assert err == ""  # the reference has nothing to report
    assert database_snapshot() == before


def test_import_loads_a_draft_as_load_plan_does(directory, reference):
    out, _err = run_import(REFERENCE_TXT)
    assert "Đã tạo dự thảo tháng 01 năm 2024." in out
    plan = plans_for_document().get(year=2024, month=1)
    assert plan.status == MonthlyPlan.Status.DRAFT
    assert plan_to_data(plan) == reference


def test_importing_again_replaces_the_draft(directory):
    run_import(REFERENCE_TXT)
    out, _err = run_import(REFERENCE_TXT)
    assert "Đã thay dự thảo tháng 01 năm 2024." in out
    assert MonthlyPlan.objects.count() == 1


def test_a_published_month_is_never_overwritten(directory):
    run_import(REFERENCE_TXT)
    publish_plan(MonthlyPlan.objects.get(year=2024, month=1))
    before = database_snapshot()
    with pytest.raises(CommandError, match="đã ban hành, không thể ghi đè"):
        run_import(REFERENCE_TXT)
    assert database_snapshot() == before


def test_year_and_month_options_override_the_title(directory, tmp_path):
    text = REFERENCE_TXT.read_text(encoding="utf-8").replace("01/2024", "01/2025")
    path = tmp_path / "programme.txt"
    path.write_text(text, encoding="utf-8")
    out, _err = run_import(path, "--dry-run", "--format", "json", "--year", "2025", "--month", "1")
    data = json.loads(out)
    assert (data["year"], data["month"]) == (2025, 1)
    assert data["regular_sessions"][0]["date"] == "2025-01-19"


def test_without_a_month_in_the_title_the_options_are_required(directory, tmp_path):
    text = REFERENCE_TXT.read_text(encoding="utf-8").replace("tháng 01 năm 2024", "đầu năm")
    path = tmp_path / "programme.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="Không xác định được tháng"):
        run_import(path, "--dry-run")
    out, _err = run_import(path, "--dry-run", "--format", "json", "--year", "2024", "--month", "1")
    assert json.loads(out)["title"] == "Công tác của UBND tỉnh đầu năm"
