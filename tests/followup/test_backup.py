"""The follow-up's rows (reports, their files, the Office's reviews, reminders sent, settings) go into the backup
archive, whole or one office's, and come back whole."""

import json
import shutil
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from followup import services
from followup.models import FollowupSettings, ProgressReport, ReportFile
from followup.reminders import send_task_reminders
from tests.backups.test_archive import everything
from tests.followup.conftest import TODAY, task
from tests.workspace.files import pdf_bytes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scope", [[], ["--office", "bac-giang"]])
def test_backup_then_restore_keeps_the_follow_up(notice, planning, planning_user, approver, scope, tmp_path):
    FollowupSettings.of(notice.office)
    overdue = task(notice, planning, TODAY.replace(day=1))
    send_task_reminders(TODAY)
    row = task(notice, planning, TODAY)
    evidence = SimpleUploadedFile("minh-chung.pdf", pdf_bytes("Minh chứng"), content_type="application/pdf")
    services.report_progress(
        row, planning, planning_user, text="Xong", files=[(evidence, "pdf", "minh-chung.pdf")], marks_done=True
    )
    services.review_task(row, approver, confirm=True, assessment="Tốt")
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_archive", str(archive), *scope, verbosity=0)
    before = everything()
    with zipfile.ZipFile(archive) as opened:
        counts = json.loads(opened.read("manifest.json"))["counts"]
    assert counts["followup.progressreport"] == 1 and counts["followup.reportfile"] == 1
    assert counts["followup.officereview"] == 1 and counts["followup.taskreminder"] == 1

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)  # the files come back from the archive, not from the disk
    assert not ProgressReport.objects.exists()
    call_command("restore_archive", str(archive), verbosity=0)
    assert everything() == before
    assert ReportFile.objects.get().file.read().startswith(b"%PDF-")
    assert overdue.reminders.count() == 1
