"""Conclusion notices (Thông báo kết luận, type TB of Nghị định 30/2020) and the tasks they assign.

After each regular session the Office writes what the Committee decided on each item, assigns tasks to
agencies with deadlines and issues the notice through the same chain as the programme (approver's
signature, then the văn thư's seal), numbered in its own register series per office and year. An issued
notice is frozen into an immutable :class:`ConclusionRevision`; amending it reopens the working copy in
place (so the tasks keep their rows, and their follow-up, across amendments) and issuing it again adds
the next revision.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, NormalizedCharField, NormalizedTextField
from agenda.models import Agency, Office
from agenda.offices import office_slug
from issuing import pdf_files
from issuing.models import ImmutableModel, ImmutableQuerySet
from meetings.models import Item, RegularSession

TEXT_MAX = 20000


def working_days_after(day, count):
    """The ``count``-th working day after ``day`` (weekends and public holidays skipped, agenda.dates):
    5 working days after Friday 19/01/2024 is Friday 26/01/2024."""
    for _step in range(count):
        day = dates.next_working_day(day)
    return day


class ConclusionSettings(models.Model):
    """What an office may change about its notices; created with the defaults on first use (:meth:`of`)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="conclusion_settings", verbose_name=_("cơ quan ban hành")
    )
    symbol = NormalizedCharField(_("ký hiệu"), max_length=40, default="TB-UBND", help_text=_("Ví dụ: TB-UBND."))
    signer_authority = NormalizedCharField(
        _("quyền hạn ký"), max_length=100, default="TL. CHỦ TỊCH", blank=True, help_text=_("Ví dụ: TL. CHỦ TỊCH.")
    )
    signer_title = NormalizedCharField(
        _("chức vụ người ký"), max_length=100, default="CHÁNH VĂN PHÒNG", help_text=_("Ví dụ: CHÁNH VĂN PHÒNG.")
    )
    signer_name = NormalizedCharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = NormalizedTextField(
        _("nơi nhận"),
        max_length=COMMENT_MAX,
        blank=True,
        default="",
        help_text=_("Mỗi dòng một nơi nhận; để trống: các cơ quan được giao nhiệm vụ và Lưu: VT."),
    )
    issue_days = models.PositiveSmallIntegerField(
        _("thời hạn ban hành (ngày làm việc)"), default=5, help_text=_("Số ngày làm việc sau phiên họp.")
    )
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    class Meta:
        verbose_name = _("cài đặt thông báo kết luận")
        verbose_name_plural = _("cài đặt thông báo kết luận")

    def __str__(self):
        return str(self.office)

    @classmethod
    def of(cls, office):
        """The office's settings, created with the defaults the first time they are asked for."""
        office_id = getattr(office, "pk", office)
        return cls.objects.get_or_create(office_id=office_id)[0]


class ConclusionQuerySet(models.QuerySet):
    def of(self, office):
        return self.filter(office=office)

    def issued(self):
        """Notices with at least one issued revision (the public sees the latest revision's snapshot)."""
        return self.filter(revision_count__gte=1)


