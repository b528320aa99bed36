"""Dossiers of the items of issued plans: the files the lead agency uploads, and who downloaded what.

An upload (``DossierSubmission``) holds one or more files; the newest submission of an item is its
dossier, the earlier ones stay (nothing is deleted). Files live in Django's default storage under
names the app chooses; the name the user gave is kept only for display and download.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.fields import COMMENT_MAX, NormalizedTextField
from agenda.models import Agency
from meetings.models import Item


def dossier_upload_to(instance, filename):
    today = timezone.localdate()
    return f"ho-so/{today:%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DossierSubmissionQuerySet(models.QuerySet):
    def current(self):
        """The newest submission of each item (the dossier as it stands)."""
        newer = DossierSubmission.objects.filter(item=models.OuterRef("item"), pk__gt=models.OuterRef("pk"))
        return self.exclude(models.Exists(newer))


class DossierSubmission(models.Model):
    """One upload of an item's dossier by its lead agency; a newer one supersedes it."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="dossier_submissions", verbose_name=_("nội dung")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossier_submissions", verbose_name=_("cơ quan")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    note = NormalizedTextField(_("ghi chú"), blank=True, multiline=True, max_length=COMMENT_MAX)

    objects = DossierSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần gửi hồ sơ")
        verbose_name_plural = _("các lần gửi hồ sơ")
        ordering = ["item", "-submitted_at", "-pk"]
        permissions = [("download_session_packet", _("Tải tài liệu phiên họp"))]

    def __str__(self):
        return f"{self.agency} — {self.item} ({self.submitted_at:%d/%m/%Y %H:%M})"

    def is_on_time(self, deadline):
        return deadline is None or timezone.localdate(self.submitted_at) <= deadline


class DossierFile(models.Model):
    submission = models.ForeignKey(
        DossierSubmission, on_delete=models.CASCADE, related_name="files", verbose_name=_("lần gửi")
    )
    file = models.FileField(_("tệp"), upload_to=dossier_upload_to, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=200)
    kind = models.CharField(_("loại tệp"), max_length=10, choices=FileKind.choices)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["submission", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="dossier_file_not_empty"),
            models.CheckConstraint(condition=models.Q(kind__in=["pdf", "docx", "xlsx"]), name="dossier_file_kind"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dossiers:file", args=[self.pk])

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]


class FileAccess(models.Model):
    """Every download of a stored file or of a session packet: who, what, when."""

    class What(models.TextChoices):
        DOSSIER_FILE = "dossier_file", _("Tệp hồ sơ")
        PROPOSAL_LETTER = "proposal_letter", _("Công văn đăng ký")
        SESSION_PACKET = "session_packet", _("Tài liệu phiên họp")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người tải")
    )
    what = models.CharField(_("loại"), max_length=20, choices=What.choices)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    name = models.CharField(_("tên tệp"), max_length=200)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt tải tệp")
        verbose_name_plural = _("lượt tải tệp")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} — {self.name} ({self.at:%d/%m/%Y %H:%M})"
