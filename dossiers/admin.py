from django.contrib import admin

from dossiers.models import DossierFile, DossierSubmission, FileAccess


class DossierFileInline(admin.TabularInline):
    model = DossierFile
    fields = ["position", "name", "kind", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(DossierSubmission)
class DossierSubmissionAdmin(admin.ModelAdmin):
    """Read-only: uploads are kept as they arrived (a newer one supersedes, nothing is deleted)."""

    list_display = ["item", "agency", "submitted_at", "submitted_by"]
    list_filter = ["agency"]
    search_fields = ["item__title", "agency__name"]
    readonly_fields = ["item", "agency", "submitted_by", "submitted_at", "note"]
    inlines = [DossierFileInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FileAccess)
class FileAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "what", "name"]
    list_filter = ["what"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["at", "user", "what", "object_id", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
