from django.contrib import admin

from workspace.models import AgencyMembership


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    """Administrators link each department user (group “Cán bộ sở, ngành”) to its agency here."""

    list_display = ["user", "agency"]
    list_filter = ["agency"]
    search_fields = ["user__username", "user__email", "agency__name", "agency__short_name"]
    autocomplete_fields = ["user", "agency"]
