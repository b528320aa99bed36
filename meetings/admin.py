from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from agenda.admin import LockedWhenPublished, PlanPartAdmin, PlanPartForm
from meetings.models import Item, ItemAgency, RegularSession


class ItemAgencyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        agencies = [
            form.cleaned_data["agency"]
            for form in sorted(self.forms, key=lambda form: form.cleaned_data.get("position") or 0)
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            self.instance.validate_agencies(agencies)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class ItemAgencyInline(LockedWhenPublished, admin.TabularInline):
    model = ItemAgency
    formset = ItemAgencyFormSet
    extra = 1
    fields = ["position", "agency"]
    autocomplete_fields = ["agency"]
    verbose_name_plural = _("cơ quan chuẩn bị (thứ tự 0 là cơ quan chủ trì)")


@admin.register(Item)
class ItemAdmin(PlanPartAdmin, admin.ModelAdmin):
    list_display = ["title", "part", "plan", "position"]
    list_filter = ["part", "plan__year", "plan__status"]
    search_fields = ["title", "agencies__name", "agencies__short_name"]
    autocomplete_fields = ["plan", "session"]
    inlines = [ItemAgencyInline]
    fields = ["plan", "part", "session", "date", "time", "place", "position", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.date_warnings():
            messages.warning(request, warning)


class SessionItemInline(admin.TabularInline):
    model = Item
    fk_name = "session"
    extra = 0
    fields = ["position", "title"]
    readonly_fields = ["title"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RegularSessionForm(PlanPartForm):
    def clean_plan(self):
        plan = super().clean_plan()
        if self.loaded_plan_id not in (None, plan.pk) and self.instance.items.exists():
            raise ValidationError(
                _("Phiên họp đã có nội dung: không chuyển được sang chương trình khác."), code="has_items"
            )
        return plan


@admin.register(RegularSession)
class RegularSessionAdmin(PlanPartAdmin, admin.ModelAdmin):
    form = RegularSessionForm
    list_display = ["__str__", "plan", "place"]
    list_filter = ["plan__year"]
    search_fields = ["plan__title", "place"]
    inlines = [SessionItemInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.date_warnings():
            messages.warning(request, warning)
