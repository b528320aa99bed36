"""load_conclusion / export_conclusion: the documented shape, a round trip, refusals that change nothing, Word,
and the commune's own notice (its heading, its number, its signature block)."""

import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from agenda.models import Agency
from conclusions import chain
from conclusions.models import Conclusion, ConclusionEntry, ConclusionSettings, Task
from tests.communes import load_commune_plan
from tests.conclusions.conftest import COMMUNE_SAMPLE, SAMPLE, pdfsig, pdftotext, sample_data

pytestmark = pytest.mark.django_db


def exported(tmp_path, *options):
    path = tmp_path / "out.json"
    call_command("export_conclusion", "2024-01-19", "--format", "json", "-o", str(path), *options)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_sample_loads_with_its_items_tasks_and_deferred_item(loaded):
    entries = list(loaded.entries.order_by("position"))
    assert len(entries) == 9 and entries[8].deferred_label == "tháng 02 năm 2024"
    task = loaded.tasks.get(position=2)
    assert task.lead.name == "Sở Kế hoạch và Đầu tư" and task.item == entries[1].item
    assert sorted(agency.name for agency in task.supporting.all()) == ["Sở Nội vụ", "Sở Tài chính"]
    assert Agency.objects.filter(name="Sở Tài chính").count() == 1  # created once, as the programme's importer does
    assert loaded.tasks.get(position=7).item is None


def test_export_then_load_round_trips(loaded, tmp_path):
    first = exported(tmp_path)
    assert first["conclusions"][0] == {
        "item": 1,
        "heading": loaded.entries.get(position=1).heading,
        "text": sample_data()["conclusions"][0]["text"],
    }
    path = tmp_path / "again.json"
    path.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    call_command("load_conclusion", str(path), verbosity=0)
    assert exported(tmp_path) == first
    assert Task.objects.count() == 7  # the tasks kept their rows (their uid)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(session_date="2024-01-20"), "không có phiên họp thường kỳ ngày 20/01/2024"),
        (lambda d: d["conclusions"][0].update(item=12), "“item” phải là số thứ tự từ 1 đến 9"),
        (lambda d: d["tasks"][0].update(deadline="15/02/2024"), "tasks[0].deadline"),
        (lambda d: d["tasks"][1].update(lead=""), "tasks[1].lead"),
        (lambda d: d["conclusions"][1].update(item=1), "nội dung 1 có hai kết luận"),
        (lambda d: d["conclusions"][8].update(deferred_to="2024-13"), "không phải là tháng hợp lệ"),
    ],
)
def test_a_bad_file_is_refused_whole_and_changes_nothing(loaded, tmp_path, change, message):
    before = (Task.objects.count(), ConclusionEntry.objects.count(), Conclusion.objects.get().version)
    data = sample_data()
    data["conclusions"][0]["text"] = "Đã đổi"
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_conclusion", str(path), verbosity=0)
    assert message in str(refused.value) and "chưa có gì thay đổi" in str(refused.value)
    assert (Task.objects.count(), ConclusionEntry.objects.count(), Conclusion.objects.get().version) == before
    assert not ConclusionEntry.objects.filter(text="Đã đổi").exists()


def test_not_json_and_issued_notices_are_refused(loaded, people, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("load_conclusion", str(path))
    chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])
    with pytest.raises(CommandError, match="Đã ban hành"):
        call_command("load_conclusion", str(SAMPLE))


def test_word_export_has_the_heading_the_body_and_the_signature_block(loaded, tmp_path):
    path = tmp_path / "tb.docx"
    call_command("export_conclusion", "2024-01-19", "--format", "docx", "-o", str(path))
    word = Document(str(path))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(p.text for table in word.tables for cell in table._cells for p in cell.paragraphs)
    assert "THÔNG BÁO" in text and "DỰ THẢO" in text
    assert "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với" in text and "Thời hạn: 15/02/2024." in text
    assert "Các nội dung chuyển sang phiên họp sau" in text
    assert "Số:" in cells and "/TB-UBND" in cells and "TL. CHỦ TỊCH" in cells and "Nơi nhận:" in cells


def test_the_commune_issues_its_own_notice_with_its_own_series(loaded, people, tmp_path):
    chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])
    plan = load_commune_plan()
    settings = ConclusionSettings.of(plan.office)
    settings.signer_authority, settings.signer_title = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    settings.save()
    call_command("load_conclusion", str(COMMUNE_SAMPLE), "--office", "xa-tan-yen", verbosity=0)
    call_command("publish_conclusion", "2024-01-26", "--office", "xa-tan-yen", verbosity=0)
    path = tmp_path / "xa.pdf"
    call_command("export_conclusion", "2024-01-26", "--office", "xa-tan-yen", "--format", "pdf", "-o", str(path))
    text = pdftotext(path)
    assert "Số: 01/TB-UBND" in text and "ỦY BAN NHÂN DÂN" in text and "XÃ TÂN YÊN" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Kết luận của Chủ tịch UBND xã" in " ".join(text.split())
    signatures = pdfsig(path)
    assert len(signatures) == 2 and all("Signature is Valid" in block for block in signatures)
    commune_task = Task.objects.published().filter(office=plan.office).first()
    assert commune_task.lead.office == plan.office
