"""The editing page as one PlanEditor: the plan's form and one formset per part of the document, validated
together and saved in one transaction with a version check (StaleVersionError when somebody saved meanwhile).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext

from agenda.models import MonthlyPlan
from agenda.widgets import office_agencies, parse_id
from meetings.models import Item, RegularSession
from workspace.editing_forms import ItemFormSet, PlanForm, SessionFormSet, TaskFormSet


class StaleVersionError(Exception):
    """Somebody saved the plan after this form was opened."""


ITEM_PARTS = (Item.Part.SESSION, Item.Part.CHAIRMAN, Item.Part.CONFERENCE)


def agencies_for_editing(office):
    """Every agency of ``office`` by pk (inactive ones too, since old items may name them): one query."""
    return office_agencies(office)


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
        self.agencies = agencies_for_editing(plan.office_id)  # the plan's office's directory, no other
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
