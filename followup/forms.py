"""The follow-up forms: a progress report (files checked by their content, as dossiers check theirs), the
Office's decision, and the dashboard's filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dossiers.forms import DOSSIER_KINDS, MultipleFileField


class OptionalFilesField(MultipleFileField):
    """dossiers' multiple-file field, which may be left empty (a progress report needs no file)."""

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads and not self.required:
            return []
        return super().clean(data, initial)


class ProgressReportForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung báo cáo"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy ghi nội dung báo cáo.")},
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tiến độ từ 0 đến 100%."),
            "max_value": _("Tiến độ từ 0 đến 100%."),
            "invalid": _("Tiến độ là một số từ 0 đến 100."),
        },
    )
    files = OptionalFilesField(
        label=_("Tệp kèm theo (PDF, DOCX, XLSX)"),
        kinds=DOSSIER_KINDS,
        required=False,
        help_text=_("Báo cáo hoàn thành cần ít nhất một tệp minh chứng."),
    )
    marks_done = forms.BooleanField(label=_("Báo cáo nhiệm vụ đã hoàn thành"), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("marks_done") and not cleaned.get("files") and "files" not in self.errors:
            self.add_error("files", _("Hãy đính kèm ít nhất một tệp minh chứng khi báo cáo hoàn thành."))
        return cleaned


class ReviewForm(forms.Form):
    CONFIRM, RETURN = "xac-nhan", "tra-lai"

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(CONFIRM, _("Xác nhận hoàn thành")), (RETURN, _("Trả lại, chưa hoàn thành"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn xác nhận hoặc trả lại.")},
    )
    assessment = forms.CharField(
        label=_("Đánh giá của Văn phòng"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("assessment"):
            self.add_error("assessment", _("Hãy ghi lý do trả lại để cơ quan chủ trì biết cần làm tiếp gì."))
        return cleaned

    @property
    def confirms(self):
        return self.cleaned_data["decision"] == self.CONFIRM


class DashboardFilterForm(forms.Form):
    """?nam=2024&co_quan=<pk>: the deadline year and the lead agency (among ``agencies``)."""

    nam = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    co_quan = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.pk: agency for agency in agencies}

    def clean_co_quan(self):
        pk = self.cleaned_data["co_quan"]
        if pk is not None and pk not in self.agencies:
            raise ValidationError(_("Không có cơ quan này."))
        return self.agencies.get(pk)
