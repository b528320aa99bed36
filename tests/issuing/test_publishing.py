"""Publishing freezes the plan into a signed, stored revision; amendments get a changelog."""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from agenda.models import Agency, MonthlyPlan
from issuing import services as issuing
from issuing.keys import SigningUnavailableError
from issuing.models import ChangeEntry, Revision
from issuing.services import NotSignedError, publish_plan
from issuing.verification import check_signature
from meetings.models import Item
from programme.errors import PlanError
from tests.issuing.conftest import pdfsig, pdftotext, sha256, tampered

pytestmark = pytest.mark.django_db


def test_publishing_stores_a_signed_first_revision_with_snapshot_and_hash(published_sample, sample_plan):
    revision = published_sample
    plan = MonthlyPlan.objects.get(pk=sample_plan.pk)
    assert plan.is_published
    assert revision.plan_id == plan.pk and revision.number == 1
    assert revision.note == "Ban hành lần đầu"
    assert revision.snapshot["year"] == 2024 and revision.snapshot["month"] == 1
    assert revision.snapshot["chairman_items"][0]["agencies"] == ["Sở Nội vụ"]
    assert revision.sha256 == hashlib.sha256(bytes(revision.pdf)).hexdigest()
    assert revision.signer_name == plan.signer_name
    assert "CHỨNG THƯ THỬ NGHIỆM" in revision.certificate_subject
    check = check_signature(bytes(revision.pdf))
    assert check.ours


def test_publishing_records_who_signed_and_who_sealed(sample_plan, approver, clerk):
    publish_plan(sample_plan, approver=approver, clerk=clerk)
    revision = Revision.objects.get()
    assert revision.approved_by == approver and revision.issued_by == clerk
    assert "Lê Tuấn Phú" in revision.approver_certificate


def test_exported_pdf_of_the_published_sample_is_signed_and_valid(published_sample, tmp_path):
    output = tmp_path / "ctr-2024-01.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(output))
    content = output.read_bytes()
    assert content == bytes(published_sample.pdf)  # the stored bytes, never a fresh render
    assert "Signature is Valid" in pdfsig(output)
    assert check_signature(content).ours
    text = pdftotext(output)
    assert "DỰ THẢO" not in text
    assert "http://127.0.0.1:8000/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/" in text  # printed beside the QR code
    assert "Ký bởi:" in text and "+07:00" in text


def test_one_byte_changed_is_rejected_by_pdfsig_pyhanko_and_verify_pdf(published_sample, tmp_path, capsys):
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(tampered(bytes(published_sample.pdf)))
    assert "Signature is Valid" not in pdfsig(changed)
    assert not check_signature(changed.read_bytes()).valid
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(changed))
    assert "Chữ ký nguyên vẹn: không" in capsys.readouterr().out


def test_verify_pdf_succeeds_for_an_issued_file_and_names_the_revision(published_sample, tmp_path, capsys):
    path = tmp_path / "ban-1.pdf"
    path.write_bytes(bytes(published_sample.pdf))
    call_command("verify_pdf", str(path))  # no CommandError: exit status 0
    out = capsys.readouterr().out
    assert "Chữ ký nguyên vẹn: có" in out
    assert "Chứng thư được tin cậy: có" in out
    assert f"Bản đã ban hành: {published_sample}" in out


def test_verify_pdf_fails_for_a_signature_we_do_not_trust(published_sample, tmp_path, settings, capsys):
    settings.SIGNING_TRUST_ROOTS = []
    path = tmp_path / "ban-1.pdf"
    path.write_bytes(bytes(published_sample.pdf))
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(path))
    assert "Chứng thư được tin cậy: không" in capsys.readouterr().out


def test_verify_pdf_fails_for_an_unsigned_pdf_and_a_missing_file(sample_plan, tmp_path):
    path = tmp_path / "du-thao.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(path))
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(path))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("verify_pdf", str(tmp_path / "khong-co.pdf"))


def test_export_of_a_draft_is_the_unsigned_draft_render(sample_plan, tmp_path):
    output = tmp_path / "du-thao.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(output))
    assert not check_signature(output.read_bytes()).signed
    assert "DỰ THẢO" in pdftotext(output)


def test_publishing_without_a_key_is_refused_and_changes_nothing(sample_plan, settings, tmp_path):
    settings.SIGNING_P12_PATH = str(tmp_path / "khong-co.p12")
    version = sample_plan.version
    with pytest.raises(NotSignedError, match="Chưa cấu hình khóa ký số") as raised:
        publish_plan(sample_plan)
    assert isinstance(raised.value, PlanError) and isinstance(raised.value.__cause__, SigningUnavailableError)
    sample_plan.refresh_from_db()
    assert sample_plan.status == MonthlyPlan.Status.DRAFT and sample_plan.version == version
    assert not Revision.objects.exists()


def test_publish_plan_command_refuses_without_a_key_with_the_message(sample_plan, settings, tmp_path):
    settings.SIGNING_P12_PATH = str(tmp_path / "khong-co.p12")
    with pytest.raises(CommandError, match="Chưa cấu hình khóa ký số"):
        call_command("publish_plan", "2024", "1")
    assert not Revision.objects.exists()


