"""backup_archive / restore_archive with object storage: the files inside the archive come from the bucket and
are restored into it, and the archive itself is written to and read from a bucket (--storage: the app's; or
s3://bucket/key: another), with nothing under VAR_DIR."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.models import Agency, MonthlyPlan
from issuing.models import Revision
from issuing.services import publish_plan
from meetings.models import Item
from proposals.models import Proposal

LETTER = b"%PDF-1.4 a registration letter kept in the bucket"


@pytest.fixture
def backed_up(s3, transactional_db, sample_plan):
    """An issued programme and a proposal whose letter is an object of the bucket."""
    publish_plan(sample_plan)
    agency = Agency.objects.create(name="Sở Có Công Văn", short_name="Sở CCV", is_listed=True)
    proposal = Proposal(agency=agency, lead=agency, year=2024, month=2, part=Item.Part.SESSION, title="Đề án")
    proposal.letter.save("cong-van.pdf", ContentFile(LETTER), save=True)
    assert proposal.letter.name in s3.object_keys("de-xuat/")
    return proposal.letter.name


def wipe(s3, *keys):
    """An empty database, and the objects ``keys`` gone from the bucket."""
    call_command("flush", interactive=False, verbosity=0)
    for key in keys:
        s3.client.delete_object(Bucket=s3.name, Key=key)
    assert not MonthlyPlan.objects.exists() and not Proposal.objects.exists()


def test_the_archive_goes_to_the_bucket_and_restores_the_files_into_it(s3, backed_up):
    call_command("backup_archive", "sao-luu/toan-bo.zip", "--storage", verbosity=0)
    assert "sao-luu/toan-bo.zip" in s3.object_keys("sao-luu/")
    with zipfile.ZipFile(io.BytesIO(s3.read("sao-luu/toan-bo.zip"))) as archive:
        assert archive.read(f"media/{backed_up}") == LETTER  # read from the bucket
        assert sum(name.startswith("revisions/") for name in archive.namelist()) == 1

    wipe(s3, backed_up)
    call_command("restore_archive", "sao-luu/toan-bo.zip", "--storage", verbosity=0)
    assert Proposal.objects.get().letter.name == backed_up and s3.read(backed_up) == LETTER
    assert Revision.objects.count() == 1
    assert s3.var_files() == []


def test_an_archive_in_another_bucket_by_its_s3_address(s3, backed_up):
    s3.client.create_bucket(Bucket=f"{s3.name}-sao-luu")
    address = f"s3://{s3.name}-sao-luu/2024/01/toan-bo.zip"
    call_command("backup_archive", address, verbosity=0)
    stored = s3.client.list_objects_v2(Bucket=f"{s3.name}-sao-luu")["Contents"]
    assert [entry["Key"] for entry in stored] == ["2024/01/toan-bo.zip"]
    assert "2024/01/toan-bo.zip" not in s3.object_keys()  # not in the app's bucket

    wipe(s3, backed_up)
    call_command("restore_archive", address, verbosity=0)
    assert Proposal.objects.get().letter.read() == LETTER
    assert s3.var_files() == []


def test_a_missing_or_malformed_place_is_refused_and_nothing_restored(s3, backed_up):
    with pytest.raises(CommandError, match="no such archive"):
        call_command("restore_archive", "sao-luu/khong-co.zip", "--storage", verbosity=0)
    with pytest.raises(CommandError, match="s3://bucket/key"):
        call_command("backup_archive", "s3://chi-co-bucket", verbosity=0)
    assert s3.object_keys("sao-luu/") == []
