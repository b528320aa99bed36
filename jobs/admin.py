"""The outbox and the built files, read-only: an administrator sees an e-mail that could not be sent (its error,
its tries) and the packets kept. Nothing is edited here: the jobs own these rows."""

from django.contrib import admin

from jobs.models import BuiltFile, OutboxMessage


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnly):
    list_display = ["key", "subject", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["key", "subject"]


@admin.register(BuiltFile)
class BuiltFileAdmin(ReadOnly):
    list_display = ["key", "state", "size", "created_at", "finished_at"]
    list_filter = ["state"]
    search_fields = ["key"]
