"""The workspace's forms of a notice: its title, one item's conclusion, a task (the agency picker of the
programme's editing page: lead first, then the supporting agencies), signing and returning."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.widgets import OrderedAgenciesField, date_widget, office_agencies
from conclusions.models import TEXT_MAX, ConclusionEntry, ConclusionSettings

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class VersionForm(forms.Form):
    """The notice's version when the page was loaded: a write over a newer version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TitleForm(VersionForm):
    title = forms.CharField(label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class EntryForm(VersionForm):
    text = forms.CharField(
        label=_("Kết luận"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    deferred = forms.ChoiceField(label=_("Hoãn sang tháng"), required=False, choices=())

    def __init__(self, *args, session_date, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Không hoãn"))]
        for delta in range(1, 7):
            year, month = dates.shift_month(session_date.year, session_date.month, delta)
            choices.append((f"{year:04d}-{month:02d}", dates.month_label(year, month)))
        self.fields["deferred"].choices = choices

    @classmethod
    def initial_of(cls, entry, version):
        deferred = f"{entry.deferred_year:04d}-{entry.deferred_month:02d}" if entry.is_deferred else ""
        return {"text": entry.text, "deferred": deferred, "version": version}

    def deferred_month(self):
        value = self.cleaned_data.get("deferred")
        if not value:
            return None
        year, month = value.split("-")
        return int(year), int(month)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("deferred"):
            self.add_error("text", _("Hãy ghi kết luận của nội dung này, hoặc chọn tháng hoãn."))
        return cleaned


class TaskForm(VersionForm):
    text = forms.CharField(
        label=_("Nhiệm vụ"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi nội dung nhiệm vụ.")},
    )
    agencies = OrderedAgenciesField(
        label=_("Cơ quan chủ trì (đứng đầu) và cơ quan phối hợp"),
        required=True,
        error_messages={"required": _("Hãy chọn cơ quan chủ trì.")},
    )
    deadline = forms.DateField(
        label=_("Thời hạn"),
        widget=date_widget(),
        error_messages={"required": _("Hãy chọn thời hạn."), "invalid": _("Ngày không hợp lệ.")},
    )
    entry = forms.ModelChoiceField(label=_("Thuộc nội dung"), queryset=ConclusionEntry.objects.none(), required=False)

    def __init__(self, *args, conclusion, chosen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].agencies = office_agencies(conclusion.office_id, active=True, keep=chosen)
        self.fields["entry"].queryset = conclusion.entries.filter(item__isnull=False).order_by("position")
        self.fields["entry"].empty_label = _("Nhiệm vụ chung (không thuộc nội dung nào)")
        self.fields["entry"].label_from_instance = lambda entry: f"{entry.position}. {entry.heading[:90]}"
        self.session_date = conclusion.session_date

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < self.session_date:
            raise forms.ValidationError(_("Thời hạn phải sau ngày họp."))
        return deadline


class SignForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    pin = forms.CharField(
        label=_("Mã PIN thiết bị ký số"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Chỉ dùng cho lần ký này, không được lưu."),
    )

    def __init__(self, *args, needs_pin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_pin:
            self.fields["pin"].required = True
            self.fields["pin"].error_messages["required"] = _("Hãy nhập mã PIN của thiết bị ký số.")
        else:
            del self.fields["pin"]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến khi trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi ý kiến để người soạn biết cần sửa gì.")},
    )


class SettingsForm(forms.ModelForm):
    """The office's settings of its notices, set by its administrator."""

    class Meta:
        model = ConclusionSettings
        fields = ["symbol", "signer_authority", "signer_title", "signer_name", "recipients", "issue_days"]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 4})}

    def clean_issue_days(self):
        days = self.cleaned_data["issue_days"]
        if not 1 <= days <= 30:
            raise forms.ValidationError(_("Thời hạn ban hành từ 1 đến 30 ngày làm việc."))
        return days
