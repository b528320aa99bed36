"""Part B of the plan: regular sessions, and the items of B.I, B.II and B.III.

All three kinds of item live in one table (``Item``) with a ``part``: they share a title,
an order and an ordered list of agencies, and every reader of the plan (the agency page,
search, calendars, the changelog) asks the same question of all of them.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from agenda import dates
from agenda.content import PlanContent, PlanContentQuerySet
from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, PLACE_MAX, NormalizedCharField, NormalizedTextField
from agenda.models import Agency, MonthlyPlan
from agenda.text import normalize_text, shorten
from meetings import search


class RegularSession(PlanContent):
    """A regular session of the Committee (B.I); usually one a month."""

    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("chương trình")
    )
    date = models.DateField(_("ngày họp"))
    time = models.TimeField(_("giờ họp"), null=True, blank=True)
    place = NormalizedCharField(_("địa điểm"), max_length=PLACE_MAX, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên họp thường kỳ")
        verbose_name_plural = _("phiên họp thường kỳ")
        ordering = ["plan", "date", "time", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date", "time"], name="session_unique_date_time"),
        ]

    def __str__(self):
        return f"Phiên họp thường kỳ {dates.dated_label(self.date)}"

    @property
    def weekday_label(self):
        return dates.weekday_label(self.date)

    def clean(self):
        if self.plan_id and self.date:
            self.plan.validate_date(self.date)

    def date_warnings(self):
        return dates.date_warnings(self.date)


class ItemQuerySet(PlanContentQuerySet):
    def published(self):
        return self.filter(plan__status=MonthlyPlan.Status.PUBLISHED)

    def with_agencies(self):
        return self.prefetch_related(
            models.Prefetch("assignments", queryset=ItemAgency.objects.select_related("agency"))
        )

    def in_document_order(self):
        return self.order_by("part_order", "session__date", "session__time", "date", "position", "pk")

    def not_done(self):
        """Items still to be dealt with: planned or postponed (offered when preparing the next month)."""
        return self.filter(status__in=[Item.Status.PLANNED, Item.Status.POSTPONED])

    def refresh_search_text(self):
        """Write the items' search text again from their titles and agencies where it changed: after a bulk
        update of titles (PlanContent), a write of their agencies (ItemAgency) or of an agency's names
        (meetings.signals). No write unless a text changed, then one update per 200 items."""
        changed = []
        for item in self.only("pk", "title", "search_text").with_agencies():
            text = search.search_text(item.title, item.ordered_agencies)
            if text != item.search_text:
                item.search_text = text
                changed.append(item)
        self.model.objects.bulk_update(changed, ["search_text"], batch_size=200)
        return len(changed)


class Item(PlanContent):
    class Part(models.TextChoices):
        SESSION = "session", _("Phiên họp thường kỳ")
        CHAIRMAN = "chairman", _("Trình Chủ tịch UBND tỉnh")
        CONFERENCE = "conference", _("Hội nghị")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        DONE = "done", _("Đã thực hiện")
        POSTPONED = "postponed", _("Hoãn")
        CANCELLED = "cancelled", _("Hủy")

    PART_ORDER = {Part.SESSION: 1, Part.CHAIRMAN: 2, Part.CONFERENCE: 3}
    #: What changes after issuing: how the item went, and its search text (PlanContent).
    after_issue_fields = frozenset({"status", "postponed_to", "search_text"})
    PARTS_NEEDING_AGENCY = {Part.SESSION, Part.CHAIRMAN}
    #: The search text is the title's words, then the agencies' (meetings.search); they refresh it (ItemAgency).
    search_sources = frozenset({"title"})

    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("chương trình")
    )
    uid = models.UUIDField(
        _("mã nội dung"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Giữ nguyên qua các lần điều chỉnh, để biết nội dung nào đã đổi."),
    )
    part = models.CharField(_("mục"), max_length=20, choices=Part.choices)
    part_order = models.PositiveSmallIntegerField(_("thứ tự mục"), editable=False, default=1)
    session = models.ForeignKey(
        RegularSession,
        on_delete=models.CASCADE,
        related_name="items",
        null=True,
        blank=True,
        verbose_name=_("phiên họp"),
    )
    date = models.DateField(_("ngày"), null=True, blank=True, help_text=_("Chỉ dùng cho hội nghị."))
    time = models.TimeField(_("giờ"), null=True, blank=True)
    place = NormalizedCharField(_("địa điểm"), max_length=PLACE_MAX, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = NormalizedTextField(
        _("nội dung"),
        max_length=ITEM_TITLE_MAX,
        help_text=_("Không ghi dấu “;” hoặc “.” ở cuối và không ghi cơ quan chuẩn bị."),
    )
    agencies = models.ManyToManyField(
        Agency, through="ItemAgency", related_name="items", verbose_name=_("cơ quan chuẩn bị")
    )
    search_text = models.TextField(
        _("nội dung để tìm kiếm"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Nội dung và tên cơ quan, viết thường, bỏ dấu; cập nhật tự động (meetings.signals)."),
    )
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    postponed_to = models.DateField(
        _("hoãn đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống khi hoãn sang tháng sau mà chưa có ngày."),
    )

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")
        ordering = ["plan", "part_order", "date", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(part="session", session__isnull=False)
                    | (~models.Q(part="session") & models.Q(session__isnull=True))
                ),
                name="item_session_only_for_session_part",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(part="conference", date__isnull=False)
                    | (~models.Q(part="conference") & models.Q(date__isnull=True))
                ),
                name="item_date_only_for_conference",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="item_title_not_blank"),
            models.UniqueConstraint(fields=["plan", "uid"], name="item_unique_uid_in_plan"),
            models.CheckConstraint(
                condition=models.Q(status="postponed") | models.Q(postponed_to__isnull=True),
                name="item_postponed_to_only_when_postponed",
            ),
        ]

    def __str__(self):
        return shorten(self.title, 80)

    def save(self, *args, **kwargs):
        self.part_order = self.PART_ORDER[self.part]
        self.title = self.clean_title(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The item's paragraph in its plan's page."""
        return f"{self.plan.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        """The id of the item's paragraph wherever the document is shown."""
        return f"muc-{self.pk}"

    @staticmethod
    def clean_title(title):
        """Titles are stored without the trailing ";" or "." that the renderer adds."""
        return normalize_text(title).rstrip(";").rstrip(".").strip()

    @property
    def meeting_date(self):
        """The day the item is dealt with: its session's date, or a conference's own date."""
        if self.part == self.Part.SESSION:
            return self.session.date
        return self.date

    @property
    def document_key(self):
        """Sort key of the item in the document: part, then its session or date, then position."""
        if self.session is not None:
            when = (self.session.date, self.session.time or datetime.time.min, self.session.pk)
        else:
            when = (self.date or datetime.date.min, datetime.time.min, 0)
        return (self.part_order, *when, self.position, self.pk)

    def dossier_deadline(self, lead_days):
        """The last day for sending the item's dossier to the Office (Office.dossier_lead_days as ``lead_days``):
        that many working days before its session, weekends and public holidays skipped ("5 working days before
        Friday 19/01/2024" is 12/01/2024). Only session items have one (None for the others)."""
        if self.part != self.Part.SESSION:
            return None
        return dates.working_days_before(self.session.date, lead_days)

    def set_status(self, status, postponed_to=None):
        """Record how the item went; only a postponed item keeps a new date (none: next month)."""
        self.status = status
        self.postponed_to = postponed_to if status == self.Status.POSTPONED else None
        self.save(update_fields=["status", "postponed_to"])

    @property
    def ordered_agencies(self):
        """The agencies in the order entered, lead first (uses the prefetch when present)."""
        return [assignment.agency for assignment in self.assignments.all()]

    def clean(self):
        if self.part == self.Part.SESSION:
            if self.session is None:  # (a session added in the same form is not saved yet: no session_id)
                raise ValidationError({"session": _("Hãy chọn phiên họp cho nội dung này.")})
            if self.plan_id and self.session.plan_id != self.plan_id:
                raise ValidationError({"session": _("Phiên họp này thuộc chương trình khác.")})
            self.date = None
        else:
            self.session = None
        if self.part == self.Part.CONFERENCE:
            if self.date is None:
                raise ValidationError({"date": _("Hãy nhập ngày diễn ra hội nghị.")})
            if self.plan_id:
                self.plan.validate_date(self.date)
        elif self.part == self.Part.CHAIRMAN:
            self.date = None
        if not self.clean_title(self.title):
            raise ValidationError({"title": _("Hãy nhập nội dung.")})

    def validate_agencies(self, agencies):
        """Session and chairman items need at least one agency; no agency twice; only agencies of the plan's
        office (each office has its own directory: a forged id of another office's agency is refused)."""
        agencies = list(agencies)
        if self.part in self.PARTS_NEEDING_AGENCY and not agencies:
            raise ValidationError(
                _("Nội dung trình phiên họp hoặc trình Chủ tịch phải có ít nhất một cơ quan chuẩn bị.")
            )
        if len({agency.pk for agency in agencies}) != len(agencies):
            raise ValidationError(_("Mỗi cơ quan chỉ ghi một lần cho một nội dung."))
        if self.plan_id is not None:
            for agency in agencies:
                if agency.office_id != self.plan.office_id:
                    raise ValidationError(FOREIGN_AGENCY_MESSAGE % {"agency": agency.name}, code="foreign_agency")

    def set_agencies(self, agencies):
        """Replace the item's agencies, in the given order (lead first)."""
        agencies = list(agencies)
        self.validate_agencies(agencies)
        self.assignments.all().delete()
        bulk_create_with_history(
            [ItemAgency(item=self, agency=agency, position=index) for index, agency in enumerate(agencies)],
            ItemAgency,
        )

    def derived_search_text(self):
        """``search_text`` as the title and the stored agencies make it (none yet for a new item)."""
        agencies = []
        if self.pk is not None and not self._state.adding:
            agencies = [link.agency for link in ItemAgency.objects.filter(item_id=self.pk).select_related("agency")]
        return search.search_text(self.title, agencies)

    def date_warnings(self):
        return dates.date_warnings(self.date) if self.part == self.Part.CONFERENCE else []


