"""The issuing offices, the agencies, and the monthly plan with its part A."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agenda import dates
from agenda.content import PlanContent, PlanContentQuerySet
from agenda.document_fields import SectionHeadings, SignerFields
from agenda.fields import COMMENT_MAX, PRIORITY_TASK_MAX, NormalizedCharField, NormalizedTextField, free_slug
from agenda.offices import Office, first_office_pk, office_slug  # Office: a model of this app, in its own module
from agenda.signals import PublicContentQuerySet, agency_names_written
from agenda.text import normalize_text, shorten, spaced_words


class AgencyQuerySet(PublicContentQuerySet):
    def update(self, **kwargs):
        """A bulk update of agencies' names announces them (agency_names_written), as a save does."""
        if not Agency.NAME_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            agency_names_written.send(sender=self.model, pks=pks)
        return updated

    update.alters_data = True

    def active(self):
        return self.filter(is_active=True)

    def of(self, office):
        """The agencies of ``office`` (an Office or its pk): a commune's are its divisions and local bodies."""
        return self.filter(office=office)

    def publicly_listed(self):
        """Agencies the public site may show (list, page, calendar, search): named by an issued plan,
        or listed by an administrator. An agency typed only into a draft stays unknown to the public."""
        assignments = self.model._meta.get_field("assignments").related_model  # meetings.ItemAgency
        named = assignments.objects.filter(
            agency=models.OuterRef("pk"), item__plan__status__in=MonthlyPlan.ISSUED_STATUSES
        )
        return self.filter(models.Q(is_listed=True) | models.Exists(named))

    def publicly_listed_with_counts(self):
        """publicly_listed(), each with ``published_items``: its items in published plans. One pass over
        the assignments instead of an EXISTS and a COUNT over them (the agency list at ten years of data)."""
        status = "assignments__item__plan__status"
        return self.annotate(
            published_items=models.Count("assignments", filter=models.Q(**{status: MonthlyPlan.Status.PUBLISHED})),
            issued_items=models.Count("assignments", filter=models.Q(**{f"{status}__in": MonthlyPlan.ISSUED_STATUSES})),
        ).filter(models.Q(is_listed=True) | models.Q(issued_items__gt=0))


class Agency(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ngành")
        PROVINCIAL = "provincial", _("Cơ quan cấp tỉnh")
        LOCAL = "local", _("UBND cấp huyện, xã")
        CENTRAL = "central", _("Cơ quan trung ương")

    office = models.ForeignKey(
        "agenda.Office",
        on_delete=models.PROTECT,
        default=first_office_pk,
        related_name="agencies",
        verbose_name=_("cơ quan ban hành"),
        help_text=_("Mỗi cơ quan ban hành có danh sách cơ quan, đơn vị của riêng mình."),
    )
    name = NormalizedCharField(_("tên cơ quan"), max_length=200)
    short_name = NormalizedCharField(_("tên viết tắt"), max_length=100)
    slug = models.SlugField(_("đường dẫn"), max_length=80)
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    is_active = models.BooleanField(
        _("đang hoạt động"),
        default=True,
        help_text=_("Bỏ chọn khi cơ quan sáp nhập hoặc đổi tên; các kế hoạch cũ vẫn giữ cơ quan này."),
    )
    is_listed = models.BooleanField(
        _("công khai trên trang Cơ quan"),
        default=False,
        help_text=_(
            "Cơ quan có trong một chương trình đã ban hành luôn được công khai. Chọn mục này để công khai "
            "cả cơ quan chưa có tên trong chương trình nào."
        ),
    )

    #: The names other rows hold in derived text (the search text of the items it prepares): a write of them
    #: announces agency_names_written.
    NAME_FIELDS = frozenset({"name", "short_name"})

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="agency_unique_name"),
            models.UniqueConstraint(fields=["office", "slug"], name="agency_unique_slug"),
            models.CheckConstraint(condition=~models.Q(short_name=""), name="agency_short_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.short_name = normalize_text(self.short_name) or self.name[: self._meta.get_field("short_name").max_length]
        if not self.slug:
            self.slug = self.unique_slug(self.name, self.office_id)
        update_fields = kwargs.get("update_fields")
        names_written = not self._state.adding and (update_fields is None or self.NAME_FIELDS & set(update_fields))
        super().save(*args, **kwargs)
        if names_written:
            agency_names_written.send(sender=type(self), pks=[self.pk])

    def get_absolute_url(self):
        """The agency's public page, under its office (public:agency_detail; written out: a document links
        every agency it names)."""
        return f"/{office_slug(self.office_id)}/co-quan/{self.slug}/"

    @staticmethod
    def guess_kind(name):
        if name.startswith("Sở "):
            return Agency.Kind.DEPARTMENT
        if name.startswith("UBND "):
            return Agency.Kind.LOCAL
        return Agency.Kind.PROVINCIAL

    @classmethod
    def unique_slug(cls, name, office=None):
        """A slug no other agency of ``office`` (the first office by default) has, within the field's 80
        characters, a "-N" suffix included."""
        taken = cls.objects.of(office if office is not None else first_office_pk())
        return free_slug(taken, name, max_length=72, fallback="co-quan")


class MonthlyPlanQuerySet(PublicContentQuerySet):
    public_fields = {"status"}  # a plan issued or superseded in bulk; a draft's other fields are not public

    def published(self):
        return self.filter(status=MonthlyPlan.Status.PUBLISHED)

    def working(self):
        """Plans being prepared (draft or in review), amendments of issued plans included."""
        return self.filter(status__in=MonthlyPlan.WORKING_STATUSES)

    def of(self, office):
        """The plans of ``office`` (an Office or its pk): every page and command reads one office's plans."""
        return self.filter(office=office)

    def for_month(self, year, month):
        return self.filter(year=year, month=month)

    def touch(self):
        """MonthlyPlan.touch for several plans at once (a part moved from one plan to another): each one's
        version moves, so that pages loaded before are refused."""
        return self.update(version=models.F("version") + 1)

    def years(self):
        """The years of these plans, newest first (from the plans' index, whatever the items' number)."""
        return list(self.order_by("-year").values_list("year", flat=True).distinct())


class MonthlyPlan(SectionHeadings, SignerFields):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        RETURNED = "returned", _("Trả lại, chờ sửa")
        IN_REVIEW = "review", _("Chờ duyệt")
        SIGNED = "signed", _("Đã ký, chờ phát hành")
        PUBLISHED = "published", _("Đã ban hành")
        SUPERSEDED = "superseded", _("Đã được điều chỉnh")

    #: Not issued yet: the month's one working copy is in one of these.
    WORKING_STATUSES = (Status.DRAFT, Status.RETURNED, Status.IN_REVIEW, Status.SIGNED)
    #: Editors change the content only in these (the approver also while it is in review).
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    #: Issued: the content is frozen in a signed revision.
    ISSUED_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED)
    #: The content (tasks, sessions, items, their agencies) changes at all only in these, whoever writes
    #: (:class:`PlanContent` refuses the rest): the editors' states and, for the approver, review.
    OPEN_STATUSES = (*EDITABLE_STATUSES, Status.IN_REVIEW)

    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="plans",
        default=first_office_pk,
        verbose_name=_("cơ quan ban hành"),
        help_text=_("Mỗi cơ quan có chương trình, sổ văn bản đi và số thứ tự của riêng mình."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    title = NormalizedCharField(
        _("trích yếu"),
        max_length=300,
        blank=True,
        help_text=_("Để trống: “Công tác của UBND tỉnh tháng 01 năm 2024”."),
    )
    number = NormalizedCharField(_("số văn bản"), max_length=20, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("điều chỉnh chương trình"),
        help_text=_("Chương trình đã ban hành mà bản này điều chỉnh."),
    )
    amendment_number = models.PositiveSmallIntegerField(
        _("điều chỉnh lần"), default=0, help_text=_("0 cho bản ban hành đầu tiên của tháng; N cho “Điều chỉnh lần N”.")
    )
    version = models.PositiveIntegerField(
        _("phiên bản"), default=1, help_text=_("Tăng mỗi lần lưu; dùng để phát hiện hai người sửa cùng lúc.")
    )
    published_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm gửi duyệt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi duyệt"),
    )
    review_comment = NormalizedTextField(
        _("ý kiến trả lại"),
        blank=True,
        multiline=True,
        max_length=COMMENT_MAX,
        help_text=_("Ý kiến của lãnh đạo Văn phòng khi trả lại dự thảo."),
    )
    amendment_reason = NormalizedTextField(
        _("lý do điều chỉnh"),
        blank=True,
        multiline=True,
        max_length=COMMENT_MAX,
        help_text=_("Vì sao điều chỉnh chương trình đã ban hành."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    objects = MonthlyPlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("chương trình công tác tháng")
        verbose_name_plural = _("chương trình công tác tháng")
        ordering = ["-year", "-month", "-pk"]
        permissions = [
            ("review_monthlyplan", _("Duyệt, trả lại và ban hành chương trình")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "month"],
                condition=models.Q(status="published"),
                name="plan_one_published_per_month",
            ),
            models.UniqueConstraint(
                fields=["office", "year", "month"],
                condition=models.Q(status__in=["draft", "returned", "review", "signed"]),
                name="plan_one_working_copy_per_month",
            ),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="plan_month_1_12"),
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="plan_year_range"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="plan_published_has_time",
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        """The month's public page, under its office (public:plan_detail; written out: every item's link
        begins with it)."""
        return f"/{office_slug(self.office_id)}/ke-hoach/{self.year:04d}/{self.month:02d}/"

    @property
    def is_working(self):
        return self.status in self.WORKING_STATUSES

    @property
    def display_title(self):
        return self.title or self.default_title(self.year, self.month)

    @staticmethod
    def default_title(year, month, office=None):
        """The title of a month whose title is left blank: "Công tác của UBND tỉnh tháng 01 năm 2024", or of the
        office's own Committee ("UBND xã", Office.committee). A plan's blank title reads the province's form:
        a plan of another office is given its own title when it is made (programme.services.new_plan)."""
        committee = office.committee if office is not None else "UBND tỉnh"
        return f"Công tác của {committee} {dates.month_label(year, month)}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_issued(self):
        return self.status in self.ISSUED_STATUSES

    @property
    def amendment_label(self):
        """ "Điều chỉnh lần N" for an amendment; empty for the month's first programme."""
        return f"Điều chỉnh lần {self.amendment_number}" if self.amendment_number else ""

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        following = datetime.date(*dates.shift_month(self.year, self.month, 1), 1)
        return following - datetime.timedelta(days=1)

    def contains(self, day):
        return self.first_day <= day <= self.last_day

    @property
    def header_date(self):
        """The date in the header: the issue date when known, else the publication date."""
        if self.issue_date:
            return self.issue_date
        if self.published_at:
            return timezone.localdate(self.published_at)
        return None

    def validate_date(self, day, field="date"):
        """Raise a field error unless ``day`` falls inside this plan's month."""
        if day is not None and not self.contains(day):
            raise ValidationError(
                {
                    field: _("Ngày %(date)s không thuộc %(month)s.")
                    % {"date": dates.short_date(day), "month": dates.month_label(self.year, self.month)}
                }
            )

    def touch(self, reason="", *, save=True):
        """The one way the plan's version moves: whatever changes the plan or its parts calls it (or
        MonthlyPlanQuerySet.touch), so that a page loaded before the change (the editing page, the admin) is
        refused instead of overwriting it. ``reason`` is the line the plan's history keeps, cut to its column."""
        self.version += 1
        if reason:
            self._change_reason = self.history_reason(reason)
        if save:
            self.save()

    @classmethod
    def history_reason(cls, text):
        """``text`` as the one-line reason of the plan's history record.

        django-simple-history keeps the reason in a 100-character column (PostgreSQL refuses longer, hence a
        500 for a long comment): the reason is a summary, cut with "…". The comments themselves are kept whole
        where they belong: the plan's ``review_comment`` and ``amendment_reason``, the approver's signature and
        then the revision (``approver_note``, ``note``).
        """
        limit = cls.history.model._meta.get_field("history_change_reason").max_length
        return Truncator(" ".join(str(text).split())).chars(limit)

    def clean(self):
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError({"month": _("Tháng phải từ 1 đến 12.")})
        if self.year and self.month and self.status in self.WORKING_STATUSES:
            others = MonthlyPlan.objects.filter(office_id=self.office_id).for_month(self.year, self.month)
            others = others.exclude(pk=self.pk)
            if others.working().exists() or (not self.amends_id and others.published().exists()):
                raise ValidationError(
                    _("Đã có chương trình %(month)s.") % {"month": dates.month_label(self.year, self.month)}
                )


class PriorityTaskQuerySet(PlanContentQuerySet):
    def refresh_search_text(self):
        """Write the tasks' search text again from their text (after a bulk update of the text: PlanContent)."""
        tasks = list(self.only("pk", "text", "search_text"))
        for task in tasks:
            task.search_text = task.derived_search_text()
        return self.model.objects.bulk_update(tasks, ["search_text"], batch_size=200)


class PriorityTask(PlanContent):
    plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.CASCADE, related_name="priority_tasks", verbose_name=_("chương trình")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = NormalizedTextField(_("nội dung"), multiline=True, max_length=PRIORITY_TASK_MAX)
    search_text = models.TextField(
        _("nội dung để tìm kiếm"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Nội dung viết thường, bỏ dấu; cập nhật tự động (meetings.signals)."),
    )

    search_sources = frozenset({"text"})

    objects = PriorityTaskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("nhiệm vụ trọng tâm")
        verbose_name_plural = _("nhiệm vụ trọng tâm")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="priority_task_text_not_blank"),
        ]

    def __str__(self):
        return shorten(self.text, 80)

    def get_absolute_url(self):
        """The task's paragraph in its plan's page."""
        return f"{self.plan.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        """The id of the task's paragraph wherever the document is shown."""
        return f"nhiem-vu-{self.pk}"

    def derived_search_text(self):
        """What ``search_text`` holds: the task's folded words (see meetings.search), written with the text."""
        return spaced_words(self.text)
