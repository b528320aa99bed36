"""The follow-up of the tasks conclusion notices assign (conclusions.Task): the lead agency's progress reports
with their files, the Office's reviews (confirmed, or sent back), the reminders already sent (each once), and
each office's follow-up settings. The task's own state (done, reported, confirmed, assessment) stays on the
task; followup.services is the one place that writes it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.fields import COMMENT_MAX, NormalizedTextField
from agenda.models import Agency, Office
from conclusions.models import Task
from dossiers.models import CONTENT_TYPES, FileKind


def report_upload_to(instance, filename):
    """A name the app chooses (the user's is kept for display only), under the month of the upload."""
    today = timezone.localdate()
    return f"nhiem-vu/{today:%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class FollowupSettings(models.Model):
    """What an office may change about the follow-up; created with the defaults on first use (:meth:`of`)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="followup_settings", verbose_name=_("cơ quan ban hành")
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("nhắc trước hạn (ngày làm việc)"),
        default=3,
        help_text=_("Thư nhắc cơ quan chủ trì bao nhiêu ngày làm việc trước hạn của nhiệm vụ (0: vào ngày hạn)."),
    )

    class Meta:
        verbose_name = _("cài đặt theo dõi nhiệm vụ")
        verbose_name_plural = _("cài đặt theo dõi nhiệm vụ")

    def __str__(self):
        return str(self.office)

    @classmethod
    def of(cls, office):
        office_id = getattr(office, "pk", office)
        return cls.objects.get_or_create(office_id=office_id)[0]


class ProgressReport(models.Model):
    """What the lead agency reports on a task: progress (a percent, optionally), files, and whether it says the
    task is done (evidence attached), which the Office then confirms or sends back."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("nhiệm vụ")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người báo cáo"),
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    text = NormalizedTextField(_("nội dung báo cáo"), multiline=True, max_length=COMMENT_MAX)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    marks_done = models.BooleanField(_("báo cáo hoàn thành"), default=False)

    class Meta:
        verbose_name = _("báo cáo tiến độ nhiệm vụ")
        verbose_name_plural = _("báo cáo tiến độ nhiệm vụ")
        ordering = ["task", "-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_report_percent"),
            models.CheckConstraint(condition=~models.Q(text=""), name="progress_report_text_not_blank"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.task} ({self.at:%d/%m/%Y %H:%M})"


class ReportFile(models.Model):
    """A file attached to a progress report (Django's default storage: the files move with STORAGES)."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("báo cáo")
    )
    file = models.FileField(_("tệp"), upload_to=report_upload_to, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=200)
    kind = models.CharField(_("loại tệp"), max_length=10, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tệp báo cáo nhiệm vụ")
        verbose_name_plural = _("tệp báo cáo nhiệm vụ")
        ordering = ["report", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="report_file_not_empty"),
            models.CheckConstraint(condition=models.Q(kind__in=["pdf", "docx", "xlsx"]), name="report_file_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]


class OfficeReview(models.Model):
    """The Office's decision on a task reported done: confirmed, or sent back with its reason (each one kept)."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Xác nhận hoàn thành")
        RETURNED = "returned", _("Trả lại, chưa hoàn thành")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="office_reviews", verbose_name=_("nhiệm vụ"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người đánh giá"),
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    decision = models.CharField(_("quyết định"), max_length=20, choices=Decision.choices)
    assessment = NormalizedTextField(_("đánh giá"), multiline=True, max_length=COMMENT_MAX, blank=True)

    class Meta:
        verbose_name = _("đánh giá của Văn phòng")
        verbose_name_plural = _("đánh giá của Văn phòng")
        ordering = ["task", "-at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.task}"


class TaskReminder(models.Model):
    """A reminder sent about a task: one of each kind per task, ever (send_task_reminders is idempotent)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Nhắc trước hạn")
        OVERDUE = "overdue", _("Nhắc quá hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("nhiệm vụ"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)

    class Meta:
        verbose_name = _("thư nhắc nhiệm vụ")
        verbose_name_plural = _("thư nhắc nhiệm vụ")
        ordering = ["-sent_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="task_reminder_once")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.task}"
