"""Forms of the workspace. The editing page is one PlanEditor: the plan's form and one formset
per part of the document, validated together and saved in one transaction with a version check.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda import dates, uploads
from agenda.models import Agency, MonthlyPlan, PriorityTask
from meetings.models import Item, RegularSession
from workspace.rendering import EditorRenderer
from workspace.services import moved_date

DATE_INPUT = {"type": "date", "data-date-hint": ""}


def date_widget():
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def time_widget():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


STALE_MESSAGE = _(
    "Chương trình vừa được người khác lưu sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. "
    "Nội dung bạn nhập vẫn còn dưới đây: hãy mở trang trong thẻ mới để xem bản mới nhất rồi nhập lại các thay đổi."
)


class StaleVersionError(Exception):
    """Somebody saved the plan after this form was opened."""


# --- agencies: an ordered list, lead first, never a comma-split string -------------------------


def parse_id(value):
    """A posted primary key as an int, or None: ASCII digits only ("²" and "١" are digits to
    ``str.isdigit`` but not to ``int``, or not ours), and no longer than a database id can be."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class AgencyPicker(forms.Widget):
    """Chosen agencies as repeated hidden inputs (order kept), with a search box (workspace/editor.js).

    Written in Python rather than with a template: a large plan's editing page has one per item.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.agencies = {}

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])

    def value_omitted_from_data(self, data, files, name):
        return False

    def format_value(self, value):
        return [str(pk) for pk in value or []]

    def chosen(self, value):
        """The agencies of ``value`` (a list of posted or saved ids), unknown ids left out."""
        chosen = []
        for pk in self.format_value(value):
            agency = self.agencies.get(parse_id(pk))
            if agency is not None:
                chosen.append(agency)
        return chosen

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen"] = self.chosen(value)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        lead, support = gettext("chủ trì"), gettext("phối hợp")
        chip_tools = format_html(
            '<button type="button" class="chip-btn" data-chip-first title="{}" aria-label="{}">↑</button>',
            gettext("Đưa lên đầu (chủ trì)"),
            gettext("Đưa lên đầu"),
        )
        remove_title = gettext("Bỏ cơ quan")
        chips = format_html_join(
            "",
            '\n    <li class="agency-chip" data-agency-id="{}"><input type="hidden" name="{}" value="{}">'
            '<span class="chip-name" title="{}">{}</span><span class="chip-role">{}</span>{}'
            '<button type="button" class="chip-btn" data-chip-remove title="{}" aria-label="{}">×</button></li>',
            (
                (
                    agency.pk,
                    name,
                    agency.pk,
                    agency.name,
                    agency.short_name,
                    support if index else lead,
                    chip_tools,
                    remove_title,
                    gettext("Bỏ %(agency)s") % {"agency": agency.short_name},
                )
                for index, agency in enumerate(self.chosen(value))
            ),
        )
        return format_html(
            '<div class="agency-picker {}" data-agency-picker data-name="{}">\n'
            '  <ol class="agency-chosen list-unstyled d-flex flex-wrap gap-1 mb-1" data-lead-label="{}"'
            ' data-support-label="{}" aria-label="{}">{}\n  </ol>\n'
            '  <div class="position-relative">\n'
            '    <input type="search" class="form-control form-control-sm" id="{}" autocomplete="off"'
            ' data-agency-search\n      placeholder="{}">\n'
            '    <ul class="agency-results list-group position-absolute w-100 shadow-sm" role="listbox" hidden></ul>\n'
            "  </div>\n</div>",
            attrs.get("class", ""),
            name,
            lead,
            support,
            gettext("Cơ quan đã chọn, cơ quan chủ trì đứng đầu"),
            chips,
            attrs.get("id", ""),
            gettext("Tìm cơ quan: tên, tên viết tắt, gõ không dấu được"),
        )


def agency_picker_messages():
    """The texts workspace/editor.js shows in an agency picker, in the reader's language (a page with a
    picker renders them with json_script as "editor-messages")."""
    return {
        "move_first": gettext("Đưa lên đầu"),
        # Translators: editor.js puts the agency's short name in place of %(agency)s.
        "remove_agency": gettext("Bỏ %(agency)s"),
        "no_agency": gettext("Không tìm thấy cơ quan."),
    }


class OrderedAgenciesField(forms.Field):
    widget = AgencyPicker
    default_error_messages = {"invalid": _("Cơ quan đã chọn không còn trong danh mục.")}

    def __init__(self, *, agencies=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.agencies = agencies or {}

    @property
    def agencies(self):
        return self._agencies

    @agencies.setter
    def agencies(self, value):
        self._agencies = value
        self.widget.agencies = value

    def prepare_value(self, value):
        return [getattr(entry, "pk", entry) for entry in value or []]

    def to_python(self, value):
        chosen = []
        for pk in value or []:
            agency = self.agencies.get(parse_id(pk))
            if agency is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            chosen.append(agency)
        return chosen

    def has_changed(self, initial, data):
        return [str(pk) for pk in self.prepare_value(initial)] != [str(pk) for pk in data or []]


# --- every formset of the editing page -----------------------------------------------------------


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        default_title = MonthlyPlan.default_title(self.instance.year, self.instance.month)
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

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


# --- B.I sessions -------------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    default_renderer = EDITOR_RENDERER

    class Meta:
        model = RegularSession
        fields = ["date", "time", "place"]
        widgets = {"date": date_widget(), "time": time_widget()}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

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

    def __init__(self, *args, plan, part, agencies, sessions, session_formset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.instance.part = part
        self.sessions = {str(session.pk): session for session in sessions}
        self.session_formset = session_formset  # rows added on the page: items may choose them already
        self.fields["agencies"].agencies = agencies
        if self.instance.pk:
            self.initial["agencies"] = [assignment.agency_id for assignment in self.instance.assignments.all()]
        if part == Item.Part.SESSION:
            if self.initial.get("session") is not None:  # the posted value is text: an int would count as a change
                self.initial["session"] = str(self.initial["session"])
            self.fields["session"].choices = [
                *((session.pk, dates.dated_label(session.date, start=True)) for session in sessions),
                *((value, _new_session_label(form)) for value, form in self._new_rows()),
            ]
            self.fields["session"].error_messages["required"] = _("Hãy chọn phiên họp cho nội dung này.")
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

ITEM_PARTS = (Item.Part.SESSION, Item.Part.CHAIRMAN, Item.Part.CONFERENCE)


def agencies_for_editing():
    """Every agency by pk (inactive ones too, since old items may name them): one query."""
    return {agency.pk: agency for agency in Agency.objects.all()}


def _field_errors(form, row):
    """(where, anchor, message) for each error of ``form``'s fields: "<row> — <label>" or "<label>"."""
    entries = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        bound = form[name]
        label = str(bound.label or name)
        where = f"{row} — {label}" if row else label
        anchor = "" if bound.is_hidden else f"div_{bound.auto_id}"
        entries += [(where, anchor, message) for message in errors]
    return entries


