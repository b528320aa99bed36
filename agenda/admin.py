"""The admin: the Office row, agencies, and plans while they are drafts.

Issuing has no admin action: a plan is submitted, signed and sealed in the workspace (the plan's
admin page links there), by issuing.services like every other path. A plan under review, signed
or issued is read-only here, and a save made on a stale page is refused, as in the workspace.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agenda import uploads
from agenda.document_fields import DEFAULT_HEADINGS
from agenda.models import Agency, MonthlyPlan, Office

HEADING_FIELDS = [f"heading_{key}" for key in DEFAULT_HEADINGS]
SIGNER_FIELDS = ["signer_authority", "signer_position", "signer_name", "recipients"]


class OfficeForm(forms.ModelForm):
    """The Office with its seal uploaded as a file (a transparent PNG, checked by its content)."""

    SEAL_MAX_BYTES = 1024 * 1024
    SEAL_MAX_SIDE = 3000

    seal_upload = forms.FileField(
        label=_("tải lên hình con dấu"),
        required=False,
        help_text=_("Ảnh PNG nền trong suốt, tối đa 1 MB và 3000 × 3000 điểm ảnh; thay cho hình hiện có."),
    )
    seal_remove = forms.BooleanField(label=_("bỏ hình con dấu đã tải lên"), required=False)

    class Meta:
        model = Office
        fields = [
            "slug",
            "code",
            "level",
            "parent",
            "parent_body",
            "name",
            "place",
            "document_symbol",
            "dossier_lead_days",
            "proposal_deadline_day",
            "event_minutes",
            "seal_diameter_mm",
            *SIGNER_FIELDS,
            *HEADING_FIELDS,
        ]

    def clean_seal_upload(self):
        upload = self.cleaned_data.get("seal_upload")
        if not upload:
            return None
        return uploads.validated_transparent_png(upload, self.SEAL_MAX_BYTES, self.SEAL_MAX_SIDE)

    def save(self, commit=True):
        office = super().save(commit=False)
        if self.cleaned_data.get("seal_upload"):
            office.seal_image = self.cleaned_data["seal_upload"]
        elif self.cleaned_data.get("seal_remove"):
            office.seal_image = b""
        if commit:
            office.save()
        return office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    form = OfficeForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "code",
                    "level",
                    "parent",
                    "parent_body",
                    "name",
                    "place",
                    "document_symbol",
                    "dossier_lead_days",
                    "proposal_deadline_day",
                    "event_minutes",
                ]
            },
        ),
        (_("Con dấu"), {"fields": ["seal_upload", "seal_remove", "seal_diameter_mm"]}),
        (
            _("Người ký và nơi nhận mặc định"),
            {"fields": SIGNER_FIELDS},
        ),
        (
            _("Tiêu đề các mục mặc định"),
            {"fields": HEADING_FIELDS},
        ),
    ]

    list_display = ["__str__", "slug", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "parent_body", "place", "slug", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []  # printed in every issued PDF's QR code: never changed

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser  # quản trị hệ thống

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active", "is_listed"]
    list_filter = ["kind", "is_active", "is_listed"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class LockedWhenPublished:
    """A plan is edited here only as a draft: under review, signed or issued, it and its parts are
    read-only (an issued plan is amended through a working copy in the workspace)."""

    def _is_locked(self, obj):
        plan = getattr(obj, "plan", obj)
        return plan is not None and getattr(plan, "status", None) not in MonthlyPlan.EDITABLE_STATUSES

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None
        return not self._is_locked(obj) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_locked(obj) and super().has_delete_permission(request, obj)


def refuse_stale(plan_pk, loaded_version):
    """A save on a page loaded before the plan's last change is refused (the version it was loaded with)."""
    current = MonthlyPlan.objects.filter(pk=plan_pk).values_list("version", flat=True).first()
    if loaded_version != current:
        raise forms.ValidationError(
            _(
                "Chương trình đã được người khác sửa sau khi trang này được mở; chưa lưu để không ghi đè. "
                "Hãy tải lại trang rồi sửa lại."
            ),
            code="stale",
        )


class PlanPartForm(forms.ModelForm):
    """A session or an item on its own admin page. It goes only into a plan still being drafted (the
    model refuses the rest too: agenda.content.PlanContent), and, as on the plan's page, a save made on a
    page loaded before the plan's last change is refused: the plan's version is the version of its parts."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded_plan_id = self.instance.plan_id if self.instance.pk is not None else None
        if self.loaded_plan_id is not None:
            self.fields["loaded_version"].initial = self.instance.plan.version

    def clean_plan(self):
        plan = self.cleaned_data["plan"]
        if plan is not None and plan.status not in MonthlyPlan.EDITABLE_STATUSES:
            raise forms.ValidationError(
                _(
                    "Chỉ thêm hoặc chuyển vào được chương trình đang là dự thảo hoặc đã được trả lại; "
                    "“%(plan)s” đang ở trạng thái “%(status)s”."
                )
                % {"plan": plan, "status": plan.get_status_display()},
                code="locked",
            )
        return plan

    def clean(self):
        cleaned = super().clean()
        if self.loaded_plan_id is not None:
            refuse_stale(self.loaded_plan_id, cleaned.get("loaded_version"))
        return cleaned


class PlanPartAdmin(LockedWhenPublished):
    """The admin of a session or an item (PlanPartForm): each save makes older pages of its plan stale,
    here and in the workspace."""

    form = PlanPartForm

    def get_fields(self, request, obj=None):
        fields = [field for field in super().get_fields(request, obj) if field != "loaded_version"]
        if obj is None or self.has_change_permission(request, obj):
            fields.append("loaded_version")
        return fields

    def _touch(self, *plan_pks):
        MonthlyPlan.objects.filter(pk__in={pk for pk in plan_pks if pk}).touch()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._touch(obj.plan_id, getattr(form, "loaded_plan_id", None))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._touch(obj.plan_id)
