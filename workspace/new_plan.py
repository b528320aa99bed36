"""Creating next month's plan: the month asked for, the previous month's unfinished items offered to carry
over (each with its date moved into the new month), and whether to copy part A's tasks.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import MonthlyPlan
from agenda.widgets import date_widget
from meetings.models import Item
from workspace.services import moved_date


class NewPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12)

    working_copy = None  # the month's working copy, when the month was refused for having one

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        plans = MonthlyPlan.objects.of(self.office)
        if year and month and plans.for_month(year, month).exists():
            self.working_copy = plans.working().for_month(year, month).first()
            raise ValidationError(_("Đã có chương trình %(month)s.") % {"month": dates.month_label(year, month)})
        return cleaned


class CarryOverForm(forms.Form):
    """One item of the previous month, offered for the new plan with its date moved into the new month."""

    carry = forms.BooleanField(label=_("Chuyển sang tháng mới"), required=False)
    date = forms.DateField(label=_("Ngày mới"), required=False, widget=date_widget())

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item.part == Item.Part.CHAIRMAN:
            del self.fields["date"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("carry") and "date" in self.fields and cleaned.get("date") is None and "date" not in self.errors:
            self.add_error("date", _("Hãy nhập ngày mới cho nội dung này."))
        return cleaned


class NewPlanOptionsForm(forms.Form):
    copy_tasks = forms.BooleanField(
        label=_("Chép các nhiệm vụ trọng tâm của tháng trước để sửa tiếp"), required=False, initial=False
    )


class NewPlan:
    """One CarryOverForm per item not yet done in the previous month, for the new ``month``."""

    def __init__(self, candidates, month, data=None):
        self.month = month
        self.options = NewPlanOptionsForm(data, prefix="new")
        self.carry_forms = [
            CarryOverForm(
                data,
                prefix=f"carry-{item.pk}",
                item=item,
                initial={"date": moved_date(item, *month)},
            )
            for item in candidates
        ]

    def is_valid(self):
        results = [form.is_valid() for form in self.carry_forms] + [self.options.is_valid()]  # all errors show
        valid = all(results)
        if not valid:
            return False
        year, month = self.month
        for form in self.carry_forms:
            day = form.cleaned_data.get("date")
            if form.cleaned_data["carry"] and day and (day.year, day.month) != (year, month):
                form.add_error(
                    "date",
                    _("Ngày %(date)s không thuộc %(month)s.")
                    % {"date": dates.short_date(day), "month": dates.month_label(year, month)},
                )
                valid = False
        return valid

    @property
    def copy_tasks(self):
        return self.options.cleaned_data["copy_tasks"]

    @property
    def carried(self):
        return [(form.item, form.cleaned_data.get("date")) for form in self.carry_forms if form.cleaned_data["carry"]]
