"""Issued revisions and the register, read-only; approvers' and offices' signing identities.

Nothing is issued from here: the workspace's signing page and the văn thư's queue do that,
through issuing.services.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agenda import uploads
from issuing.models import OfficeSigningKey, RegisterEntry, Revision, SignerProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office", "register_number", "issued_at", "approved_by", "issued_by", "public_link"]
    list_filter = ["office", "year"]
    search_fields = ["sha256", "signer_name"]
    fields = [
        "year",
        "month",
        "number",
        "register_number",
        "signer_name",
        "approved_by",
        "approved_at",
        "approver_certificate",
        "approver_note",
        "issued_by",
        "issued_at",
        "certificate_subject",
        "sha256",
        "note",
        "public_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).without_pdf().select_related("approved_by", "issued_by", "office")

    @admin.display(description=_("trang công khai"))
    def public_link(self, revision):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            revision.get_absolute_url(),
            _("bản ban hành"),
            revision.get_pdf_url(),
            _("tệp PDF đã ký"),
        )


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin):
    list_display = ["label", "year", "office", "plan", "reserved_at"]
    list_filter = ["office", "year"]
    list_select_related = ["plan", "office"]


class SignerProfileForm(forms.ModelForm):
    signature_upload = forms.FileField(
        label=_("tải lên hình chữ ký"),
        required=False,
        help_text=_("Ảnh PNG nền trong suốt, tối đa 512 KB; người ký cũng tự tải lên ở trang tài khoản."),
    )

    class Meta:
        model = SignerProfile
        fields = ["user", "full_name", "pkcs11_token_label", "pkcs11_key_label"]

    def clean_signature_upload(self):
        upload = self.cleaned_data.get("signature_upload")
        return uploads.validated_transparent_png(upload, 512 * 1024, 2000) if upload else None

    def save(self, commit=True):
        profile = super().save(commit=False)
        if self.cleaned_data.get("signature_upload"):
            profile.signature_image = self.cleaned_data["signature_upload"]
        if commit:
            profile.save()
        return profile


@admin.register(SignerProfile)
class SignerProfileAdmin(admin.ModelAdmin):
    form = SignerProfileForm
    list_display = ["__str__", "user", "pkcs11_key_label", "updated_at"]
    search_fields = ["full_name", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(OfficeSigningKey)
class OfficeSigningKeyAdmin(admin.ModelAdmin):
    """Where an office's seal key is on the PKCS#11 token; an office without one seals with its PKCS#12 file
    (SIGNING_DIR/co-quan/<slug>.p12). The PIN is never entered here."""

    list_display = ["office", "pkcs11_token_label", "pkcs11_key_label", "updated_at"]
    list_select_related = ["office"]
    fields = ["office", "pkcs11_token_label", "pkcs11_key_label"]
