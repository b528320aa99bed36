"""Proposals ("đăng ký nội dung"): what a department registers for a coming month's programme.

The Office decides on each: accepted (it becomes an item of the month's working draft, linked
back here), deferred to a later month (it moves to that month's inbox), or rejected with a reason.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, NormalizedTextField
from agenda.models import Agency
from meetings.models import Item


def letter_upload_to(instance, filename):
    today = timezone.localdate()
    return f"de-xuat/{today:%Y/%m}/{uuid.uuid4().hex}.{instance.letter_kind}"


class ProposalQuerySet(models.QuerySet):
    def of(self, office):
        """The proposals made to ``office``: those of its agencies."""
        return self.filter(agency__office=office)

    def for_month(self, year, month):
        return self.filter(year=year, month=month)

    def undecided(self):
        return self.filter(status__in=[Proposal.Status.SUBMITTED, Proposal.Status.DEFERRED])

    def with_agencies(self):
        return self.select_related("agency", "lead", "item__plan").prefetch_related("supporting")


class Proposal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ xem xét")
        ACCEPTED = "accepted", _("Đã đưa vào dự thảo")
        DEFERRED = "deferred", _("Chuyển sang tháng sau")
        REJECTED = "rejected", _("Không đưa vào")

    DECIDED = (Status.ACCEPTED, Status.REJECTED)

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("cơ quan đăng ký")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    part = models.CharField(_("hình thức"), max_length=20, choices=Item.Part.choices)
    title = NormalizedTextField(_("nội dung"), max_length=ITEM_TITLE_MAX)
    wished_date = models.DateField(
        _("ngày đề nghị"), null=True, blank=True, help_text=_("Phiên họp hoặc ngày hội nghị mong muốn.")
    )
    lead = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="led_proposals", verbose_name=_("cơ quan chủ trì")
    )
    supporting = models.ManyToManyField(
        Agency, blank=True, related_name="supported_proposals", verbose_name=_("cơ quan phối hợp")
    )
    basis = NormalizedTextField(
        _("căn cứ"),
        blank=True,
        multiline=True,
        max_length=COMMENT_MAX,
        help_text=_("Ví dụ: Chương trình công tác năm, ý kiến chỉ đạo của lãnh đạo."),
    )
    note = NormalizedTextField(_("ghi chú"), blank=True, multiline=True, max_length=COMMENT_MAX)
    letter = models.FileField(_("công văn đăng ký"), upload_to=letter_upload_to, blank=True, max_length=200)
    letter_name = models.CharField(_("tên tệp công văn"), max_length=200, blank=True)
    letter_kind = models.CharField(_("loại tệp công văn"), max_length=10, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người đăng ký"),
    )
    submitted_at = models.DateTimeField(_("thời điểm đăng ký"), default=timezone.now)
    is_late = models.BooleanField(_("đăng ký muộn"), default=False)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reason = NormalizedTextField(_("lý do"), blank=True, multiline=True, max_length=COMMENT_MAX)
    deferred_from = models.CharField(_("chuyển từ tháng"), max_length=7, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    decided_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    item = models.OneToOneField(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("nội dung trong dự thảo"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký nội dung")
        verbose_name_plural = _("đăng ký nội dung")
        ordering = ["-year", "-month", "part", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="proposal_month_1_12"),
            models.CheckConstraint(condition=~models.Q(title=""), name="proposal_title_not_blank"),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""), name="proposal_rejected_has_reason"
            ),
        ]

    def __str__(self):
        return self.title[:80]

    @property
    def month_label(self):
        return dates.month_label(self.year, self.month)

    @property
    def is_decided(self):
        return self.status in self.DECIDED

    @property
    def ordered_agencies(self):
        """Lead first, then the supporting agencies (uses the prefetch)."""
        return [self.lead, *(agency for agency in self.supporting.all() if agency.pk != self.lead_id)]
