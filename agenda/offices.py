"""The issuing offices: a province's Office, its departments, its communes' People's Committees. Each
issues its own programme with its own numbers, seal and settings. A model of agenda (agenda.models imports
it), in a module of its own."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models.signals import post_init, post_save
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from agenda.converters import RESERVED_SLUGS
from agenda.document_fields import SectionHeadings, SignerFields
from agenda.fields import NormalizedCharField, free_slug
from agenda.signals import PublicContentQuerySet
from agenda.text import ADMINISTRATIVE_WORDS, place_case, sentence_case
from ubnd_schedule.postgresql import reset_sequences

#: The installation's first office: the one whose URLs were printed before offices were many.
FIRST_OFFICE_PK = 1


class OfficeQuerySet(PublicContentQuerySet):
    office_field = "pk"  # a bulk change of offices concerns their own pages

    def update(self, **kwargs):
        if "slug" in kwargs:  # never done by the site (a slug is printed in QR codes), but then forget them
            _slugs.clear()
        return super().update(**kwargs)

    update.alters_data = True


class OfficeManager(models.Manager.from_queryset(OfficeQuerySet)):
    def get_solo(self):
        """The installation's first office (created with the defaults on a new database). The pages and
        commands that do not take an office yet serve this one."""
        office, created = self.get_or_create(pk=FIRST_OFFICE_PK)
        if created:  # written with its pk: the next office must not be given pk 1 by the sequence
            reset_sequences(connections[self.db], [self.model])
        return office

    def for_option(self, slug=None):
        """The office a command's ``--office SLUG`` names; without one, the installation's only office.
        Office.DoesNotExist when no office has that slug; Office.MultipleObjectsReturned when none is named
        and there are several (agenda.commands turns both into a command's error)."""
        if slug:
            return self.get(slug=slug)
        offices = list(self.order_by("pk")[:2])
        if not offices:
            return self.get_solo()
        if len(offices) > 1:
            raise self.model.MultipleObjectsReturned
        return offices[0]


#: The electronic code of an organisation (mã định danh, Quyết định 20/2020/QĐ-TTg): groups of digits and
#: capital letters joined by dots, e.g. 000.00.31.H06, at most 35 characters.
OFFICE_CODE_MAX = 35
OFFICE_CODE_PATTERN = r"^[0-9A-Z]+(\.[0-9A-Z]+)*$"
office_code_validator = RegexValidator(
    OFFICE_CODE_PATTERN,
    _("Mã định danh gồm chữ số, chữ in hoa không dấu và dấu chấm giữa các nhóm, ví dụ 000.00.31.H06."),
    code="office_code",
)


def level_defaults(level, name=""):
    """What a new office of ``level`` numbers, signs and heads its programme with when its creator does not say.

    The signature block follows Nghị định 30/2020, Điều 13: the province's Office signs "by order" of the
    Chairman (TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG, the model's defaults); a department's deputy head "for" its head
    (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC); a commune's People's Committee issues on behalf of the Committee (TM. ỦY BAN
    NHÂN DÂN / CHỦ TỊCH), as "Số: …/CTr-UBND", under its own name alone (no parent body line), its sections
    named for the commune (or ward, special zone: ``name`` says which)."""
    if level == Office.Level.DEPARTMENT:
        return {"signer_authority": "KT. GIÁM ĐỐC", "signer_position": "PHÓ GIÁM ĐỐC"}
    if level != Office.Level.COMMUNE:
        return {}
    unit = next((word for word in ("PHƯỜNG", "ĐẶC KHU") if word in name.upper()), "XÃ").lower()
    return {
        "parent_body": "",
        "document_symbol": "CTr-UBND",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_position": "CHỦ TỊCH",
        "heading_regular_sessions": f"Phiên họp UBND {unit} thường kỳ",
        "heading_chairman_items": f"Các nội dung, đề án trình Chủ tịch UBND {unit}",
        "heading_conferences": "Hội nghị, làm việc với các cơ quan, đơn vị",
    }


class Office(SectionHeadings, SignerFields):
    """An issuing body: a province's Office, a department, a commune's People's Committee. Each has its own
    programme, its own numbers, its own seal and settings; the first one (pk 1) is the installation's own."""

    class Level(models.TextChoices):
        PROVINCE = "tinh", _("Cấp tỉnh")
        DEPARTMENT = "so", _("Sở, ngành")
        COMMUNE = "xa", _("Cấp xã")

    slug = models.SlugField(
        _("đường dẫn"),
        max_length=50,
        unique=True,
        help_text=_("Phần địa chỉ trang của cơ quan, chữ thường không dấu, ví dụ: bac-giang, xa-tan-yen."),
    )
    code = models.CharField(
        _("mã định danh điện tử"),
        max_length=OFFICE_CODE_MAX,
        blank=True,
        validators=[office_code_validator],
        help_text=_("Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.31.H06."),
    )
    level = models.CharField(_("cấp"), max_length=4, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
        help_text=_("Tỉnh của một sở, ngành hoặc một xã."),
    )
    parent_body = NormalizedCharField(
        _("cơ quan chủ quản"),
        max_length=200,
        default="UBND TỈNH BẮC GIANG",
        blank=True,
        help_text=_(
            "Dòng trên tên cơ quan ban hành ở đầu văn bản. Để trống khi cơ quan không có cơ quan chủ quản trực tiếp, "
            "như Ủy ban nhân dân xã: đầu văn bản chỉ ghi “ỦY BAN NHÂN DÂN / XÃ …”."
        ),
    )
    name = NormalizedCharField(_("tên cơ quan ban hành"), max_length=200, default="VĂN PHÒNG")
    place = NormalizedCharField(_("địa danh"), max_length=100, default="Bắc Giang")
    document_symbol = NormalizedCharField(_("ký hiệu văn bản"), max_length=50, default="CTr-VP")
    dossier_lead_days = models.PositiveSmallIntegerField(_("số ngày làm việc gửi hồ sơ trước phiên họp"), default=5)
    seal_image = models.BinaryField(
        _("hình con dấu"),
        blank=True,
        editable=True,
        help_text=_("Ảnh PNG nền trong suốt; để trống thì hệ thống vẽ con dấu đỏ từ tên cơ quan."),
    )
    seal_diameter_mm = models.PositiveSmallIntegerField(
        _("đường kính con dấu (mm)"), default=36, help_text=_("Kích thước thật của con dấu trên văn bản.")
    )
    event_minutes = models.PositiveSmallIntegerField(
        _("thời lượng mặc định của phiên họp, hội nghị (phút)"),
        default=120,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Chương trình chỉ ghi giờ bắt đầu: trong lịch (iCalendar), sự kiện có giờ kết thúc sau ngần này phút. "
            "Sự kiện không ghi giờ là sự kiện cả ngày."
        ),
    )
    proposal_deadline_day = models.PositiveSmallIntegerField(
        _("hạn đăng ký nội dung (ngày của tháng trước)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "Các sở, ngành đăng ký nội dung của tháng sau đến hết ngày này; đăng ký muộn vẫn nhận và được đánh dấu."
        ),
    )

    objects = OfficeManager()

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~models.Q(code=""),
                name="office_code_unique",
                violation_error_message=_("Đã có cơ quan khác dùng mã định danh này."),
            ),
            models.CheckConstraint(
                condition=models.Q(code="") | models.Q(code__regex=OFFICE_CODE_PATTERN),
                name="office_code_format",
                violation_error_message=office_code_validator.message,
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="office_not_its_own_parent",
                violation_error_message=_("Cơ quan cấp trên không được là chính nó."),
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.parent_body}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug(self.place or self.parent_body)
        super().save(*args, **kwargs)

    @classmethod
    def free_slug(cls, text):
        """A slug from ``text`` that no other office has ("bac-giang", then "bac-giang-2", …)."""
        slug = free_slug(cls.objects.all(), text, max_length=44, fallback="uy-ban")
        if slug in RESERVED_SLUGS:  # a place named like a page of the site
            slug = free_slug(cls.objects.all(), f"{slug} 2", max_length=44, fallback="uy-ban")
        return slug

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Đường dẫn này trùng với một trang của hệ thống, hãy chọn đường dẫn khác.")}
            )
        if self.pk is not None:
            stored = Office.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored is not None and stored != self.slug:  # printed in every issued PDF's QR code
                raise ValidationError(
                    {"slug": _("Không đổi được đường dẫn của cơ quan: các văn bản đã ban hành in địa chỉ này.")}
                )
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("Cơ quan cấp trên không được là chính nó hoặc cơ quan cấp dưới của nó.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def event_duration(self):
        """How long a timed event lasts in the calendars (the plan gives its start only)."""
        return datetime.timedelta(minutes=self.event_minutes)

    @property
    def committee(self):
        """The People's Committee whose programme this office prepares, as a programme's title names it:
        "UBND xã", "UBND phường", "UBND đặc khu" for a commune, else "UBND tỉnh"."""
        if self.level != self.Level.COMMUNE:
            return "UBND tỉnh"
        name = self.name.lower()
        return next((f"UBND {kind}" for kind in ("phường", "đặc khu") if kind in name), "UBND xã")

    @property
    def reading_name(self):
        """The office's name as a sentence writes it: "Văn phòng UBND tỉnh Bắc Giang"; a name that names its
        place keeps the place's capitals: "UBND xã Tân Yên"."""
        names_a_place = any(word.lower() in ADMINISTRATIVE_WORDS for word in self.name.split())
        name = place_case(self.name) if names_a_place else sentence_case(self.name)
        return f"{name} {place_case(self.parent_body)}".strip()


def first_office_pk():
    """The default office of a plan made without one: the installation's first. A fixture, a backup or a
    script from before offices were many names none, and its plans are the first office's."""
    return Office.objects.get_solo().pk


def office_view(view):
    """A view of one office's pages (``<office:office>`` in its URL): the slug becomes the Office (404 when no
    office has it), passed as ``office`` and kept as ``request.office`` for the templates and the menu. A
    view answering an old URL for the first office may pass the Office itself."""

    @functools.wraps(view)
    def wrapped(request, *args, office, **kwargs):
        request.office = office if isinstance(office, Office) else get_object_or_404(Office, slug=office)
        return view(request, *args, office=request.office, **kwargs)

    return wrapped


# The slugs of the offices, by pk, for this process: every URL of a plan, an agency or a revision begins with its
# office's slug, and a slug never changes once saved while an office is never deleted (PROTECT), so a link
# costs no query. Seeded by every Office this process loads or saves; one query for all offices otherwise.
_slugs = {}


def office_slug(office):
    """The slug of ``office`` (an Office or its pk)."""
    if isinstance(office, Office):
        return office.slug
    try:
        return _slugs[office]
    except KeyError:
        _slugs.update(Office.objects.values_list("pk", "slug"))
        return _slugs[office]


def first_office_slug():
    """The slug of the installation's first office (the one the old unprefixed URLs name)."""
    try:
        return _slugs[FIRST_OFFICE_PK]
    except KeyError:
        return Office.objects.get_solo().slug


def _remember_slug(sender, instance, **kwargs):
    if instance.pk is not None and instance.__dict__.get("slug"):  # a deferred slug is not read here
        _slugs[instance.pk] = instance.slug


post_init.connect(_remember_slug, sender=Office, dispatch_uid="office_slug_loaded")
post_save.connect(_remember_slug, sender=Office, dispatch_uid="office_slug_saved")
