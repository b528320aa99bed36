"""The leaders' weekly schedule of one office: its leaders, its weeks, their entries and published revisions.

A week is worked on as a draft (``Week`` and its ``Entry`` rows, which the Office edits freely) and read by
the public only through its ``WeekRevision`` rows: each publishing freezes the entries into an immutable
snapshot (with the leaders' names and titles as they were then) and a changelog against the previous one.
Entries keep a ``uid`` across revisions so that a change can be marked; sourced entries remember the monthly
item or session they repeat (``source_*``), so that an amended month can be compared with the week.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, PLACE_MAX, NormalizedCharField, NormalizedTextField
from agenda.models import Agency, MonthlyPlan, Office
from issuing.models import ImmutableModel, ImmutableQuerySet
from meetings.models import Item, RegularSession

DEFAULT_INVITATION_TEXT = "Lịch này thay giấy mời"
PEOPLE_MAX = 1000


class LeaderQuerySet(models.QuerySet):
    def of(self, office):
        return self.filter(office=office)

    def active_on(self, day):
        """Leaders in office on ``day`` (no start: always was; no end: still is)."""
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=day),
            models.Q(active_until__isnull=True) | models.Q(active_until__gte=day),
        )


class Leader(models.Model):
    """A leader of the office (Chủ tịch, Phó Chủ tịch…). The slug never changes (it names their calendar);
    a change of title or a departure does not rewrite past weeks: revisions keep the names as published."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="leaders", verbose_name=_("cơ quan"))
    name = NormalizedCharField(_("họ và tên"), max_length=100)
    title = NormalizedCharField(_("chức vụ"), max_length=150, help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch."))
    portfolio = NormalizedCharField(_("lĩnh vực phụ trách"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    slug = models.SlugField(
        _("đường dẫn"), max_length=60, help_text=_("Phần địa chỉ lịch của lãnh đạo; không đổi sau khi tạo.")
    )
    active_from = models.DateField(_("đảm nhiệm từ ngày"), null=True, blank=True)
    active_until = models.DateField(_("đảm nhiệm đến ngày"), null=True, blank=True)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")
        ordering = ["office", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="leader_unique_slug_per_office"),
            models.CheckConstraint(
                condition=models.Q(active_from__isnull=True)
                | models.Q(active_until__isnull=True)
                | models.Q(active_until__gte=models.F("active_from")),
                name="leader_active_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.name}"

    def is_active_on(self, day):
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )


class WeekSettings(models.Model):
    """An office's choices for its weeks (created with the defaults on first use: ``for_office``)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="week_settings", verbose_name=_("cơ quan")
    )
    replaces_invitation = models.BooleanField(
        _("lịch thay giấy mời"), default=False, help_text=_("Mặc định cho mọi tuần; mỗi tuần có thể ghi khác.")
    )
    invitation_text = NormalizedCharField(_("dòng thay giấy mời"), max_length=200, default=DEFAULT_INVITATION_TEXT)
    editors_may_publish = models.BooleanField(
        _("chuyên viên được phát hành lịch tuần"),
        default=False,
        help_text=_("Mặc định chỉ lãnh đạo Văn phòng (người duyệt) phát hành lịch tuần."),
    )

    class Meta:
        verbose_name = _("cài đặt lịch tuần")
        verbose_name_plural = _("cài đặt lịch tuần")

    def __str__(self):
        return str(self.office)

    @classmethod
    def for_office(cls, office):
        return cls.objects.get_or_create(office=office)[0]


class WeekQuerySet(models.QuerySet):
    def of(self, office):
        return self.filter(office=office)

    def for_week(self, iso_year, iso_week):
        return self.filter(iso_year=iso_year, iso_week=iso_week)


class Week(models.Model):
    """One ISO week of one office: the working draft. The public reads its revisions only."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo, chưa phát hành")
        PUBLISHED = "published", _("Đã phát hành")
        CHANGED = "changed", _("Có thay đổi chưa phát hành")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="weeks", verbose_name=_("cơ quan"))
    iso_year = models.PositiveSmallIntegerField(_("năm"))
    iso_week = models.PositiveSmallIntegerField(_("tuần"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(
        _("phiên bản"), default=1, help_text=_("Tăng mỗi lần sửa; dùng để phát hiện hai người sửa cùng lúc.")
    )
    replaces_invitation = models.BooleanField(
        _("lịch thay giấy mời"), null=True, blank=True, help_text=_("Để trống: theo cài đặt của cơ quan.")
    )
    note = NormalizedTextField(_("ghi chú"), blank=True, multiline=True, max_length=COMMENT_MAX)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    objects = WeekQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch công tác tuần")
        verbose_name_plural = _("lịch công tác tuần")
        ordering = ["office", "-iso_year", "-iso_week"]
        constraints = [
            models.UniqueConstraint(fields=["office", "iso_year", "iso_week"], name="week_unique_per_office"),
            models.CheckConstraint(condition=models.Q(iso_week__gte=1, iso_week__lte=53), name="week_number_1_53"),
        ]

    def __str__(self):
        return f"Tuần {self.iso_week:02d}/{self.iso_year}"

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    @property
    def days(self):
        return [self.monday + datetime.timedelta(days=offset) for offset in range(7)]

    def contains(self, day):
        return self.monday <= day <= self.sunday

    def touch(self, *, save=True):
        """The one way the week's version moves: every change of the week or its entries calls it, so that a
        page loaded before is refused; a published week becomes "changed" until published again."""
        self.version += 1
        if self.state == self.State.PUBLISHED:
            self.state = self.State.CHANGED
        if save:
            self.save(update_fields=["version", "state", "updated_at"])


class Entry(models.Model):
    """One line of the week: a half-day's meeting or visit, its leaders, its agencies."""

    class HalfDay(models.IntegerChoices):
        """Numbers, so that entries sort morning, afternoon, evening in the database too."""

        MORNING = 1, _("Sáng")
        AFTERNOON = 2, _("Chiều")
        EVENING = 3, _("Tối")

    class Source(models.TextChoices):
        NONE = "", _("Nhập trực tiếp")
        SESSION = "session", _("Phiên họp thường kỳ")
        CONFERENCE = "conference", _("Hội nghị")
        RECURRING = "recurring", _("Sao chép từ tuần trước")

    week = models.ForeignKey(Week, on_delete=models.CASCADE, related_name="entries", verbose_name=_("tuần"))
    uid = models.UUIDField(_("mã nội dung"), default=uuid.uuid4, editable=False)
    date = models.DateField(_("ngày"))
    half_day = models.PositiveSmallIntegerField(_("buổi"), choices=HalfDay.choices, default=HalfDay.MORNING)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    content = NormalizedTextField(_("nội dung"), max_length=ITEM_TITLE_MAX)
    place = NormalizedCharField(_("địa điểm"), max_length=PLACE_MAX, blank=True)
    leaders = models.ManyToManyField(
        Leader, through="EntryLeader", related_name="entries", blank=True, verbose_name=_("lãnh đạo")
    )
    participants = NormalizedTextField(_("thành phần"), blank=True, max_length=PEOPLE_MAX)
    invited_agencies = models.ManyToManyField(
        Agency, related_name="week_invitations", blank=True, verbose_name=_("cơ quan được mời")
    )
    invited_text = NormalizedTextField(_("mời thêm"), blank=True, max_length=PEOPLE_MAX)
    preparing_agencies = models.ManyToManyField(
        Agency, through="EntryAgency", related_name="week_entries", blank=True, verbose_name=_("cơ quan chuẩn bị")
    )
    accompanying = NormalizedTextField(_("Văn phòng phục vụ"), blank=True, max_length=PEOPLE_MAX)
    recurring = models.BooleanField(
        _("lặp lại hằng tuần"), default=False, help_text=_("Được sao chép sang tuần sau (ví dụ giao ban sáng thứ Hai).")
    )
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices, default=Source.NONE, blank=True)
    source_uid = models.UUIDField(
        _("mã nội dung nguồn"),
        null=True,
        blank=True,
        help_text=_("Hội nghị: mã nội dung của tháng; phiên họp: mã nội dung đầu tiên của phiên; sao chép: mã mục."),
    )
    source_plan = models.ForeignKey(
        MonthlyPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("chương trình")
    )
    source_item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("nội dung tháng")
    )
    source_session = models.ForeignKey(
        RegularSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("phiên họp")
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày sửa"), auto_now=True)

    class Meta:
        verbose_name = _("mục lịch tuần")
        verbose_name_plural = _("mục lịch tuần")
        ordering = ["week", "date", "half_day", "start_time", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["week", "uid"], name="entry_unique_uid_in_week"),
            models.UniqueConstraint(
                fields=["week", "source", "source_uid"],
                condition=models.Q(source_uid__isnull=False),
                name="entry_unique_source_in_week",
            ),
            models.CheckConstraint(condition=~models.Q(content=""), name="entry_content_not_blank"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_half_day_display()}: {self.content[:60]}"

    @property
    def sort_key(self):
        return (self.date, self.half_day, self.start_time or datetime.time.min, self.position)


class EntryLeader(models.Model):
    """A leader on an entry, in order, chairing or attending."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ trì")
        ATTEND = "attend", _("Dự")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="leader_links")
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="entry_links")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.CHAIR)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lãnh đạo dự")
        verbose_name_plural = _("lãnh đạo dự")
        ordering = ["entry_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "leader"], name="entry_leader_unique")]

    def __str__(self):
        return f"{self.leader} — {self.entry}"


class EntryAgency(models.Model):
    """An agency preparing an entry, in order: lead (chủ trì) or cooperating (phối hợp), as in the month."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COOPERATE = "cooperate", _("Phối hợp")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="week_entry_links")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.LEAD)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cơ quan chuẩn bị")
        verbose_name_plural = _("cơ quan chuẩn bị")
        ordering = ["entry_id", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "agency"], name="entry_agency_unique")]

    def __str__(self):
        return f"{self.agency} — {self.entry}"


