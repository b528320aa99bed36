"""The workspace's forms of the week: an entry (its leaders and agencies by role), the week's header, a
leader, the office's week settings. Every choice is of the week's own office: another office's id is an error."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, PLACE_MAX, NormalizedFormField, free_slug
from agenda.models import Agency
from agenda.widgets import time_widget
from weekly.models import PEOPLE_MAX, Entry, EntryAgency, EntryLeader, Leader, WeekSettings
from weekly.services import half_day_of, weekday_title

TEXTAREA = {"rows": 2}


class LeaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, leader):
        return f"{leader.title} {leader.name}"


class EntryForm(forms.Form):
    """One entry of the week; the typed input is kept when refused (the view renders the bound form again)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.TypedChoiceField(label=_("Ngày"), coerce=datetime.date.fromisoformat)
    half_day = forms.TypedChoiceField(label=_("Buổi"), choices=Entry.HalfDay.choices, coerce=int)
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), required=False, widget=time_widget())
    content = NormalizedFormField(label=_("Nội dung"), max_length=ITEM_TITLE_MAX, widget=forms.Textarea(attrs=TEXTAREA))
    place = NormalizedFormField(label=_("Địa điểm"), max_length=PLACE_MAX, required=False)
    chairs = LeaderChoiceField(
        label=_("Lãnh đạo chủ trì"), queryset=Leader.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    attendees = LeaderChoiceField(
        label=_("Lãnh đạo dự"), queryset=Leader.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    participants = NormalizedFormField(label=_("Thành phần"), max_length=PEOPLE_MAX, required=False)
    lead_agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan chủ trì chuẩn bị"), queryset=Agency.objects.none(), required=False
    )
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp chuẩn bị"), queryset=Agency.objects.none(), required=False
    )
    invited_agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan được mời"), queryset=Agency.objects.none(), required=False
    )
    invited_text = NormalizedFormField(label=_("Mời thêm"), max_length=PEOPLE_MAX, required=False)
    accompanying = NormalizedFormField(label=_("Văn phòng phục vụ"), max_length=PEOPLE_MAX, required=False)
    recurring = forms.BooleanField(label=_("Lặp lại hằng tuần (sao chép được sang tuần sau)"), required=False)

    def __init__(self, *args, week, entry=None, **kwargs):
        if entry is not None and kwargs.get("initial") is None:
            kwargs["initial"] = initial_of(entry)
        super().__init__(*args, **kwargs)
        self.week = week
        self.fields["date"].choices = [
            (
                day.isoformat(),
                f"{weekday_title(day)} {dates.short_date(day)}",
            )
            for day in week.days
        ]
        leaders = leader_choices(week, entry)
        agencies = Agency.objects.of(week.office_id).order_by("name")
        self.fields["chairs"].queryset = self.fields["attendees"].queryset = leaders
        for name in ("lead_agencies", "cooperating_agencies", "invited_agencies"):
            self.fields[name].queryset = agencies
            self.fields[name].widget.attrs["size"] = 6
        for name in ("participants", "invited_text", "accompanying"):
            self.fields[name].widget = forms.Textarea(attrs=TEXTAREA)

    def clean(self):
        data = super().clean()
        start, half_day = data.get("start_time"), data.get("half_day")
        if start is not None and half_day is not None and half_day_of(start) != half_day:
            self.add_error(
                "start_time",
                _("Giờ %(time)s thuộc buổi %(half_day)s, không phải buổi đã chọn.")
                % {"time": start.strftime("%H:%M"), "half_day": Entry.HalfDay(half_day_of(start)).label.lower()},
            )
        if set(data.get("chairs") or []) & set(data.get("attendees") or []):
            self.add_error("attendees", _("Một lãnh đạo chỉ ghi một lần: chủ trì hoặc dự."))
        if set(data.get("lead_agencies") or []) & set(data.get("cooperating_agencies") or []):
            self.add_error("cooperating_agencies", _("Một cơ quan chỉ ghi một lần: chủ trì hoặc phối hợp."))
        return data

    def for_service(self):
        """The cleaned data as weekly.services.save_entry takes it."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in ("date", "half_day", "start_time", "content", "place", "participants")},
            **{name: data[name] for name in ("invited_text", "accompanying", "recurring")},
            "leaders": [(leader, EntryLeader.Role.CHAIR) for leader in data["chairs"]]
            + [(leader, EntryLeader.Role.ATTEND) for leader in data["attendees"]],
            "agencies": [(agency, EntryAgency.Role.LEAD) for agency in data["lead_agencies"]]
            + [(agency, EntryAgency.Role.COOPERATE) for agency in data["cooperating_agencies"]],
            "invited": list(data["invited_agencies"]),
        }


def leader_choices(week, entry=None):
    """The office's leaders in office some day of the week, and those already on the entry (one query)."""
    in_office = (Q(active_from__isnull=True) | Q(active_from__lte=week.sunday)) & (
        Q(active_until__isnull=True) | Q(active_until__gte=week.monday)
    )
    if entry is not None:
        in_office |= Q(entry_links__entry=entry)
    return Leader.objects.of(week.office_id).filter(in_office).distinct().order_by("order", "pk")


def initial_of(entry):
    leaders = list(entry.leader_links.all())
    agencies = list(entry.agency_links.all())
    return {
        "date": entry.date.isoformat(),
        "half_day": entry.half_day,
        "start_time": entry.start_time,
        "content": entry.content,
        "place": entry.place,
        "participants": entry.participants,
        "invited_text": entry.invited_text,
        "accompanying": entry.accompanying,
        "recurring": entry.recurring,
        "chairs": [link.leader_id for link in leaders if link.role == EntryLeader.Role.CHAIR],
        "attendees": [link.leader_id for link in leaders if link.role == EntryLeader.Role.ATTEND],
        "lead_agencies": [link.agency_id for link in agencies if link.role == EntryAgency.Role.LEAD],
        "cooperating_agencies": [link.agency_id for link in agencies if link.role == EntryAgency.Role.COOPERATE],
        "invited_agencies": [agency.pk for agency in entry.invited_agencies.all()],
    }


class InvitationSelect(forms.NullBooleanSelect):
    """Empty is "as the office's setting says" (WeekSettings.replaces_invitation)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Theo cài đặt của cơ quan")), ("true", _("Có")), ("false", _("Không"))]


class WeekHeaderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    replaces_invitation = forms.NullBooleanField(
        label=_("Lịch này thay giấy mời"),
        required=False,
        widget=InvitationSelect,
    )
    note = NormalizedFormField(
        label=_("Ghi chú của tuần"),
        max_length=COMMENT_MAX,
        required=False,
        multiline=True,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class WeekPickForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    week = forms.IntegerField(label=_("Tuần"), min_value=1, max_value=53)


class LeaderForm(forms.ModelForm):
    """A leader of the office; the slug (their calendar's address) is made from the name once and never changes."""

    class Meta:
        model = Leader
        fields = ["name", "title", "portfolio", "order", "active_from", "active_until"]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def save(self, commit=True):
        if not self.instance.slug:
            self.instance.slug = free_slug(
                Leader.objects.of(self.instance.office), self.instance.name, max_length=60, fallback="lanh-dao"
            )
        return super().save(commit)


class WeekSettingsForm(forms.ModelForm):
    class Meta:
        model = WeekSettings
        fields = ["replaces_invitation", "invitation_text", "editors_may_publish"]