class PlanEditor:
    """The editing page's forms: the plan, part A, the sessions and the three lists of items."""

    def __init__(self, plan, data=None):
        self.plan = plan
        self.agencies = agencies_for_editing()
        sessions = list(plan.sessions.all())
        self.plan_form = PlanForm(data, instance=plan, prefix="plan")
        self.tasks = TaskFormSet(data, queryset=plan.priority_tasks.all(), prefix="tasks", form_kwargs={"plan": plan})
        self.sessions = SessionFormSet(
            data, queryset=RegularSession.objects.filter(plan=plan), prefix="sessions", form_kwargs={"plan": plan}
        )
        self.sessions._queryset = sessions  # the list fetched above: one query for both uses
        self.items = {}
        for part in ITEM_PARTS:
            queryset = (
                Item.objects.filter(plan=plan, part=part)
                .select_related("session", "proposal__agency")  # an accepted proposal links back
                .prefetch_related("assignments")
                .in_document_order()
            )
            self.items[part] = ItemFormSet(
                data,
                queryset=queryset,
                prefix=f"items-{part}",
                form_kwargs={
                    "plan": plan,
                    "part": part,
                    "agencies": self.agencies,
                    "sessions": sessions,
                    "session_formset": self.sessions,
                },
            )

    @property
    def formsets(self):
        return [self.tasks, self.sessions, *self.items.values()]

    def is_valid(self):
        results = [self.plan_form.is_valid(), self.tasks.is_valid(), self.sessions.is_valid()]
        deleted = {form.instance.pk for form in self.sessions.deleted_forms if form.instance.pk}
        self.items[Item.Part.SESSION].deleted_sessions = deleted
        results += [formset.is_valid() for formset in self.items.values()]
        return all(results)

    @property
    def error_count(self):
        count = len(self.plan_form.errors)
        for formset in self.formsets:
            count += sum(len(errors) for errors in formset.errors) + len(formset.non_form_errors())
        return count

    def error_summary(self):
        """Every error of the page as (where, anchor, message): where names the row and the field, as the
        live preview lists them; anchor is the field's wrapper on the page ("" for a row's or a part's
        errors). One entry per message, so there are ``error_count`` entries or more."""
        entries = [("", "", message) for message in self.plan_form.non_field_errors()]
        entries += _field_errors(self.plan_form, "")
        for formset, (part, row_label) in zip(self.formsets, self._row_labels(), strict=True):
            entries += [(part, "", message) for message in formset.non_form_errors()]
            for index, form in enumerate(formset.forms):
                if not form.errors:
                    continue
                order = form["ORDER"].value() if "ORDER" in form.fields else None
                number = order if parse_id(order) else index + 1
                row = row_label % {"number": number}
                entries += [(row, "", message) for message in form.non_field_errors()]
                entries += _field_errors(form, row)
        return entries

    @staticmethod
    def _row_labels():
        """How the preview names each formset and one of its rows (tasks, sessions, the three parts of items)."""
        return [
            (gettext("A, nhiệm vụ trọng tâm"), gettext("A, nhiệm vụ %(number)s")),
            (gettext("B.I, phiên họp"), gettext("B.I, phiên họp %(number)s")),
            (gettext("B.I, nội dung trình phiên họp"), gettext("B.I, nội dung %(number)s")),
            (gettext("B.II, nội dung trình Chủ tịch"), gettext("B.II, nội dung %(number)s")),
            (gettext("B.III, hội nghị"), gettext("B.III, hội nghị %(number)s")),
        ]

    def save(self):
        """Save everything, or nothing when somebody saved the plan meanwhile (StaleVersionError)."""
        with transaction.atomic():
            current = MonthlyPlan.objects.select_for_update().get(pk=self.plan.pk)
            if current.version != self.plan_form.cleaned_data["version"] or not current.is_working:
                raise StaleVersionError
            plan = self.plan_form.save(commit=False)
            plan.version = current.version
            plan.touch()
            self._save_ordered(self.tasks)
            for session in self.sessions.save(commit=False):  # new ones first: items may name them
                session.save()
            for formset in self.items.values():
                self._save_ordered(formset, items=True)
            for session in self.sessions.deleted_objects:  # last: their items are gone or moved already
                session.delete()
        return plan

    @staticmethod
    def _save_ordered(formset, items=False):
        """Save the kept forms with positions from their order (per session for session items)."""
        for form in formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        positions = {}
        for form in formset.ordered_forms:
            obj = form.instance
            session = getattr(obj, "session", None) if items else None
            key = session.pk if session else None
            position = positions[key] = positions.get(key, -1) + 1
            if form.has_changed() or obj.position != position or obj.pk is None:
                obj = form.save(commit=False)
                obj.position = position
                obj.save()
            if items:
                form.save_agencies()


