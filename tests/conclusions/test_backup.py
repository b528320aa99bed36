"""The notices, their tasks and their signed revisions go into the backup archive and come back whole."""

import json
import zipfile

import pytest
from django.core.management import call_command

from conclusions import chain
from conclusions.drafting import load_conclusion
from conclusions.models import ConclusionRevision, Task
from issuing.services import publish_plan
from tests.backups.test_archive import everything
from tests.conclusions.conftest import sample_data


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_keeps_the_notices_tasks_and_signed_revisions(sample_plan, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    publish_plan(sample_plan)
    conclusion, _created = load_conclusion(sample_data(), sample_plan.office)
    revision = chain.publish_conclusion(conclusion)
    pdf = bytes(revision.pdf)
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_archive", str(archive), verbosity=0)
    before = everything()
    with zipfile.ZipFile(archive) as opened:
        counts = json.loads(opened.read("manifest.json"))["counts"]
    assert counts["conclusions.conclusionrevision"] == 1 and counts["conclusions.task"] == 7

    call_command("flush", interactive=False, verbosity=0)
    assert not Task.objects.exists()
    call_command("restore_archive", str(archive), verbosity=0)
    assert everything() == before
    assert bytes(ConclusionRevision.objects.get().pdf) == pdf
    assert Task.objects.published().count() == 7
