"""backup_archive / restore_archive: everything round-trips, every PDF is checked against its record."""

import hashlib
import json
import shutil
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from access.roles import APPROVER_GROUP
from agenda.models import Agency, MonthlyPlan, Office
from backups.archive import project_models
from issuing.models import ChangeEntry, RegisterEntry, Revision, SignerProfile
from issuing.services import publish_plan
from meetings.models import Item
from programme.services import start_amendment
from proposals.models import Proposal
from tests.conftest import make_user

LETTER = b"%PDF-1.4 a registration letter"


def everything():
    """Every row of the project and every user, as comparable Python data."""
    rows = []
    for model in project_models():
        rows.extend(serializers.serialize("python", model._default_manager.order_by("pk")))
    rows.extend(serializers.serialize("python", User.objects.order_by("pk"), use_natural_foreign_keys=True))
    return rows  # binary fields (the PDFs, signature images) are compared as their base64 text


@pytest.fixture
def issued_and_amended(transactional_db, sample_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Office.objects.get_solo()
    office.name = "VĂN PHÒNG UBND TỈNH (sao lưu)"
    office.save()
    approver = make_user("lanhdao-sao-luu", APPROVER_GROUP)
    SignerProfile.objects.create(user=approver, full_name="Nguyễn Văn Ký", signature_image=b"\x89PNG fake")
    issued = publish_plan(sample_plan)
    amendment = start_amendment(issued)
    item = amendment.items.order_by("pk").first()
    item.title = "Nội dung đã điều chỉnh trước khi sao lưu"
    item.save()
    publish_plan(amendment)
    listed = Agency.objects.create(name="Sở Chỉ Có Trong Danh Mục", short_name="Sở CTDM", is_listed=True)
    proposal = Proposal(
        agency=listed, lead=listed, year=2024, month=2, part=Item.Part.SESSION, title="Đề án có công văn"
    )
    proposal.letter.save("cong-van.pdf", ContentFile(LETTER), save=True)
    assert Revision.objects.count() == 2 and ChangeEntry.objects.exists() and RegisterEntry.objects.exists()


def test_backup_then_restore_into_an_empty_database_loses_nothing(issued_and_amended, tmp_path, settings):
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_archive", str(archive), verbosity=0)
    before = everything()
    pdfs = {revision.sha256: bytes(revision.pdf) for revision in Revision.objects.all()}

    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        manifest = json.loads(opened.read("manifest.json"))
    assert sum(name.startswith("revisions/") and name.endswith(".pdf") for name in names) == 2
    assert manifest["counts"]["issuing.revision"] == 2

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not MonthlyPlan.objects.exists()
    call_command("restore_archive", str(archive), verbosity=0)

    after = everything()
    for old, new in zip(before, after, strict=True):
        assert old == new, {
            key: (old["fields"][key], new["fields"].get(key))
            for key in old["fields"]
            if old["fields"][key] != new["fields"].get(key)
        }
    for revision in Revision.objects.all():
        assert bytes(revision.pdf) == pdfs[revision.sha256]
        assert hashlib.sha256(bytes(revision.pdf)).hexdigest() == revision.sha256
    assert Office.objects.get_solo().name == "VĂN PHÒNG UBND TỈNH (sao lưu)"
    assert SignerProfile.objects.get().user.groups.filter(name=APPROVER_GROUP).exists()
    assert User.objects.get(username="lanhdao-sao-luu").check_password("mat-khau-dai-2024")
    with Proposal.objects.get().letter.open("rb") as letter:
        assert letter.read() == LETTER
    # New rows after a restore do not collide with restored ids.
    Agency.objects.create(name="Sở Tạo Sau Khi Khôi Phục", short_name="Sở TSKKP")


def test_restore_refuses_a_database_that_is_not_empty(issued_and_amended, tmp_path):
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_archive", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_archive", str(archive), verbosity=0)


def _rewrite(archive, target, change):
    with zipfile.ZipFile(archive) as source:
        members = {name: source.read(name) for name in source.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as written:
        for name, data in members.items():
            written.writestr(name, data)


def test_restore_refuses_a_pdf_that_differs_from_its_record(issued_and_amended, tmp_path):
    archive, forged = tmp_path / "sao-luu.zip", tmp_path / "gia-mao.zip"
    call_command("backup_archive", str(archive), verbosity=0)

    def swap_pdf(members):
        # A consistent forgery: the manifest's member hash is updated, the revision record is not.
        name = next(name for name in members if name.startswith("revisions/"))
        members[name] = members[name] + b"%% appended"
        manifest = json.loads(members["manifest.json"])
        manifest["members"][name] = hashlib.sha256(members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    _rewrite(archive, forged, swap_pdf)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="SHA-256 differs from its revision"):
        call_command("restore_archive", str(forged), verbosity=0)
    assert not MonthlyPlan.objects.exists()


def test_restore_refuses_a_damaged_member(issued_and_amended, tmp_path):
    archive, damaged = tmp_path / "sao-luu.zip", tmp_path / "hong.zip"
    call_command("backup_archive", str(archive), verbosity=0)

    def damage(members):
        members["data/records.json"] = members["data/records.json"].replace(b"Nguy", b"Ngux", 1)

    _rewrite(archive, damaged, damage)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore_archive", str(damaged), verbosity=0)


def test_restore_refuses_edited_records_with_a_recomputed_manifest(issued_and_amended, tmp_path):
    archive, forged = tmp_path / "sao-luu.zip", tmp_path / "gia-mao.zip"
    call_command("backup_archive", str(archive), verbosity=0)
    injected = "Nội dung chèn vào bản sao lưu"

    def edit_records(members):
        # What someone with the file but not the key can do: change a record, recompute every hash.
        records = json.loads(members["data/records.json"])
        item = next(entry for entry in records if entry["model"] == "meetings.item")
        item["fields"]["title"] = injected
        members["data/records.json"] = json.dumps(records, ensure_ascii=False).encode()
        manifest = json.loads(members["manifest.json"])
        manifest["members"]["data/records.json"] = hashlib.sha256(members["data/records.json"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    _rewrite(archive, forged, edit_records)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="manifest's signature does not match"):
        call_command("restore_archive", str(forged), verbosity=0)
    assert not MonthlyPlan.objects.exists() and not Item.objects.filter(title=injected).exists()
    assert not User.objects.exists()


def test_restore_refuses_an_archive_without_a_signature(issued_and_amended, tmp_path):
    archive, stripped = tmp_path / "sao-luu.zip", tmp_path / "khong-ky.zip"
    call_command("backup_archive", str(archive), verbosity=0)
    _rewrite(archive, stripped, lambda members: members.pop("manifest.sig"))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="not signed"):
        call_command("restore_archive", str(stripped), verbosity=0)
    assert not MonthlyPlan.objects.exists()


def test_an_archive_restores_only_with_the_key_that_signed_it(issued_and_amended, tmp_path, settings):
    archive = tmp_path / "sao-luu.zip"
    settings.BACKUP_KEY = "khoa-sao-luu-cua-van-phong-dai-hon-32-ky-tu"
    call_command("backup_archive", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    settings.BACKUP_KEY = "mot-khoa-khac-cung-dai-hon-32-ky-tu-nhe"
    with pytest.raises(CommandError, match="manifest's signature does not match"):
        call_command("restore_archive", str(archive), verbosity=0)
    assert not MonthlyPlan.objects.exists()
    settings.BACKUP_KEY = "khoa-sao-luu-cua-van-phong-dai-hon-32-ky-tu"
    call_command("restore_archive", str(archive), verbosity=0)
    assert MonthlyPlan.objects.exists()