# --- creating next month's plan -----------------------------------------------------------------


class NewPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12)

    working_copy = None  # the month's working copy, when the month was refused for having one

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        if year and month and MonthlyPlan.objects.for_month(year, month).exists():
            self.working_copy = MonthlyPlan.objects.working().for_month(year, month).first()
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


# --- review, status -------------------------------------------------------------------


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến khi trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi ý kiến để người soạn biết cần sửa gì.")},
    )


class SignForm(forms.Form):
    """The approver's signature: the SHA-256 of the render they saw, their token's PIN if any."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    pin = forms.CharField(
        label=_("Mã PIN thiết bị ký số"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Chỉ dùng cho lần ký này, không được lưu."),
    )
    note = forms.CharField(label=_("Ghi chú khi ký"), required=False, max_length=500)

    def __init__(self, *args, needs_pin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_pin:
            self.fields["pin"].required = True
            self.fields["pin"].error_messages["required"] = _("Hãy nhập mã PIN của thiết bị ký số.")
        else:
            del self.fields["pin"]


class SealForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú khi phát hành"), required=False, max_length=500)


class SignatureImageForm(forms.Form):
    """An approver's signature image: a transparent PNG, checked by its content."""

    MAX_BYTES = 512 * 1024
    MAX_SIDE = 2000

    image = forms.FileField(
        label=_("Hình chữ ký"),
        help_text=_("Ảnh PNG nền trong suốt, mực xanh, tối đa 512 KB và 2000 × 2000 điểm ảnh."),
    )

    def clean_image(self):
        return uploads.validated_transparent_png(self.cleaned_data["image"], self.MAX_BYTES, self.MAX_SIDE)


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do điều chỉnh chương trình đã ban hành.")},
    )


class ItemStatusForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["status", "postponed_to"]
        widgets = {"postponed_to": date_widget()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") != Item.Status.POSTPONED and cleaned.get("postponed_to"):
            self.add_error("postponed_to", _("Chỉ ghi ngày mới khi nội dung bị hoãn."))
        return cleaned

    def save(self, commit=True):
        self.instance.set_status(self.cleaned_data["status"], self.cleaned_data.get("postponed_to"))
        return self.instance


class PlanPickForm(forms.Form):
    """?ban=<pk>: one particular plan of the month (e.g. a superseded one, linked from the admin)."""

    ban = forms.IntegerField(required=False, min_value=1)


class AgencySearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }
