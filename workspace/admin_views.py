"""An office's own administration (quản trị đơn vị), /van-phong/<office>/quan-tri/: its people and their roles,
its agencies and its settings (headings, signer, deadlines, seal). Everything is the office's own: a
membership, an agency or a setting of another office is never shown or changed here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.decorators import office_workspace
from access.models import Membership
from access.permissions import OFFICE_ADMIN, require_right
from agenda.admin import OfficeForm
from agenda.models import Agency
from issuing import keys
from issuing.models import OfficeSigningKey
from workspace.agencies import AgencyExistsError, add_agency


class OfficeSettingsForm(OfficeForm):
    """What an office sets for itself; its slug, code, level and parent are the system administrator's."""

    class Meta(OfficeForm.Meta):
        fields = [name for name in OfficeForm.Meta.fields if name not in ("slug", "code", "level", "parent")]


class GrantForm(forms.Form):
    """A role for a person: an account of the platform, or a new one (it sets its password by e-mail)."""

    username = forms.RegexField(
        label=gettext_lazy("Tên đăng nhập"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": gettext_lazy("Tên đăng nhập chỉ gồm chữ, số và các dấu . @ + - _")},
    )
    full_name = forms.CharField(label=gettext_lazy("Họ và tên (tài khoản mới)"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử (tài khoản mới)"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=Membership.Role.choices)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị (với cán bộ)"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["agency"].queryset = Agency.objects.of(office).active()

    def clean(self):
        cleaned = super().clean()
        role, agency = cleaned.get("role"), cleaned.get("agency")
        if role == Membership.Role.DEPARTMENT and agency is None:
            self.add_error("agency", _("Cán bộ cơ quan, đơn vị cần có cơ quan, đơn vị."))
        if role and role != Membership.Role.DEPARTMENT:
            cleaned["agency"] = None
        username = cleaned.get("username")
        is_new = username and not get_user_model().objects.filter(username=username).exists()
        if is_new and not cleaned.get("email"):
            self.add_error("email", _("Tài khoản mới cần thư điện tử để tự đặt mật khẩu."))
        return cleaned

    def save(self):
        data = self.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.filter(username=data["username"]).first()
            if user is None:
                user = get_user_model()(username=data["username"], email=data["email"])
                user.first_name = data["full_name"]
                user.set_unusable_password()
                user.save()
            membership, _created = Membership.objects.get_or_create(
                user=user, office=self.office, role=data["role"], defaults={"agency": data["agency"]}
            )
            if membership.agency_id != getattr(data["agency"], "pk", None):
                membership.agency = data["agency"]
                membership.save()
        return membership


class SigningKeyForm(forms.ModelForm):
    """Where the office's seal key is on its PKCS#11 token (the PIN is never stored: typed or in a file)."""

    class Meta:
        model = OfficeSigningKey
        fields = ["pkcs11_token_label", "pkcs11_key_label"]


class RevokeForm(forms.Form):
    membership = forms.IntegerField()


class AgencyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên cơ quan, đơn vị"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("Tên viết tắt"), max_length=100, required=False)


@office_workspace
def office_admin(request, office):
    """The office's people, agencies and settings; each form posts with its own ``action``."""
    require_right(request.user, "office.admin", office)
    action = request.POST.get("action") if request.method == "POST" else None
    grant = GrantForm(request.POST if action == "grant" else None, office=office)
    agency_form = AgencyForm(request.POST if action == "agency" else None)
    key = OfficeSigningKey.objects.filter(office=office).first() or OfficeSigningKey(office=office)
    key_form = SigningKeyForm(request.POST if action == "key" else None, instance=key)
    settings_form = OfficeSettingsForm(
        request.POST if action == "settings" else None,
        request.FILES if action == "settings" else None,
        instance=office,
    )
    if action == "grant" and grant.is_valid():
        membership = grant.save()
        messages.success(request, _("Đã giao vai trò %(role)s cho %(user)s.") % _words(membership))
        return redirect("workspace:office_admin", office)
    if action == "revoke":
        return _revoke(request, office)
    if action == "agency" and agency_form.is_valid():
        try:
            agency = add_agency(office, agency_form.cleaned_data["name"], agency_form.cleaned_data["short_name"])
        except AgencyExistsError as error:
            agency_form.add_error("name", error.message)
        else:
            messages.success(request, _("Đã thêm %(agency)s.") % {"agency": agency.name})
            return redirect("workspace:office_admin", office)
    if action == "key" and key_form.is_valid():
        key_form.save()
        messages.success(request, _("Đã lưu nơi đặt khóa ký số của cơ quan."))
        return redirect("workspace:office_admin", office)
    if action == "settings" and settings_form.is_valid():
        settings_form.save()
        messages.success(request, _("Đã lưu thiết lập của cơ quan."))
        return redirect("workspace:office_admin", office)
    if action:
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu bên dưới."))
    memberships = Membership.objects.of(office).select_related("user", "agency").order_by("user__username", "role")
    context = {
        "memberships": memberships,
        "agencies": Agency.objects.of(office).order_by("name"),
        "grant": grant,
        "agency_form": agency_form,
        "settings_form": settings_form,
        "key_form": key_form,
        "key_file": keys.office_key_name(office.slug),
    }
    return render(request, "workspace/office_admin.html", context, status=400 if action else 200)


def _revoke(request, office):
    form = RevokeForm(request.POST)
    membership = None
    if form.is_valid():
        membership = Membership.objects.of(office).filter(pk=form.cleaned_data["membership"]).first()
    if membership is None:  # another office's row, or gone already: nothing of theirs is touched
        messages.error(request, _("Không tìm thấy vai trò này trong cơ quan."))
    elif membership.user_id == request.user.pk and membership.role == OFFICE_ADMIN:
        messages.error(request, _("Không tự thu hồi được vai trò quản trị của chính mình."))
    else:
        try:
            membership.delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã thu hồi vai trò %(role)s của %(user)s.") % _words(membership))
    return redirect("workspace:office_admin", office)


def _words(membership):
    return {"role": membership.get_role_display(), "user": membership.user.get_username()}