#: An agency of another office named on an item (a forged id, a script): each office has its own directory.
FOREIGN_AGENCY_MESSAGE = _("Cơ quan “%(agency)s” không thuộc danh mục cơ quan của đơn vị ban hành chương trình này.")


def check_same_office(links):
    """Refuse (ValidationError) ItemAgency rows naming an agency of another office than their item's plan.

    Free when the rows hold their item (with its plan) and their agency, as every path of the code builds
    them; otherwise (ids only: the many-to-many manager) two queries read the offices."""
    items, agencies = {}, {}
    for link in links:
        if ItemAgency.item.is_cached(link) and Item.plan.is_cached(link.item):
            items[link.item_id] = link.item.plan.office_id
        if ItemAgency.agency.is_cached(link):
            agencies[link.agency_id] = link.agency.office_id
    missing_items = {link.item_id for link in links} - items.keys()
    missing_agencies = {link.agency_id for link in links} - agencies.keys()
    if missing_items:
        items.update(Item.objects.filter(pk__in=missing_items).values_list("pk", "plan__office_id"))
    if missing_agencies:
        agencies.update(Agency.objects.filter(pk__in=missing_agencies).values_list("pk", "office_id"))
    for link in links:
        if agencies.get(link.agency_id) != items.get(link.item_id):
            name = link.agency.name if ItemAgency.agency.is_cached(link) else link.agency_id
            raise ValidationError(FOREIGN_AGENCY_MESSAGE % {"agency": name}, code="foreign_agency")


