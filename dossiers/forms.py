from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dossiers.models import FileKind
from dossiers.uploads import check_upload

DOSSIER_KINDS = (FileKind.PDF, FileKind.DOCX, FileKind.XLSX)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``check_upload``: the cleaned value is
    [(file, kind, display name)]."""

    widget = MultipleFileInput

    def __init__(self, *args, kinds, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)
        accept = ",".join(f".{kind}" for kind in kinds)
        self.widget.attrs.update({"accept": accept, "multiple": True})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        checked, errors = [], []
        for upload in uploads:
            try:
                kind, name = check_upload(upload, self.kinds)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                checked.append((upload, kind, name))
        if errors:
            raise ValidationError(errors)
        return checked


class DossierUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Tệp hồ sơ (tờ trình, dự thảo, báo cáo: PDF, DOCX, XLSX)"),
        kinds=DOSSIER_KINDS,
        error_messages={"required": _("Hãy chọn ít nhất một tệp.")},
        help_text=_("Gửi lại sẽ thay hồ sơ hiện tại; các lần gửi trước vẫn được lưu."),
    )
    note = forms.CharField(label=_("Lời nhắn cho Văn phòng"), required=False, max_length=1000)


class DossierMarkForm(forms.Form):
    is_sent = forms.BooleanField(label=_("Đã gửi hồ sơ"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DepartmentYearForm(forms.Form):
    """?nam=2024 on a department's dossier page: that year's plans instead of the current window."""

    nam = forms.IntegerField(required=False, min_value=2000, max_value=2100)
