"""--office SLUG on the commands: optional while the installation has one office, required (with a clear
message) once it has several, refused for a slug no office has; a command finds a month in that office only."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.models import Agency, MonthlyPlan, Office
from issuing.models import Revision
from tests.communes import COMMUNE_FIXTURE, create_commune, load_commune_plan

pytestmark = pytest.mark.django_db

TEXT_PROGRAMME = settings.BASE_DIR / "tests" / "fixtures" / "bac-giang-2024-01.txt"
SEVERAL = "Hệ thống có nhiều cơ quan: chọn một bằng --office (bac-giang, xa-tan-yen)."
UNKNOWN = "Không có cơ quan nào có đường dẫn “khong-co”."


def run(*arguments):
    out = io.StringIO()
    call_command(*arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


#: The commands that read or write one office's month, with what they need besides the office.
MONTH_COMMANDS = {
    "load_plan": (str(COMMUNE_FIXTURE), "--dry-run"),
    "publish_plan": ("2024", "1"),
    "export_plan": ("2024", "1"),
    "import_plan": (str(TEXT_PROGRAMME), "--dry-run"),
}


@pytest.mark.parametrize("command", sorted(MONTH_COMMANDS))
def test_with_several_offices_a_months_command_needs_the_office(sample_plan, command):
    create_commune()
    with pytest.raises(CommandError) as refused:
        run(command, *MONTH_COMMANDS[command])
    assert str(refused.value) == SEVERAL
    assert not Revision.objects.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        *[(command, *rest) for command, rest in sorted(MONTH_COMMANDS.items())],
        ("backup_archive", "/nonexistent/sao-luu.zip"),
        ("make_dev_certificate",),
        ("demo_setup",),
    ],
    ids=lambda arguments: arguments[0],
)
def test_every_command_refuses_an_office_no_one_has(sample_plan, arguments):
    with pytest.raises(CommandError) as refused:
        run(*arguments, "--office", "khong-co")
    assert str(refused.value) == UNKNOWN


def test_with_one_office_the_office_is_optional_and_may_be_named(sample_plan, tmp_path):
    output = tmp_path / "ctr.json"
    run("export_plan", "2024", "1", "-o", str(output))
    named = tmp_path / "ctr-bac-giang.json"
    run("export_plan", "2024", "1", "--office", "bac-giang", "-o", str(named))
    assert output.read_bytes() == named.read_bytes()
    assert "số 01" in run("publish_plan", "2024", "1", "--office", "bac-giang")


def test_load_plan_with_office_loads_and_issues_into_that_office_only(sample_plan):
    commune = create_commune()
    run("load_plan", str(COMMUNE_FIXTURE), "--office", "xa-tan-yen", "--publish")
    plan = MonthlyPlan.objects.of(commune).get(year=2024, month=1)
    assert plan.is_published and plan.number == "01" and plan.signer_authority == "TM. ỦY BAN NHÂN DÂN"
    revision = Revision.objects.get()
    assert (revision.office, revision.number, revision.register_number) == (commune, 1, 1)
    assert set(Agency.objects.of(commune).values_list("name", flat=True)) >= {"Phòng Kinh tế", "Công an xã"}
    assert not Agency.objects.of(Office.objects.get_solo()).filter(name="Phòng Kinh tế").exists()
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == MonthlyPlan.Status.DRAFT  # the province's, untouched


def test_publish_plan_with_office_takes_that_offices_draft_all_the_way(sample_plan):
    commune_plan = load_commune_plan()
    out = run("publish_plan", "2024", "1", "--office", "xa-tan-yen")
    assert "Đã ban hành chương trình tháng 01 năm 2024: số 01, Bản 1." in out
    assert MonthlyPlan.objects.get(pk=commune_plan.pk).is_published
    assert MonthlyPlan.objects.get(pk=sample_plan.pk).status == MonthlyPlan.Status.DRAFT
    out = run("publish_plan", "2024", "1", "--office", "bac-giang")
    assert "số 01, Bản 1." in out  # the province's own numbers
    with pytest.raises(CommandError, match="đã ban hành"):
        run("publish_plan", "2024", "1", "--office", "xa-tan-yen")


def test_publish_plan_finds_no_month_another_office_has(sample_plan):
    create_commune()
    with pytest.raises(CommandError, match="Không có chương trình tháng 01 năm 2024"):
        run("publish_plan", "2024", "1", "--office", "xa-tan-yen")


def test_export_plan_with_office_writes_that_offices_programme(sample_plan, tmp_path):
    load_commune_plan()
    output = tmp_path / "xa.json"
    run("export_plan", "2024", "1", "--office", "xa-tan-yen", "-o", str(output))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["title"] == "Công tác của UBND xã tháng 01 năm 2024"
    assert data["issuer"]["name"] == "UBND XÃ TÂN YÊN" and data["signer"]["position"] == "CHỦ TỊCH"


def test_import_plan_with_office_makes_the_draft_of_that_office(sample_plan):
    commune = create_commune()
    run("import_plan", str(TEXT_PROGRAMME), "--office", "xa-tan-yen")
    plan = MonthlyPlan.objects.of(commune).get(year=2024, month=1)
    assert plan.status == MonthlyPlan.Status.DRAFT and plan.items.exists()
    assert MonthlyPlan.objects.for_month(2024, 1).count() == 2  # beside the province's own draft
