"""Issued revisions of a monthly programme, and what changed between them.

Publishing freezes a plan into a :class:`Revision`: the signed PDF, its SHA-256, a snapshot of
the plan in the interchange format, who issued it and when. A revision is never modified or
deleted: ``save()`` and ``delete()`` refuse, and so do the queryset's bulk paths.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import Agency, MonthlyPlan
from meetings.models import Item


class ImmutableRecordError(Exception):
    """An attempt to change or delete an issued record."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model.__name__} is immutable: it cannot be updated.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model.__name__} is immutable: it cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise ImmutableRecordError(f"{self.model.__name__} is immutable: it cannot be updated.")

    def update_or_create(self, *args, **kwargs):
        raise ImmutableRecordError(f"{self.model.__name__} is immutable: it cannot be updated.")


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{type(self).__name__} {self.pk} is immutable: it cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{type(self).__name__} {self.pk} is immutable: it cannot be deleted.")


class RevisionQuerySet(ImmutableQuerySet):
    def for_month(self, year, month):
        return self.filter(year=year, month=month)

    def without_pdf(self):
        """Everything but the PDF bytes, for lists and pages that only link to the file."""
        return self.defer("pdf", "snapshot")


class Revision(ImmutableModel):
    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("chương trình")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    number = models.PositiveSmallIntegerField(_("bản số"), help_text=_("1 là bản ban hành đầu tiên của tháng."))
    snapshot = models.JSONField(_("nội dung khi ban hành"), help_text=_("Chương trình theo định dạng trao đổi."))
    signer_name = models.CharField(_("người ký"), max_length=100)
    certificate_subject = models.CharField(_("chứng thư ký"), max_length=300)
    issued_at = models.DateTimeField(_("thời điểm ban hành"))
    note = models.TextField(_("ghi chú"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_revisions",
        verbose_name=_("người ban hành"),
    )
    pdf = models.BinaryField(_("tệp PDF đã ký"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ban hành")
        verbose_name_plural = _("bản ban hành")
        ordering = ["-year", "-month", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "number"], name="revision_unique_number_per_month"),
            models.UniqueConstraint(fields=["sha256"], name="revision_unique_sha256"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="revision_month_1_12"),
        ]

    def __str__(self):
        return f"{self.label} – {dates.month_label(self.year, self.month)}"

    def get_absolute_url(self):
        return reverse("issuing:revision_detail", kwargs=self._kwargs())

    def get_pdf_url(self):
        return reverse("issuing:revision_pdf", kwargs=self._kwargs())

    def get_verify_url(self):
        return reverse("issuing:revision_verify", kwargs=self._kwargs())

    def _kwargs(self):
        return {"year": self.year, "month": self.month, "number": self.number}

    @property
    def amendment_number(self):
        """0 for the first issue of the month, N for "Điều chỉnh lần N"."""
        return self.number - 1

    @property
    def label(self):
        if self.amendment_number:
            return gettext("Bản %(number)s (Điều chỉnh lần %(amendment)s)") % {
                "number": self.number,
                "amendment": self.amendment_number,
            }
        return gettext("Bản %(number)s") % {"number": self.number}

    @property
    def filename(self):
        return f"chuong-trinh-cong-tac-{self.year:04d}-{self.month:02d}-ban-{self.number}.pdf"


class ChangeEntry(ImmutableModel):
    """One change that a revision made to the previous one, and the agencies it concerns."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Bổ sung")
        REMOVED = "removed", _("Rút khỏi chương trình")
        MOVED = "moved", _("Đổi ngày")
        REASSIGNED = "reassigned", _("Đổi cơ quan chuẩn bị")
        CHANGED = "changed", _("Sửa nội dung, giờ hoặc địa điểm")

    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="changes", verbose_name=_("bản ban hành")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    item_uid = models.UUIDField(_("mã nội dung"))
    part = models.CharField(_("mục"), max_length=20, choices=Item.Part.choices)
    title = models.TextField(_("nội dung"))
    old_date = models.DateField(_("ngày cũ"), null=True, blank=True)
    new_date = models.DateField(_("ngày mới"), null=True, blank=True)
    old_agencies = models.JSONField(_("cơ quan chuẩn bị trước đây"), default=list, blank=True)
    new_agencies = models.JSONField(_("cơ quan chuẩn bị mới"), default=list, blank=True)
    agencies = models.ManyToManyField(
        Agency, related_name="issuing_changes", blank=True, verbose_name=_("cơ quan liên quan")
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("thay đổi")
        verbose_name_plural = _("thay đổi")
        ordering = ["revision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "position"], name="change_unique_position"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title[:60]}"

    @property
    def details(self):
        """What changed, in one Vietnamese phrase (the title is shown separately)."""
        old_date = dates.dated_label(self.old_date) if self.old_date else ""
        new_date = dates.dated_label(self.new_date) if self.new_date else ""
        old_agencies, new_agencies = ", ".join(self.old_agencies), ", ".join(self.new_agencies)
        if self.kind == self.Kind.ADDED:
            text = _("Nội dung mới") + (f" – {new_date}" if new_date else "")
            return text + (_("; cơ quan chuẩn bị: %(names)s") % {"names": new_agencies} if new_agencies else "")
        if self.kind == self.Kind.REMOVED:
            return _("Không còn trong chương trình") + (f" ({old_date})" if old_date else "")
        if self.kind == self.Kind.MOVED:
            return _("Chuyển từ %(old)s sang %(new)s") % {"old": old_date or "—", "new": new_date or "—"}
        if self.kind == self.Kind.REASSIGNED:
            return _("Cơ quan chuẩn bị: %(old)s → %(new)s") % {"old": old_agencies or "—", "new": new_agencies or "—"}
        return _("Sửa tên nội dung, giờ hoặc địa điểm")
