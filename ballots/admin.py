"""The admin of ballots' settings and secretaries (the system's administrator; an office's own page may follow)."""

from django.contrib import admin

from ballots.models import Ballot, BallotSettings, Secretary


@admin.register(BallotSettings)
class BallotSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "deadline_days", "silence_counts_as_agreement", "share_numerator", "share_denominator"]


@admin.register(Secretary)
class SecretaryAdmin(admin.ModelAdmin):
    list_display = ["office", "member", "secretary"]
    raw_id_fields = ["member", "secretary"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["title", "office", "state", "deadline", "outcome"]
    list_filter = ["office", "state"]
    readonly_fields = ["version", "result_file", "sent_at", "closed_at", "outcome"]
    raw_id_fields = ["item", "created_by", "approver"]
