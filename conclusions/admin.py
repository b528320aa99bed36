from django.contrib import admin

from conclusions.models import ConclusionSettings


@admin.register(ConclusionSettings)
class ConclusionSettingsAdmin(admin.ModelAdmin):
    """An office's settings of its notices: symbol, signature block, recipients, issuing deadline."""

    list_display = ("office", "symbol", "signer_authority", "signer_title", "issue_days")
    fields = ("office", "symbol", "signer_authority", "signer_title", "signer_name", "recipients", "issue_days")
