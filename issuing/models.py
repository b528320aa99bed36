"""Issued revisions of a monthly programme, and what changed between them.

Publishing freezes a plan into a :class:`Revision`: the signed PDF, its SHA-256, a snapshot of
the plan in the interchange format, who issued it and when. A revision is never modified or
deleted: ``save()`` and ``delete()`` refuse, and so do the queryset's bulk paths.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import Agency, MonthlyPlan, Office
from agenda.offices import office_slug
from issuing import pdf_files
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
    def of(self, office):
        """The revisions ``office`` (an Office or its pk) issued: each office numbers its months' revisions."""
        return self.filter(office=office)

    def for_month(self, year, month):
        return self.filter(year=year, month=month)

    def without_pdf(self):
        """Everything but the PDF bytes, for lists and pages that only link to the file."""
        return self.defer("pdf", "snapshot")


class Revision(ImmutableModel):
    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("chương trình")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("cơ quan ban hành")
    )  # the plan's, kept here so that each office numbers its own months' revisions (a constraint below)
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
    register_number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_revisions",
        verbose_name=_("người ký duyệt"),
    )
    approved_at = models.DateTimeField(_("thời điểm ký duyệt"), null=True, blank=True)
    approver_certificate = models.CharField(_("chứng thư người ký"), max_length=300, blank=True)
    approver_note = models.TextField(_("ghi chú của người ký"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ban hành")
        verbose_name_plural = _("bản ban hành")
        ordering = ["-year", "-month", "-number"]
        permissions = [
            ("seal_revision", _("Ký số của Văn phòng, đóng dấu và phát hành văn bản đã được lãnh đạo ký")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "month", "number"], name="revision_unique_number_per_month"
            ),
            models.UniqueConstraint(fields=["sha256"], name="revision_unique_sha256"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="revision_month_1_12"),
        ]

    def __str__(self):
        return f"{self.label} – {dates.month_label(self.year, self.month)}"

    def get_absolute_url(self):
        return reverse("public:revision_detail", kwargs=self._kwargs())

    def get_pdf_url(self):
        return reverse("public:revision_pdf", kwargs=self._kwargs())

    def get_verify_url(self):
        return reverse("public:revision_verify", kwargs=self._kwargs())

    def _kwargs(self):
        return {"office": office_slug(self.office_id), "year": self.year, "month": self.month, "number": self.number}

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

    def pdf_file(self):
        """The name (in issuing.pdf_files' storage) of the signed bytes' file, named by their SHA-256, written
        from the database the first time it is asked for; the bytes are read only then."""
        return pdf_files.pdf_file(
            self.sha256, lambda: bytes(Revision.objects.values_list("pdf", flat=True).get(pk=self.pk))
        )


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
    # A changed item: [field, old, new] for each of title, time ("HH:MM" or ""), place, part that changed.
    edits = models.JSONField(_("giá trị cũ và mới"), default=list, blank=True)
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
        if self.edits:
            return capfirst("; ".join(_edit_text(*edit) for edit in self.edits))
        return _("Sửa tên nội dung, giờ hoặc địa điểm")  # recorded before the old and new values were kept


def _edit_text(name, old, new):
    """ "nội dung: “old” → “new”", "giờ: 08 giờ 00 → 14 giờ 00", "địa điểm: — → Hội trường B"."""
    if name == "title":
        return _("nội dung: “%(old)s” → “%(new)s”") % {"old": old, "new": new}
    if name == "time":
        old, new = (dates.time_label(datetime.time.fromisoformat(value)) if value else "—" for value in (old, new))
        return _("giờ: %(old)s → %(new)s") % {"old": old, "new": new}
    if name == "place":
        return _("địa điểm: %(old)s → %(new)s") % {"old": old or "—", "new": new or "—"}
    old, new = (Item.Part(value).label if value in Item.Part.values else value for value in (old, new))
    return _("mục: %(old)s → %(new)s") % {"old": old, "new": new}


class RegisterEntryQuerySet(models.QuerySet):
    def for_year(self, year, office):
        return self.filter(office=office, year=year)


class RegisterEntry(models.Model):
    """A number of an office's register of outgoing programmes (sổ đăng ký văn bản đi, Điều 15).

    Each office keeps its own register: numbers run from 1 on 1 January, consecutive within the year. A
    number is bound to a plan the first time its signing page is shown and stays with it if signing is
    cancelled or the plan is returned; ``issuing.services.reserve_number`` is the only writer.
    """

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="register_entries", verbose_name=_("cơ quan ban hành")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    plan = models.OneToOneField(
        MonthlyPlan, on_delete=models.PROTECT, related_name="register_entry", verbose_name=_("chương trình")
    )
    reserved_at = models.DateTimeField(_("thời điểm cấp số"), auto_now_add=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("số văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "number"], name="register_unique_number_per_year"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="register_number_positive"),
        ]

    def __str__(self):
        return f"{self.label}/{self.year}"

    @property
    def label(self):
        """ "07": numbers below 10 take a leading zero (Nghị định 30)."""
        return f"{self.number:02d}"


class ApproverSignature(models.Model):
    """The competent person's signature on a plan, waiting for the văn thư's seal.

    ``pdf`` is the final render signed once (by the approver); sealing appends the Office's
    signature to these bytes. Returning the plan deletes the row: nothing signed stays valid.
    """

    plan = models.OneToOneField(
        MonthlyPlan, on_delete=models.CASCADE, related_name="approver_signature", verbose_name=_("chương trình")
    )
    revision_number = models.PositiveSmallIntegerField(_("bản số"))
    issue_date = models.DateField(_("ngày ban hành"))
    rendered_sha256 = models.CharField(_("mã băm bản được ký"), max_length=64)
    pdf = models.BinaryField(_("tệp PDF đã ký duyệt"))
    layout = models.JSONField(
        _("vị trí chữ ký"),
        default=dict,
        help_text=_("Trang, ô chữ ký của văn bản và khung hình chữ ký (điểm PDF): con dấu đặt theo đó."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký"),
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))
    certificate_subject = models.CharField(_("chứng thư người ký"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chữ ký của người có thẩm quyền")
        verbose_name_plural = _("chữ ký của người có thẩm quyền")
        ordering = ["signed_at"]

    def __str__(self):
        return f"{self.plan} – {self.signed_at:%Y-%m-%d %H:%M}"


class SignerProfile(models.Model):
    """An approver's own signing identity and the image of their handwritten signature.

    In production the key lives on a PKCS#11 token or HSM: an administrator sets its labels here;
    the PIN is typed at signing and never stored. In development, test certificates stand in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signer_profile", verbose_name=_("tài khoản")
    )
    full_name = models.CharField(_("họ tên trên chứng thư"), max_length=100, blank=True)
    pkcs11_token_label = models.CharField(
        _("nhãn thiết bị ký số (token)"), max_length=100, blank=True, help_text=_("Để trống: thiết bị đầu tiên.")
    )
    pkcs11_key_label = models.CharField(
        _("nhãn khóa ký số"), max_length=100, blank=True, help_text=_("Nhãn khóa và chứng thư trên thiết bị PKCS#11.")
    )
    signature_image = models.BinaryField(
        _("hình chữ ký"), blank=True, editable=True, help_text=_("Ảnh PNG nền trong suốt, mực xanh.")
    )
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    class Meta:
        verbose_name = _("thông tin ký số của lãnh đạo")
        verbose_name_plural = _("thông tin ký số của lãnh đạo")
        ordering = ["user__username"]

    def __str__(self):
        return self.full_name or self.user.get_full_name() or self.user.get_username()


class OfficeSigningKey(models.Model):
    """Where an office's own seal key is, when it is on a PKCS#11 token or HSM: the labels an administrator
    sets (the library is SIGNING_PKCS11_LIB; the PIN is never stored here). An office without labels signs
    with its PKCS#12 file under SIGNING_DIR (``issuing.identities.office_identity`` says which)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="signing_key", verbose_name=_("cơ quan ban hành")
    )
    pkcs11_token_label = models.CharField(
        _("nhãn thiết bị ký số (token)"), max_length=100, blank=True, help_text=_("Để trống: thiết bị đầu tiên.")
    )
    pkcs11_key_label = models.CharField(
        _("nhãn khóa ký số của cơ quan"),
        max_length=100,
        blank=True,
        help_text=_("Nhãn khóa và chứng thư của cơ quan trên thiết bị PKCS#11; để trống: dùng tệp khóa PKCS#12."),
    )
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    class Meta:
        verbose_name = _("khóa ký số của cơ quan")
        verbose_name_plural = _("khóa ký số của cơ quan")
        ordering = ["office"]

    def __str__(self):
        return str(self.office)
