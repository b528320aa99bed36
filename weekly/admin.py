"""The weeks in the admin, for the system administrator only (the Office works in the workspace, where every
right is asked with the office): leaders and settings to correct, weeks and revisions to read. A published
revision is immutable: read-only here."""

from django.contrib import admin

from access.admin import SystemAdminOnly
from weekly.models import Entry, Leader, Week, WeekRevision, WeekSettings


@admin.register(Leader)
class LeaderAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["name", "title", "office", "order", "slug", "active_from", "active_until"]
    list_filter = ["office"]
    list_select_related = ["office"]
    search_fields = ["name", "title", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []  # a leader's calendar address never changes


@admin.register(WeekSettings)
class WeekSettingsAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["office", "replaces_invitation", "editors_may_publish"]


class EntryInline(SystemAdminOnly, admin.TabularInline):
    model = Entry
    extra = 0
    fields = ["date", "half_day", "start_time", "content", "place", "source"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Week)
class WeekAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["__str__", "office", "state", "version", "updated_at"]
    list_filter = ["office", "state"]
    list_select_related = ["office"]
    readonly_fields = ["office", "iso_year", "iso_week", "state", "version"]
    inlines = [EntryInline]

    def has_add_permission(self, request):
        return False  # weeks are made in the workspace or by build_week


@admin.register(WeekRevision)
class WeekRevisionAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["__str__", "office", "published_at", "published_by"]
    list_filter = ["office"]
    list_select_related = ["office", "published_by"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in WeekRevision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
