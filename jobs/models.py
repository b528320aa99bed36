"""What the background jobs keep in the database, so that a job run twice does its work once.

- ``OutboxMessage``: one e-mail to send, written in the same transaction as the change it tells of, under a
  unique key; the job that sends it locks the row, sends, and marks it sent (jobs.outbox).
- ``BuiltFile``: one file built by a job (a session packet), under a unique key that fingerprints its inputs;
  building, ready or failed, its bytes in the default storage (jobs.builds).

This app imports no app of the project: every app may use it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không được")

    key = models.CharField(_("khóa"), max_length=255, unique=True)
    subject = models.TextField(_("tiêu đề"))
    body = models.TextField(_("nội dung"))
    from_email = models.CharField(_("người gửi"), max_length=255)
    to = models.JSONField(_("người nhận"), default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư chờ gửi")
        verbose_name_plural = _("thư chờ gửi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_state_created")]

    def __str__(self):
        return f"{self.key} ({self.get_state_display()})"


class BuiltFile(models.Model):
    class State(models.TextChoices):
        BUILDING = "building", _("Đang tạo")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Không tạo được")

    key = models.CharField(_("khóa"), max_length=255, unique=True)
    #: What the file is for (e.g. "session-packet:42"): the builds of one subject, whose older files are removed.
    subject = models.CharField(_("đối tượng"), max_length=100, db_index=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.BUILDING)
    #: The name in the default storage (local files or S3), empty until ready.
    name = models.CharField(_("tên tệp lưu trữ"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp tạo nền")
        verbose_name_plural = _("tệp tạo nền")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.key} ({self.get_state_display()})"
