from django.contrib import admin

from proposals.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "year", "month", "part", "status", "is_late"]
    list_filter = ["status", "part", "is_late", "year", "month"]
    search_fields = ["title", "agency__name"]
    raw_id_fields = ["item"]
    filter_horizontal = ["supporting"]
