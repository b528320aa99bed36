"""Forms of the import screens: the uploaded file, and the choice made for each unknown agency."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Agency, Office
from programme.importing.extract import SUFFIXES

CREATE = "__moi__"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp chương trình (.docx, .pdf hoặc .txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("Tệp lớn hơn %(size)s.") % {"size": filesizeformat(limit)})
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp .docx, .pdf hoặc .txt."))
        return upload


class AgencyChoiceForm(forms.Form):
    """One field per unknown agency: an existing agency of the office's directory, or a new one under that name.

    ``office``: the office the programme is imported into (the first office by default); another office's
    agencies are not among the choices, so a forged id is a form error."""

    def __init__(self, unknown_names, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is None:  # the first office, read in the same query as its agencies
            office = Office.objects.order_by("pk").values("pk")[:1]
        agencies = list(Agency.objects.of(office).order_by("name"))
        self.agencies = {str(agency.pk): agency for agency in agencies}
        choices = [(CREATE, _("Tạo cơ quan mới với tên này"))] + [(str(a.pk), a.name) for a in agencies]
        self.names = list(unknown_names)
        for index, name in enumerate(self.names):
            self.fields[f"agency_{index}"] = forms.ChoiceField(label=name, choices=choices, initial=CREATE)

    def rows(self):
        """(name as written, bound field) pairs, for the template."""
        return [(name, self[f"agency_{index}"]) for index, name in enumerate(self.names)]

    def choices(self):
        """Name as written -> chosen Agency, or None to create it."""
        return {name: self.agencies.get(self.cleaned_data[f"agency_{index}"]) for index, name in enumerate(self.names)}