class WeekRevisionQuerySet(ImmutableQuerySet):
    def of(self, office):
        return self.filter(office=office)

    def for_week(self, iso_year, iso_week):
        return self.filter(iso_year=iso_year, iso_week=iso_week)


class WeekRevision(ImmutableModel):
    """A published week, frozen: number 1 is the week, N > 1 reads "Điều chỉnh lần N-1".

    ``snapshot`` is ``{"replaces_invitation": bool, "invitation_text": str, "note": str, "entries": [...]}``,
    each entry a dict (weekly.snapshots.entry_snapshot) with its uid, date, half_day, start_time, content,
    place, leaders ``[{"id", "slug", "name", "title", "role"}]``, participants, invited ``[{"id", "name"}]``,
    invited_text, agencies ``[{"id", "name", "role"}]``, accompanying, source, and ``changed`` (bool: new or
    changed since the previous revision). ``changelog`` is ``{"added": [uid…], "removed": [{uid, content…}],
    "changed": [{"uid", "fields": [name…]}]}``."""

    week = models.ForeignKey(Week, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("tuần"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="week_revisions", verbose_name=_("cơ quan")
    )
    iso_year = models.PositiveSmallIntegerField(_("năm"))
    iso_week = models.PositiveSmallIntegerField(_("tuần"))
    number = models.PositiveSmallIntegerField(_("lần phát hành"), help_text=_("1 là lần phát hành đầu tiên."))
    snapshot = models.JSONField(_("nội dung khi phát hành"))
    changelog = models.JSONField(_("thay đổi so với lần trước"), default=dict)
    published_at = models.DateTimeField(_("thời điểm phát hành"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_week_revisions",
        verbose_name=_("người phát hành"),
    )

    objects = WeekRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch tuần đã phát hành")
        verbose_name_plural = _("lịch tuần đã phát hành")
        ordering = ["office", "-iso_year", "-iso_week", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "iso_year", "iso_week", "number"], name="week_revision_unique_number"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="week_revision_number_positive"),
        ]

    def __str__(self):
        return f"Tuần {self.iso_week:02d}/{self.iso_year} – {self.label}"

    @property
    def amendment_number(self):
        """0 for the first publishing; N for "Điều chỉnh lần N"."""
        return self.number - 1

    @property
    def label(self):
        if self.number == 1:
            return str(_("Lịch tuần"))
        return str(_("Điều chỉnh lần %(number)d")) % {"number": self.amendment_number}

    @property
    def entries(self):
        return self.snapshot.get("entries", [])

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.iso_year, self.iso_week, 1)