class ItemAgencyQuerySet(PlanContentQuerySet):
    """Agencies written in bulk (loading and copying plans, Item.set_agencies, the many-to-many manager)
    refresh their items' search text, as a save or a delete of one does, and are refused when an agency is
    another office's (check_same_office)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        check_same_office(objs)
        objs = super().bulk_create(objs, *args, **kwargs)
        Item.objects.filter(pk__in={link.item_id for link in objs}).refresh_search_text()
        return objs

    bulk_create.alters_data = True

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            links = dict(self.values_list("pk", "item_id"))
            updated = super().update(**kwargs)
            items = set(links.values())
            if {"item", "item_id"} & kwargs.keys():  # moved to other items: theirs too
                items.update(self.model.objects.filter(pk__in=links).values_list("item_id", flat=True))
            Item.objects.filter(pk__in=items).refresh_search_text()
        return updated

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db):
            items = set(self.values_list("item_id", flat=True))
            deleted = super().delete()
            Item.objects.filter(pk__in=items).refresh_search_text()
        return deleted

    delete.alters_data = True
    delete.queryset_only = True


class ItemAgency(PlanContent):
    """One agency on one item, in order: position 0 is the lead agency."""

    plan_path = "item__plan"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("nội dung"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cơ quan"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ItemAgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan chuẩn bị")
        verbose_name_plural = _("cơ quan chuẩn bị")
        ordering = ["item_id", "position", "pk"]  # the item's id: no join to the item and its plan to sort
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="item_agency_unique"),
            models.UniqueConstraint(fields=["item", "position"], name="item_agency_unique_position"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.item}"

    def clean(self):
        if self.item_id is not None and self.agency_id is not None:
            check_same_office([self])

    def save(self, *args, **kwargs):
        check_same_office([self])
        super().save(*args, **kwargs)
        Item.objects.filter(pk=self.item_id).refresh_search_text()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Item.objects.filter(pk=self.item_id).refresh_search_text()
        return deleted

    @classmethod
    def plans_of(cls, objs):
        return MonthlyPlan.objects.filter(items__pk__in={obj.item_id for obj in objs})


class DossierMark(models.Model):
    """A department's note that it has sent the dossier of one of its items (per item and agency)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="dossier_marks", verbose_name=_("nội dung"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossier_marks", verbose_name=_("cơ quan")
    )
    is_sent = models.BooleanField(_("đã gửi hồ sơ"), default=False)
    sent_at = models.DateTimeField(_("thời điểm báo đã gửi"), null=True, blank=True)
    note = NormalizedTextField(_("ghi chú"), blank=True, multiline=True, max_length=COMMENT_MAX)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người báo"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ đã gửi")
        verbose_name_plural = _("hồ sơ đã gửi")
        ordering = ["item", "agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="dossier_mark_unique_item_agency"),
            models.CheckConstraint(
                condition=models.Q(is_sent=False) | models.Q(sent_at__isnull=False),
                name="dossier_mark_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.item}"
