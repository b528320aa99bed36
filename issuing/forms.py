from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
