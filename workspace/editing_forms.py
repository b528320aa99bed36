"""The editing page's forms: the plan's own fields, part A's tasks, the sessions of B.I and the items of
B.I, B.II and B.III, each list in a formset whose rows' hidden ids may only name rows of that part.

Everything a form offers is the plan's office's: the items' agencies come from its directory only, so an
id of another office's agency, item or session is a form error, never saved.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from agenda import dates
from agenda.models import MonthlyPlan, PriorityTask
from agenda.widgets import OrderedAgenciesField, date_widget, office_agencies, parse_id, time_widget
from meetings.models import Item, RegularSession
from workspace.rendering import EditorRenderer

STALE_MESSAGE = _(
    "Chương trình vừa được người khác lưu sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Nội dung bạn nhập vẫn còn dưới đây: hãy mở trang trong thẻ mới để xem bản mới nhất rồi nhập lại các thay đổi."
)


FOREIGN_SESSION_MESSAGE = _("Phiên họp đã chọn không thuộc chương trình này: hãy tải lại trang rồi chọn lại.")
FOREIGN_ROW_MESSAGE = _("Dòng này không thuộc phần đang sửa của chương trình này: hãy tải lại trang rồi nhập lại.")


class RowIdField(forms.ModelChoiceField):
    """A row's hidden id: one of its formset's rows (already loaded, so no query), else a form error."""

    def __init__(self, formset, field):
        super().__init__(field.queryset, initial=field.initial, required=field.required, widget=field.widget)
        self.formset = formset
        self.error_messages["invalid_choice"] = FOREIGN_ROW_MESSAGE

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.formset._existing_object(parse_id(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


EDITOR_RENDERER = EditorRenderer()  # the editing page's forms: simple widgets written without templates


class BasePlanFormSet(BaseModelFormSet):
    """A formset of one part of one plan: a row's hidden id may only name a row of that part.

    Django checks a posted id against every row of the table, so an id of another plan's item
    (or of another part) was accepted and the row saved as a copy into this plan.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        form.fields[name] = RowIdField(self, form.fields[name])


