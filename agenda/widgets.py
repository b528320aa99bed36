"""Input widgets for agenda's data and the one field built on them: date and time inputs, and the agency
picker with its field (an ordered list of agencies, lead first, never a comma-split string). The workspace's
editing page and the departments' proposal form both use them (the picker's script: workspace/editor.js).

A picker offers one office's directory only (:func:`office_agencies`, :func:`agency_search_results`): an id
of another office's agency is not among its choices, so a forged one is a form error.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agenda.models import Agency
from agenda.text import fold, search_words

DATE_INPUT = {"type": "date", "data-date-hint": ""}


def date_widget():
    return forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")


def time_widget():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# --- agencies: an ordered list, lead first, never a comma-split string -------------------------


def office_agencies(office, *, active=False, keep=()):
    """The agencies a picker of ``office`` offers, by pk, in one query: its directory (its active agencies
    only with ``active``), plus those of ``keep`` (already chosen: an agency may have closed since) that are
    its own. Another office's agency is never among them."""
    agencies = Agency.objects.of(office)
    if active:
        agencies = agencies.active()
    office_id = getattr(office, "pk", office)
    return {
        **{agency.pk: agency for agency in keep if agency.office_id == office_id},
        **{agency.pk: agency for agency in agencies},
    }


def agency_search_results(office, query, limit=20):
    """What the picker's search box lists for ``query`` (workspace/editor.js asks the workspace's agency
    search): ``office``'s active agencies whose name or short name holds every word, with or without
    diacritics ("khdt", "noi vu"), as dicts of id, name and short name."""
    words = search_words(query or "")
    results = []
    for agency in Agency.objects.of(office).active():
        haystack = f"{fold(agency.name)} {fold(agency.short_name)} {fold(agency.short_name).replace(' ', '')}"
        if all(word in haystack for word in words):
            results.append({"id": agency.pk, "name": agency.name, "short_name": agency.short_name})
            if len(results) == limit:
                break
    return results


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
