from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from meetings.search import query_words


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm nội dung"),
        max_length=200,
        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: phong chong ma tuy."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    trang = forms.IntegerField(label=_("Trang"), min_value=1, required=False, widget=forms.HiddenInput)

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not query_words(query):
            raise forms.ValidationError(_("Hãy nhập ít nhất một chữ hoặc số để tìm."))
        return query


class AgencyYearForm(forms.Form):
    """?nam=2024 on an agency's page: that year of its history instead of what is upcoming and recent."""

    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)


PDF_MAGIC = b"%PDF-"


def upload_too_large_message():
    return _("Tệp quá lớn: chỉ nhận tệp PDF tối đa %(size)s.") % {
        "size": filesizeformat(settings.VERIFY_MAX_UPLOAD_BYTES)
    }


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF cần xác thực"),
        help_text=_("Tệp chương trình công tác đã ký số, tải về từ trang này hoặc nhận qua thư điện tử."),
        error_messages={
            "required": _("Hãy chọn một tệp PDF."),
            "empty": _("Tệp rỗng: hãy chọn một tệp PDF."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.VERIFY_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(upload_too_large_message())
        upload.seek(0)
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(
                _("Tệp “%(name)s” không phải là tệp PDF. Hãy chọn tệp PDF của chương trình đã ký số.")
                % {"name": upload.name}
            )
        upload.seek(0)
        return upload

    def content(self):
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