class Conclusion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        RETURNED = "returned", _("Trả lại, chờ sửa")
        SIGNED = "signed", _("Đã ký, chờ phát hành")
        ISSUED = "issued", _("Đã ban hành")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="conclusions", verbose_name=_("cơ quan ban hành")
    )
    session = models.ForeignKey(
        RegularSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conclusions",
        verbose_name=_("phiên họp"),
    )
    conference = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conference_conclusions",
        verbose_name=_("hội nghị"),
        help_text=_("Chỉ dùng cho thông báo kết luận một hội nghị."),
    )
    session_date = models.DateField(_("ngày họp"))
    title = NormalizedTextField(_("trích yếu"), max_length=ITEM_TITLE_MAX)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    register_year = models.PositiveSmallIntegerField(_("năm đăng ký"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    revision_count = models.PositiveSmallIntegerField(_("số lần ban hành"), default=0, editable=False)
    review_note = models.TextField(_("ý kiến khi trả lại"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    objects = ConclusionQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        ordering = ["office", "-session_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "session_date"],
                condition=models.Q(conference__isnull=True),
                name="conclusion_one_per_session_date",
            ),
            models.UniqueConstraint(
                fields=["office", "conference"],
                condition=models.Q(conference__isnull=False),
                name="conclusion_one_per_conference",
            ),
            models.UniqueConstraint(
                fields=["office", "register_year", "register_number"], name="conclusion_unique_register_number"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def touch(self, *, save=True):
        """The one way the version moves: every change of the notice or its parts calls it."""
        self.version += 1
        if save:
            self.save()

    def issue_deadline(self, issue_days=None):
        """The last day for issuing: ``issue_days`` working days after the session (the office's setting)."""
        if issue_days is None:
            issue_days = ConclusionSettings.of(self.office_id).issue_days
        return working_days_after(self.session_date, issue_days)


class ConclusionEntry(models.Model):
    """What the Committee concluded on one item of the session (or a free paragraph, without item)."""

    conclusion = models.ForeignKey(
        Conclusion, on_delete=models.CASCADE, related_name="entries", verbose_name=_("thông báo kết luận")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conclusion_entries",
        verbose_name=_("nội dung"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    heading = NormalizedTextField(
        _("tên nội dung"), max_length=ITEM_TITLE_MAX, blank=True, help_text=_("Tên nội dung khi lập dự thảo.")
    )
    text = NormalizedTextField(_("kết luận"), max_length=TEXT_MAX, blank=True)
    deferred_year = models.PositiveSmallIntegerField(_("hoãn sang năm"), null=True, blank=True)
    deferred_month = models.PositiveSmallIntegerField(_("hoãn sang tháng"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết luận nội dung")
        verbose_name_plural = _("kết luận nội dung")
        ordering = ["conclusion", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deferred_year__isnull=True, deferred_month__isnull=True)
                | models.Q(deferred_year__isnull=False, deferred_month__gte=1, deferred_month__lte=12),
                name="conclusion_entry_deferred_month",
            ),
        ]

    def __str__(self):
        return self.heading[:80]

    @property
    def is_deferred(self):
        return self.deferred_month is not None

    @property
    def deferred_label(self):
        return dates.month_label(self.deferred_year, self.deferred_month) if self.is_deferred else ""


class TaskQuerySet(models.QuerySet):
    def of(self, office):
        return self.filter(office=office)

    def published(self):
        """Tasks an agency may see: issued in a notice (``published_at`` is set when its notice is sealed)."""
        return self.filter(published_at__isnull=False)

    def for_agency(self, agency):
        """Tasks ``agency`` leads or supports."""
        return self.filter(models.Q(lead=agency) | models.Q(supporting=agency)).distinct()

    def with_status(self, today):
        """Each task with ``status`` (one of Task.Status) computed from its deadline, ``today`` and when it was
        done: reported done by its lead agency (or, for a task the Office closed itself, confirmed) on or before the
        deadline is done, after it is done late: an agency that reported in time is not late because the
        Office confirmed later; not done: not due yet, in progress (due within a week) or overdue."""
        finished = Coalesce(TruncDate("reported_done_at"), TruncDate("confirmed_at"))
        return self.annotate(
            finished_on=models.Case(
                models.When(state=Task.State.DONE, then=finished), default=None, output_field=models.DateField()
            )
        ).annotate(
            status=models.Case(
                models.When(
                    state=Task.State.DONE,
                    then=models.Case(
                        models.When(
                            models.Q(deadline__isnull=False) & models.Q(**{"finished_on__gt": models.F("deadline")}),
                            then=models.Value(Task.Status.DONE_LATE),
                        ),
                        default=models.Value(Task.Status.DONE),
                    ),
                ),
                models.When(deadline__lt=today, then=models.Value(Task.Status.OVERDUE)),
                models.When(
                    deadline__lte=today + datetime.timedelta(days=Task.IN_PROGRESS_DAYS),
                    then=models.Value(Task.Status.IN_PROGRESS),
                ),
                models.When(deadline__isnull=True, then=models.Value(Task.Status.IN_PROGRESS)),
                default=models.Value(Task.Status.NOT_DUE),
                output_field=models.CharField(),
            ),
        )


class Task(models.Model):
    """A task a notice assigns: content, lead and supporting agencies, deadline, and how it went."""

    class State(models.TextChoices):
        OPEN = "open", _("Chưa hoàn thành")
        DONE = "done", _("Đã hoàn thành")

    class Status(models.TextChoices):
        NOT_DUE = "not_due", _("Chưa đến hạn")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        OVERDUE = "overdue", _("Quá hạn")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")

    #: A task not done whose deadline is within this many days is shown "đang thực hiện" (before: "chưa đến hạn").
    IN_PROGRESS_DAYS = 7

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("cơ quan ban hành")
    )
    conclusion = models.ForeignKey(
        Conclusion, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("thông báo kết luận")
    )
    entry = models.ForeignKey(
        ConclusionEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("kết luận nội dung"),
    )
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("nội dung")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = NormalizedTextField(_("nhiệm vụ"), max_length=TEXT_MAX)
    lead = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("cơ quan chủ trì")
    )
    supporting = models.ManyToManyField(
        Agency, blank=True, related_name="supported_tasks", verbose_name=_("cơ quan phối hợp")
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.OPEN)
    reported_done_at = models.DateTimeField(_("thời điểm báo cáo hoàn thành"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("thời điểm Văn phòng xác nhận"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="confirmed_tasks",
        verbose_name=_("người xác nhận"),
    )
    assessment = NormalizedTextField(_("đánh giá của Văn phòng"), max_length=COMMENT_MAX, blank=True, default="")
    published_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True, editable=False)
    uid = models.UUIDField(_("mã nhiệm vụ"), default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["conclusion", "position", "pk"]
        indexes = [models.Index(fields=["office", "deadline"], name="task_office_deadline")]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        """The agencies are the office's own (the pickers and the loader offer no other)."""
        if self.lead_id and self.office_id and self.lead.office_id != self.office_id:
            raise ValidationError({"lead": _("Cơ quan chủ trì phải thuộc danh mục cơ quan của đơn vị ban hành.")})

    def status_on(self, today):
        """The displayed status on ``today`` (the same rule as TaskQuerySet.with_status, for one task)."""
        if self.state == self.State.DONE:
            finished = self.reported_done_at or self.confirmed_at
            if self.deadline and finished and timezone.localdate(finished) > self.deadline:
                return self.Status.DONE_LATE
            return self.Status.DONE
        if self.deadline is None:
            return self.Status.IN_PROGRESS
        if self.deadline < today:
            return self.Status.OVERDUE
        if self.deadline <= today + datetime.timedelta(days=self.IN_PROGRESS_DAYS):
            return self.Status.IN_PROGRESS
        return self.Status.NOT_DUE


class ConclusionSignature(models.Model):
    """The approver's signature on a notice, waiting for the văn thư's seal (as issuing.ApproverSignature)."""

    conclusion = models.OneToOneField(
        Conclusion, on_delete=models.CASCADE, related_name="approver_signature", verbose_name=_("thông báo kết luận")
    )
    issue_date = models.DateField(_("ngày ban hành"))
    rendered_sha256 = models.CharField(_("mã băm bản được ký"), max_length=64)
    pdf = models.BinaryField(_("tệp PDF đã ký duyệt"))
    layout = models.JSONField(_("vị trí chữ ký"), default=dict)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("thời điểm ký"))
    certificate_subject = models.CharField(_("chứng thư người ký"), max_length=300)

    class Meta:
        verbose_name = _("chữ ký thông báo kết luận")
        verbose_name_plural = _("chữ ký thông báo kết luận")

    def __str__(self):
        return f"{self.conclusion} – {self.signed_at:%Y-%m-%d %H:%M}"


class ConclusionRevisionQuerySet(ImmutableQuerySet):
    def of(self, office):
        return self.filter(office=office)

    def without_pdf(self):
        return self.defer("pdf", "snapshot")


class ConclusionRevision(ImmutableModel):
    """An issued notice, frozen: the signed PDF, its SHA-256, the snapshot in the interchange format."""

    conclusion = models.ForeignKey(
        Conclusion, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("thông báo kết luận")
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành"))
    session_date = models.DateField(_("ngày họp"))
    number = models.PositiveSmallIntegerField(_("bản số"))
    register_year = models.PositiveSmallIntegerField(_("năm đăng ký"))
    register_number = models.PositiveIntegerField(_("số văn bản"))
    register_label = models.CharField(_("số và ký hiệu"), max_length=80)
    title = models.TextField(_("trích yếu"))
    snapshot = models.JSONField(_("nội dung khi ban hành"))
    signer_name = models.CharField(_("người ký"), max_length=100)
    certificate_subject = models.CharField(_("chứng thư ký"), max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("thời điểm ký duyệt"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("thời điểm ban hành"))
    issue_date = models.DateField(_("ngày ban hành"))
    pdf = models.BinaryField(_("tệp PDF đã ký"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)

    objects = ConclusionRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ban hành thông báo kết luận")
        verbose_name_plural = _("bản ban hành thông báo kết luận")
        ordering = ["-session_date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "number"], name="conclusion_revision_unique_number"),
            models.UniqueConstraint(
                fields=["office", "register_year", "register_number"], name="conclusion_revision_unique_register"
            ),
            models.UniqueConstraint(fields=["sha256"], name="conclusion_revision_unique_sha256"),
        ]

    def __str__(self):
        return f"{self.register_label} ({self.session_date:%d/%m/%Y})"

    def _kwargs(self):
        day = self.session_date
        return {"office": office_slug(self.office_id), "year": day.year, "month": day.month, "day": day.day}

    def get_absolute_url(self):
        return reverse("conclusions_public:revision", kwargs={**self._kwargs(), "number": self.number})

    def get_pdf_url(self):
        return reverse("conclusions_public:revision_pdf", kwargs={**self._kwargs(), "number": self.number})

    def get_notice_url(self):
        """The notice's page: its latest revision."""
        return reverse("conclusions_public:notice", kwargs=self._kwargs())

    @property
    def filename(self):
        return f"thong-bao-ket-luan-{self.session_date:%Y-%m-%d}-ban-{self.number}.pdf"

    def pdf_file(self):
        """The name (in issuing.pdf_files' storage: files, or the bucket) of the signed bytes' file, named by their
        SHA-256, written from the database the first time it is asked for."""
        return pdf_files.pdf_file(
            self.sha256, lambda: bytes(ConclusionRevision.objects.values_list("pdf", flat=True).get(pk=self.pk))
        )