# --- the plan's own fields ----------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    default_renderer = EDITOR_RENDERER
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = MonthlyPlan
        fields = [
            "title",
            # Not the number nor the date: the register assigns them at signing (issuing.services.sign).
            "signer_authority",
            "signer_position",
            "signer_name",
            "recipients",
            "heading_priority_tasks",
            "heading_meetings",
            "heading_regular_sessions",
            "heading_chairman_items",
            "heading_conferences",
        ]
        widgets = {"recipients": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_id = office.pk if office is not None else self.instance.office_id
        self.fields["version"].initial = self.instance.version
        default_title = MonthlyPlan.default_title(self.instance.year, self.instance.month, self.instance.office)
        self.fields["title"].help_text = _("Để trống: “%(title)s”.") % {"title": default_title}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is not None and cleaned["version"] != self.instance.version:
            self.add_stale_error()
        return cleaned

    def add_stale_error(self):
        self.add_error(None, ValidationError(STALE_MESSAGE, code="stale"))


# --- part A -------------------------------------------------------------------------------------


class PriorityTaskForm(forms.ModelForm):
    default_renderer = EDITOR_RENDERER

    class Meta:
        model = PriorityTask
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.office_id = office.pk if office is not None else plan.office_id


# --- B.I sessions -------------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    default_renderer = EDITOR_RENDERER

    class Meta:
        model = RegularSession
        fields = ["date", "time", "place"]
        widgets = {"date": date_widget(), "time": time_widget()}

    def __init__(self, *args, plan, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.office_id = office.pk if office is not None else plan.office_id

    def validate_unique(self):
        # Two sessions at the same date and time are caught across the formset (BaseSessionFormSet).
        pass


# Items may choose a session added on the page and not saved yet: "moi-3" is the sessions formset's row 3.
NEW_SESSION_PREFIX = "moi-"


class BaseSessionFormSet(BasePlanFormSet):
    def clean(self):
        super().clean()
        seen = set()
        # Kept and new sessions are saved before the deleted ones are removed (their items move first).
        removed = {
            (form.initial.get("date"), form.initial.get("time"))
            for form in self.forms
            if form.instance.pk and self._should_delete_form(form)
        }
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form) or not form.cleaned_data:
                continue
            key = (form.cleaned_data.get("date"), form.cleaned_data.get("time"))
            if key in seen:
                form.add_error("date", _("Đã có một phiên họp vào ngày giờ này."))
            elif key in removed:
                form.add_error("date", _("Phiên họp vào ngày giờ này đang bị xóa: hãy sửa phiên đó thay vì xóa."))
            seen.add(key)

    def new_rows(self):
        """(value, form) for each session row added on the page, as items' session choices name them."""
        return [(f"{NEW_SESSION_PREFIX}{index}", form) for index, form in enumerate(self.forms) if not form.instance.pk]

    def new_session(self, value):
        """The unsaved session of row ``value`` ("moi-3"), or None when that row will not be saved."""
        form = dict(self.new_rows()).get(value)
        if form is None or not form.is_valid() or not form.has_changed() or self._should_delete_form(form):
            return None
        return form.instance


def _new_session_label(form):
    day = form.cleaned_data.get("date") if form.is_valid() else None
    return _("Phiên họp mới: %(date)s") % {
        "date": dates.dated_label(day, start=True) if day else form["date"].value() or "…"
    }


# --- items of B.I, B.II, B.III ------------------------------------------------------------------


class ItemForm(forms.ModelForm):
    default_renderer = EDITOR_RENDERER
    session = forms.ChoiceField(label=_("Phiên họp"), choices=())
    agencies = OrderedAgenciesField(label=_("Cơ quan chuẩn bị (cơ quan chủ trì đứng đầu)"))

    class Meta:
        model = Item
        fields = ["session", "date", "time", "place", "title"]
        widgets = {"date": date_widget(), "time": time_widget(), "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, part, sessions, agencies=None, office=None, session_formset=None, **kwargs):
        """``agencies``: the office's directory by pk, read once for the whole page (PlanEditor), else read
        here; ``office``: the plan's own by default. Only its agencies and the plan's sessions are offered."""
        super().__init__(*args, **kwargs)
        self.office_id = office_id = office.pk if office is not None else plan.office_id
        self.instance.plan = plan
        self.instance.part = part
        self.sessions = {str(session.pk): session for session in sessions if session.plan_id == plan.pk}
        self.session_formset = session_formset  # rows added on the page: items may choose them already
        if agencies is None:
            agencies = office_agencies(office_id)
        self.fields["agencies"].agencies = {
            pk: agency for pk, agency in agencies.items() if agency.office_id == office_id
        }
        if self.instance.pk:
            self.initial["agencies"] = [assignment.agency_id for assignment in self.instance.assignments.all()]
        if part == Item.Part.SESSION:
            if self.initial.get("session") is not None:  # the posted value is text: an int would count as a change
                self.initial["session"] = str(self.initial["session"])
            self.fields["session"].choices = [
                *((session.pk, dates.dated_label(session.date, start=True)) for session in self.sessions.values()),
                *((value, _new_session_label(form)) for value, form in self._new_rows()),
            ]
            self.fields["session"].error_messages["required"] = _("Hãy chọn phiên họp cho nội dung này.")
            self.fields["session"].error_messages["invalid_choice"] = FOREIGN_SESSION_MESSAGE
        else:
            del self.fields["session"]
        if part != Item.Part.CONFERENCE:  # a session item takes its session's date, time and place
            for name in ("date", "time", "place"):
                del self.fields[name]
        self.fields["title"].error_messages["required"] = _("Hãy nhập nội dung.")

    def _new_rows(self):
        if self.session_formset is None or not self.is_bound:
            return []
        return self.session_formset.new_rows()

    def _get_validation_exclusions(self):
        # clean_session() gives one of the plan's sessions (or a new one): no query per row to check it exists
        return {*super()._get_validation_exclusions(), "session"}

    def clean_session(self):
        value = self.cleaned_data["session"]
        if value.startswith(NEW_SESSION_PREFIX):
            session = self.session_formset.new_session(value)
            if session is None:
                raise ValidationError(_("Phiên họp mới này chưa có ngày họp hợp lệ hoặc đang bị xóa."))
            return session
        return self.sessions[value]

    def clean(self):
        cleaned = super().clean()
        try:
            self.instance.validate_agencies(cleaned.get("agencies") or [])
        except ValidationError as error:
            self.add_error("agencies", error)
        return cleaned

    def save_agencies(self):
        if "agencies" in self.changed_data:
            self.instance.set_agencies(self.cleaned_data["agencies"])


class BaseItemFormSet(BasePlanFormSet):
    def clean(self):
        super().clean()
        deleted_sessions = getattr(self, "deleted_sessions", set())
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            session = form.cleaned_data.get("session")
            if session is not None and session.pk in deleted_sessions:
                form.add_error("session", _("Phiên họp này đang bị xóa: hãy chọn phiên khác hoặc xóa nội dung."))


def _formset(model, form, formset=BasePlanFormSet, order=True):
    return modelformset_factory(model, form=form, formset=formset, extra=0, can_delete=True, can_order=order)


TaskFormSet = _formset(PriorityTask, PriorityTaskForm)
SessionFormSet = _formset(RegularSession, SessionForm, BaseSessionFormSet, order=False)
ItemFormSet = _formset(Item, ItemForm, BaseItemFormSet)
