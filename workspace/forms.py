"""The workspace's small forms: returning, signing, sealing and amending a plan, an approver's signature
image, an item's status, picking one plan of a month, the agency search, and the login form. The editing
page's forms are in editing_forms.py and plan_editor.py, the new plan's in new_plan.py.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from agenda import uploads
from agenda.widgets import date_widget
from meetings.models import Item

# --- review, status -------------------------------------------------------------------


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến khi trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi ý kiến để người soạn biết cần sửa gì.")},
    )


class SignForm(forms.Form):
    """The approver's signature: the SHA-256 of the render they saw, their token's PIN if any."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    pin = forms.CharField(
        label=_("Mã PIN thiết bị ký số"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Chỉ dùng cho lần ký này, không được lưu."),
    )
    note = forms.CharField(label=_("Ghi chú khi ký"), required=False, max_length=500)

    def __init__(self, *args, needs_pin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_pin:
            self.fields["pin"].required = True
            self.fields["pin"].error_messages["required"] = _("Hãy nhập mã PIN của thiết bị ký số.")
        else:
            del self.fields["pin"]


class SealForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú khi phát hành"), required=False, max_length=500)


class SignatureImageForm(forms.Form):
    """An approver's signature image: a transparent PNG, checked by its content."""

    MAX_BYTES = 512 * 1024
    MAX_SIDE = 2000

    image = forms.FileField(
        label=_("Hình chữ ký"),
        help_text=_("Ảnh PNG nền trong suốt, mực xanh, tối đa 512 KB và 2000 × 2000 điểm ảnh."),
    )

    def clean_image(self):
        return uploads.validated_transparent_png(self.cleaned_data["image"], self.MAX_BYTES, self.MAX_SIDE)


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do điều chỉnh chương trình đã ban hành.")},
    )


class ItemStatusForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["status", "postponed_to"]
        widgets = {"postponed_to": date_widget()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") != Item.Status.POSTPONED and cleaned.get("postponed_to"):
            self.add_error("postponed_to", _("Chỉ ghi ngày mới khi nội dung bị hoãn."))
        return cleaned

    def save(self, commit=True):
        self.instance.set_status(self.cleaned_data["status"], self.cleaned_data.get("postponed_to"))
        return self.instance


class PlanPickForm(forms.Form):
    """?ban=<pk>: one particular plan of the month (e.g. a superseded one, linked from the admin)."""

    ban = forms.IntegerField(required=False, min_value=1)


class AgencySearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }
