"""Who changed what and when on a plan: its django-simple-history records, made readable.

A fixed number of queries whatever the plan's size: one per history table; the differences
between successive records of an object are computed in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda import dates
from agenda.models import MonthlyPlan, PriorityTask
from meetings.models import DossierMark, Item, ItemAgency, RegularSession

SKIPPED_FIELDS = {"id", "plan", "uid", "part_order", "created_at", "updated_at", "version", "submitted_by", "amends"}
# Stored from 0, shown from 1 as the editing page numbers rows.
ONE_BASED_FIELDS = {"position"}
ACTIONS = {"+": gettext_lazy("tạo"), "~": gettext_lazy("sửa"), "-": gettext_lazy("xóa")}


@dataclass
class Entry:
    when: datetime.datetime
    user: object
    action: str
    kind: str
    label: str
    changes: list = field(default_factory=list)
    reason: str = ""

    @property
    def action_label(self):
        return ACTIONS.get(self.action, self.action)


def _display(model_field, value):
    if value is None or value == "":
        return "—"
    if model_field.name in ONE_BASED_FIELDS:
        return str(value + 1)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):  # stored in UTC: shown in the Office's time, as the row's stamp
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return dates.short_date(value)
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return str(value)


def _tracked(model):
    """The fields worth showing: those the history keeps, less bookkeeping and foreign keys."""
    recorded = {f.name for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in recorded and f.name not in SKIPPED_FIELDS and not isinstance(f, models.ForeignKey)
    ]


def _entries(records, model, kind, label):
    """Entries for the history ``records`` of one model, oldest first per object, with field changes."""
    fields = _tracked(model)
    previous = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append((f.verbose_name, _display(f, old), _display(f, new)))
            if getattr(before, "session_id", None) != getattr(record, "session_id", None):
                changes.append((Item._meta.get_field("session").verbose_name, "", ""))
        previous[record.id] = record
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue
        entries.append(
            Entry(
                when=record.history_date,
                user=record.history_user,
                action=record.history_type,
                kind=kind,
                label=label(record),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def plan_history(plan):
    """Every recorded change of ``plan`` and its parts, newest first."""
    item_records = list(Item.history.filter(plan_id=plan.pk).select_related("history_user"))
    titles = {}
    for record in sorted(item_records, key=lambda r: (r.history_date, r.history_id)):
        titles[record.id] = record.title
    item_ids = list(titles)
    entries = [
        *_entries(
            MonthlyPlan.history.filter(id=plan.pk).select_related("history_user"),
            MonthlyPlan,
            _("chương trình"),
            lambda r: r.title or MonthlyPlan.default_title(r.year, r.month),
        ),
        *_entries(
            PriorityTask.history.filter(plan_id=plan.pk).select_related("history_user"),
            PriorityTask,
            _("nhiệm vụ trọng tâm"),
            lambda r: r.text,
        ),
        *_entries(
            RegularSession.history.filter(plan_id=plan.pk).select_related("history_user"),
            RegularSession,
            _("phiên họp"),
            lambda r: dates.dated_label(r.date),
        ),
        *_entries(item_records, Item, _("nội dung"), lambda r: r.title),
        *_entries(
            ItemAgency.history.filter(item_id__in=item_ids).select_related("history_user", "agency"),
            ItemAgency,
            _("cơ quan chuẩn bị"),
            lambda r: f"{r.agency.short_name} — {titles.get(r.item_id, '')}",
        ),
        *_entries(
            DossierMark.history.filter(item_id__in=item_ids).select_related("history_user", "agency"),
            DossierMark,
            _("hồ sơ"),
            lambda r: f"{r.agency.short_name} — {titles.get(r.item_id, '')}",
        ),
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