def test_the_clerks_seal_without_the_offices_key_is_refused_with_the_message(
    client, sample_plan, approver, clerk, settings, tmp_path
):
    """A signing refusal reaches the văn thư as the step's message on the queue, not as a server error."""
    plan = issuing.submit(sample_plan, approver)
    issuing.sign(plan, approver, expected_sha256=issuing.prepare_signing(plan).sha256)
    settings.SIGNING_P12_PATH = str(tmp_path / "khong-co.p12")
    client.force_login(clerk)
    response = client.post("/van-phong/bac-giang/ke-hoach/2024/01/phat-hanh/", {"note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("workspace:issue_queue", args=["bac-giang"])
    assert any("Chưa cấu hình khóa ký số" in str(message) for message in get_messages(response.wsgi_request))
    assert MonthlyPlan.objects.get(pk=plan.pk).status == MonthlyPlan.Status.SIGNED
    assert not Revision.objects.exists()


def test_publish_plan_command_passes_the_note(sample_plan):
    call_command("publish_plan", "2024", "1", "--note", "Theo chỉ đạo của Chủ tịch")
    assert Revision.objects.get().note == "Theo chỉ đạo của Chủ tịch"


def test_a_signing_failure_rolls_the_publication_back(sample_plan, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"  # nothing listens there
    with pytest.raises(PlanError, match="Không ký số được"):
        publish_plan(sample_plan)
    sample_plan.refresh_from_db()
    assert sample_plan.status == MonthlyPlan.Status.DRAFT
    assert not Revision.objects.exists()


def _amend(amendment):
    """The four kinds of change, one each; returns what was changed."""
    items = {item.title[:30]: item for item in amendment.items.with_agencies()}
    removed = Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).order_by("position").last()
    removed_uid, removed_agencies = removed.uid, [agency.name for agency in removed.ordered_agencies]
    removed.delete()
    conference = Item.objects.filter(plan=amendment, part=Item.Part.CONFERENCE).order_by("date").first()
    old_date = conference.date
    conference.date = old_date + datetime.timedelta(days=1)
    conference.save()
    reassigned = Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).with_agencies().order_by("position")[0]
    old_agencies = reassigned.ordered_agencies
    culture = Agency.objects.create(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    reassigned.set_agencies([culture])
    added = Item.objects.create(plan=amendment, part=Item.Part.CHAIRMAN, position=99, title="Đề án phát triển du lịch")
    added.set_agencies([culture])
    assert items
    return {
        "removed": (removed_uid, removed_agencies),
        "moved": (conference.uid, old_date, conference.date),
        "reassigned": (reassigned.uid, [agency.name for agency in old_agencies]),
        "added": added.uid,
        "culture": culture,
    }


def test_second_publication_gives_revision_2_with_exactly_the_changes_made(published_sample, amendment):
    first_pdf_hash = sha256(bytes(published_sample.pdf))
    changed = _amend(amendment)
    publish_plan(amendment, note="Điều chỉnh lịch hội nghị")

    second = Revision.objects.get(year=2024, month=1, number=2)
    assert second.plan_id == amendment.pk
    assert second.amendment_number == 1
    published_sample.plan.refresh_from_db()
    assert published_sample.plan.status == MonthlyPlan.Status.SUPERSEDED

    entries = {entry.kind: entry for entry in second.changes.prefetch_related("agencies")}
    assert sorted(entries) == ["added", "moved", "reassigned", "removed"]
    assert second.changes.count() == 4

    removed_uid, removed_agencies = changed["removed"]
    assert entries["removed"].item_uid == removed_uid
    assert entries["removed"].old_agencies == removed_agencies
    assert sorted(a.name for a in entries["removed"].agencies.all()) == sorted(removed_agencies)

    uid, old_date, new_date = changed["moved"]
    assert (entries["moved"].item_uid, entries["moved"].old_date, entries["moved"].new_date) == (
        uid,
        old_date,
        new_date,
    )

    uid, old_names = changed["reassigned"]
    reassigned = entries["reassigned"]
    assert reassigned.item_uid == uid
    assert reassigned.old_agencies == old_names and reassigned.new_agencies == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert {a.name for a in reassigned.agencies.all()} == {*old_names, "Sở Văn hóa, Thể thao và Du lịch"}

    assert entries["added"].item_uid == changed["added"]
    assert [a.name for a in entries["added"].agencies.all()] == ["Sở Văn hóa, Thể thao và Du lịch"]

    # revision 1 is untouched
    first = Revision.objects.get(year=2024, month=1, number=1)
    assert sha256(bytes(first.pdf)) == first_pdf_hash == first.sha256
    assert not first.changes.exists()


def test_amended_pdf_is_titled_as_an_amendment_and_points_at_revision_2(published_sample, amendment, tmp_path):
    publish_plan(amendment)
    path = tmp_path / "ban-2.pdf"
    call_command("export_plan", "2024", "1", "--format", "pdf", "-o", str(path))
    assert path.read_bytes() == bytes(Revision.objects.get(number=2).pdf)
    text = pdftotext(path)
    assert "Điều chỉnh lần 1" in text
    assert "/bac-giang/ke-hoach/2024/01/ban/2/xac-thuc/" in text
    assert "Signature is Valid" in pdfsig(path)


def test_an_amendment_without_changes_has_an_empty_changelog(published_sample, amendment):
    publish_plan(amendment)
    assert not ChangeEntry.objects.exists()
    assert Revision.objects.filter(year=2024, month=1).count() == 2


def test_revision_numbers_count_per_month(published_sample, amendment):
    publish_plan(amendment)
    from programme.services import start_amendment

    third = start_amendment(MonthlyPlan.objects.published().get(year=2024, month=1))
    publish_plan(third)
    assert list(Revision.objects.for_month(2024, 1).values_list("number", flat=True)) == [3, 2, 1]
