"""The admin page of a plan with its parts: its tasks, sessions and items inline (the parts' own pages
are meetings.admin's). A plan is edited here only while a draft (agenda.admin.LockedWhenPublished), and a
save made on a stale page is refused, as in the workspace."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from agenda.admin import HEADING_FIELDS, SIGNER_FIELDS, LockedWhenPublished, refuse_stale
from agenda.models import MonthlyPlan, Office, PriorityTask
from meetings.models import Item, RegularSession


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


class MonthlyPlanForm(forms.ModelForm):
    """The plan with the version the page was loaded with: a save on a stale page is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MonthlyPlan
        fields = ["year", "month", "title", *SIGNER_FIELDS, *HEADING_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            refuse_stale(self.instance.pk, cleaned.get("loaded_version"))
        return cleaned


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(LockedWhenPublished, admin.ModelAdmin):
    form = MonthlyPlanForm
    list_display = ["__str__", "year", "month", "number", "status", "published_at"]
    list_filter = ["year", "status"]
    search_fields = ["title", "number"]
    readonly_fields = [
        "number",
        "issue_date",
        "status",
        "amendment_number",
        "version",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [PriorityTaskInline, RegularSessionInline, ItemInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "year",
                    "month",
                    "title",
                    "number",
                    "issue_date",
                    "status",
                    "amendment_number",
                    "version",
                    "published_at",
                    "loaded_version",
                ]
            },
        ),
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
        """A plan added here starts from its office's defaults (``?office=<pk>``, else the first office's)."""
        asked = request.GET.get("office", "")
        office = Office.objects.filter(pk=int(asked)).first() if asked.isdigit() else None
        office = office or Office.objects.get_solo()
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("recipients", office.recipients)
        for key, value in {**office.signer, **office.headings}.items():
            field = f"heading_{key}" if key in office.headings else f"signer_{key}"
            initial.setdefault(field, value)
        return initial

    def has_add_permission(self, request, *args):
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f != "loaded_version"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            obj.touch(save=False)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for session in form.instance.sessions.all():
            for warning in session.date_warnings():
                messages.warning(request, warning)
