from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from agenda.models import DEFAULT_HEADINGS, Agency, MonthlyPlan, Office, PriorityTask
from agenda.services import PlanError, publish_plan
from meetings.models import Item, RegularSession

HEADING_FIELDS = [f"heading_{key}" for key in DEFAULT_HEADINGS]
SIGNER_FIELDS = ["signer_authority", "signer_position", "signer_name", "recipients"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "parent_body",
                    "name",
                    "place",
                    "document_symbol",
                    "dossier_lead_days",
                    "proposal_deadline_day",
                ]
            },
        ),
        (
            _("Người ký và nơi nhận mặc định"),
            {"fields": SIGNER_FIELDS},
        ),
        (
            _("Tiêu đề các mục mặc định"),
            {"fields": HEADING_FIELDS},
        ),
    ]

    def has_add_permission(self, request):
        return not Office.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class LockedWhenPublished:
    """An issued plan is never edited in place: its parts are read-only in the admin."""

    def _is_locked(self, obj):
        plan = getattr(obj, "plan", obj)
        return plan is not None and getattr(plan, "is_published", False)

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return not self._is_locked(obj) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_locked(obj) and super().has_delete_permission(request, obj)


class PriorityTaskInline(LockedWhenPublished, admin.StackedInline):
    model = PriorityTask
    extra = 0
    fields = ["position", "text"]


class RegularSessionInline(LockedWhenPublished, admin.TabularInline):
    model = RegularSession
    extra = 0
    fields = ["date", "time", "place"]
    show_change_link = True


class ItemInline(LockedWhenPublished, admin.TabularInline):
    """Items listed read-only on the plan; each opens on its own page, where its agencies are edited."""

    model = Item
    fk_name = "plan"
    extra = 0
    fields = ["part", "meeting_date", "position", "title", "agency_list"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("nội dung phần B (mở từng nội dung để sửa cơ quan chuẩn bị)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("ngày"))
    def meeting_date(self, item):
        return item.meeting_date

    @admin.display(description=_("cơ quan chuẩn bị"))
    def agency_list(self, item):
        return format_html_join(", ", "{}", ((agency.short_name,) for agency in item.ordered_agencies))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session").with_agencies()


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "month", "number", "status", "published_at"]
    list_filter = ["year", "status"]
    search_fields = ["title", "number"]
    readonly_fields = ["status", "version", "published_at", "created_at", "updated_at"]
    inlines = [PriorityTaskInline, RegularSessionInline, ItemInline]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["year", "month", "title", "number", "issue_date", "status", "version", "published_at"]}),
        (_("Người ký và nơi nhận"), {"fields": SIGNER_FIELDS}),
        (
            _("Tiêu đề các mục"),
            {
                "classes": ["collapse"],
                "fields": HEADING_FIELDS,
            },
        ),
    ]

    def get_changeform_initial_data(self, request):
        office = Office.objects.get_solo()
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("recipients", office.recipients)
        for key, value in {**office.signer, **office.headings}.items():
            field = f"heading_{key}" if key in office.headings else f"signer_{key}"
            initial.setdefault(field, value)
        return initial

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for session in form.instance.sessions.all():
            for warning in session.date_warnings():
                messages.warning(request, warning)

    @admin.action(description=_("Ban hành các chương trình đã chọn"))
    def publish_selected(self, request, queryset):
        for plan in queryset:
            try:
                publish_plan(plan, user=request.user)
            except PlanError as error:
                messages.error(request, f"{plan}: {error}")
            else:
                messages.success(request, _("Đã ban hành: %(plan)s") % {"plan": plan})
