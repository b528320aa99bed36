from django import forms
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import Agency
from agenda.widgets import OrderedAgenciesField, date_widget, office_agencies
from dossiers.models import FileKind
from dossiers.uploads import check_upload
from meetings.models import Item
from proposals.models import Proposal
from proposals.services import month_choices

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def parse_month(value):
    year, month = value.split("-")
    return int(year), int(month)


class ProposalForm(forms.ModelForm):
    """A department's proposal for a coming month; the lead agency is its own by default.

    The agencies are chosen with the editing page's picker (agenda.widgets.AgencyPicker): one ordered
    list, lead first, then the supporting agencies, all of the office the department belongs to (``office``,
    by default its agency's): another office's agency is a form error.
    """

    target = forms.ChoiceField(label=_("Tháng"), choices=())
    agencies = OrderedAgenciesField(
        label=_("Cơ quan chuẩn bị (cơ quan chủ trì đứng đầu)"),
        required=True,
        error_messages={"required": _("Hãy chọn cơ quan chủ trì.")},
    )
    letter_file = forms.FileField(
        label=_("Công văn đăng ký (PDF hoặc DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    class Meta:
        model = Proposal
        fields = ["part", "title", "wished_date", "basis", "note"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "wished_date": date_widget(),
        }

    def __init__(self, *args, agency, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_id = office.pk if office is not None else agency.office_id
        # The office's active agencies, and those the proposal already names (an agency may have closed since).
        chosen = self.instance.ordered_agencies if self.instance.pk else [agency]
        self.fields["agencies"].agencies = office_agencies(self.office_id, active=True, keep=chosen)
        chosen = [known for known in chosen if known.office_id == self.office_id]
        choices = month_choices()
        if self.instance.pk:
            current = f"{self.instance.year:04d}-{self.instance.month:02d}"
            if current not in dict(choices):
                choices.insert(0, (current, dates.month_label(self.instance.year, self.instance.month)))
            self.initial["target"] = current
        self.initial.setdefault("agencies", [known.pk for known in chosen])  # a new one: its own agency leads
        self.fields["target"].choices = choices
        self.fields["title"].error_messages["required"] = _("Hãy nhập nội dung đăng ký.")

    def clean_letter_file(self):
        upload = self.cleaned_data.get("letter_file")
        if not upload:
            return None
        kind, name = check_upload(upload, (FileKind.PDF, FileKind.DOCX))
        return (upload, kind, name)

    def clean(self):
        cleaned = super().clean()
        target, part, wished = cleaned.get("target"), cleaned.get("part"), cleaned.get("wished_date")
        if target:
            year, month = parse_month(target)
            self.instance.year, self.instance.month = year, month
            if wished and (wished.year, wished.month) != (year, month):
                self.add_error(
                    "wished_date",
                    _("Ngày %(date)s không thuộc %(month)s.")
                    % {"date": dates.short_date(wished), "month": dates.month_label(year, month)},
                )
        if part == Item.Part.CONFERENCE and not wished:
            self.add_error("wished_date", _("Hãy nhập ngày đề nghị tổ chức hội nghị."))
        chosen = cleaned.get("agencies")
        if chosen:
            self.instance.lead = chosen[0]
            cleaned["supporting"] = chosen[1:]
        return cleaned


class InboxFilterForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Agency.objects.none(), required=False)
    part = forms.ChoiceField(label=_("Hình thức"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, agencies, office=None, **kwargs):
        """``agencies``: those the filter offers; with ``office``, only that office's of them."""
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if office is None else agencies.filter(office=office)
        self.fields["part"].choices = [("", _("Tất cả"))] + list(Item.Part.choices)
        self.fields["status"].choices = [("", _("Tất cả"))] + list(Proposal.Status.choices)

    def filter(self, proposals):
        if not self.is_valid():
            return proposals
        data = self.cleaned_data
        if data["agency"]:
            proposals = proposals.filter(agency=data["agency"])
        if data["part"]:
            proposals = proposals.filter(part=data["part"])
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        return proposals


class DecisionForm(forms.Form):
    ACCEPT, DEFER, REJECT = "accept", "defer", "reject"

    proposals = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một nội dung đăng ký.")},
    )
    action = forms.ChoiceField(
        label=_("Xử lý"),
        choices=[(ACCEPT, _("Đưa vào dự thảo")), (DEFER, _("Chuyển sang tháng sau")), (REJECT, _("Không đưa vào"))],
    )
    reason = forms.CharField(label=_("Lý do (bắt buộc khi không đưa vào)"), required=False, max_length=1000)
    defer_to = forms.RegexField(label=_("Chuyển sang tháng (YYYY-MM)"), regex=MONTH_PATTERN, required=False)

    def __init__(self, *args, office, year, month, **kwargs):
        super().__init__(*args, **kwargs)
        proposals = Proposal.objects.of(office).for_month(year, month).undecided().with_agencies()
        self.fields["proposals"].queryset = proposals  # another office's proposal is "not a valid choice"
        self.month = (year, month)
        following = dates.shift_month(year, month, 1)
        self.fields["defer_to"].initial = f"{following[0]:04d}-{following[1]:02d}"
        self.fields["defer_to"].widget.attrs["placeholder"] = self.fields["defer_to"].initial

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == self.REJECT and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi lý do không đưa vào chương trình."))
        if action == self.DEFER:
            target = cleaned.get("defer_to") or self.fields["defer_to"].initial
            cleaned["defer_to"] = parse_month(target)
            if cleaned["defer_to"] <= self.month:
                self.add_error("defer_to", _("Chỉ chuyển được sang một tháng sau tháng đã đăng ký."))
        return cleaned
