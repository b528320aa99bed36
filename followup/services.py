"""The one place that writes a task's follow-up: the lead agency's progress reports (reporting it done sets the
task's ``state`` to done and ``reported_done_at``), and the Office's decision (confirmed: ``confirmed_at``,
``confirmed_by``, ``assessment``; sent back: open again). Each refuses a page loaded before the task changed
(the version its form carries), and announces the change to the public pages (agency pages, calendars)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.signals import public_content_changed
from conclusions.models import Task
from followup.models import OfficeReview, ProgressReport, ReportFile
from followup.permissions import task_version


def _current_version(task):
    task.last_report = task.progress_reports.aggregate(last=Max("pk"))["last"]
    return task_version(task)


def _check_version(task, version):
    if version is not None and version != _current_version(task):
        raise ValidationError(
            _(
                "Nhiệm vụ vừa được cập nhật (báo cáo mới hoặc Văn phòng vừa đánh giá) sau khi trang được mở. "
                "Hãy xem lại trang rồi gửi lại."
            ),
            code="stale",
        )


def _announce(task):
    transaction.on_commit(lambda: public_content_changed.send(sender=Task, offices=[task.office_id]))


def report_progress(task, agency, user, *, text, percent=None, files=(), marks_done=False, version=None):
    """Record a progress report of ``task`` (locked by the caller's transaction) by its lead ``agency``;
    ``files`` are [(upload, kind, display name)] as dossiers' upload field checks them. Reporting done needs a
    file (the evidence) and a task not reported done already; nothing is written when refused."""
    _check_version(task, version)
    if task.confirmed_at is not None:
        raise ValidationError(_("Văn phòng đã xác nhận nhiệm vụ này hoàn thành; không báo cáo thêm được."))
    if marks_done and task.state == Task.State.DONE:
        raise ValidationError(_("Nhiệm vụ đã được báo cáo hoàn thành, đang chờ Văn phòng xác nhận."))
    if marks_done and not files:
        raise ValidationError(_("Hãy đính kèm ít nhất một tệp minh chứng khi báo cáo hoàn thành."))
    now = timezone.now()
    report = ProgressReport.objects.create(
        task=task,
        agency=agency,
        by=user,
        at=now,
        text=text,
        percent=100 if marks_done else percent,
        marks_done=marks_done,
    )
    for position, (upload, kind, name) in enumerate(files):
        upload.seek(0)
        ReportFile.objects.create(report=report, file=upload, name=name, kind=kind, size=upload.size, position=position)
    if marks_done:
        task.state, task.reported_done_at = Task.State.DONE, now
        task.save(update_fields=["state", "reported_done_at"])
        _announce(task)
    return report


def review_task(task, user, *, confirm, assessment, version=None):
    """The Office's decision on ``task`` (locked by the caller's transaction), reported done: confirm it (with
    its assessment) or send it back (the assessment says why: required). Nothing is written when refused."""
    _check_version(task, version)
    if task.state != Task.State.DONE or task.confirmed_at is not None:
        raise ValidationError(_("Chỉ xác nhận hoặc trả lại được nhiệm vụ đã báo cáo hoàn thành, chưa được xác nhận."))
    if not confirm and not assessment:
        raise ValidationError(_("Hãy ghi lý do trả lại để cơ quan chủ trì biết cần làm tiếp gì."))
    now = timezone.now()
    OfficeReview.objects.create(
        task=task,
        by=user,
        at=now,
        decision=OfficeReview.Decision.CONFIRMED if confirm else OfficeReview.Decision.RETURNED,
        assessment=assessment,
    )
    task.assessment = assessment
    if confirm:
        task.confirmed_at, task.confirmed_by = now, user
    else:
        task.state, task.reported_done_at = Task.State.OPEN, None
    task.save(update_fields=["assessment", "confirmed_at", "confirmed_by", "state", "reported_done_at"])
    _announce(task)
    return task
