"""The Office's pages of the week, under /van-phong/<office>/lich-tuan/: the weeks, the week's grid (days ×
Sáng/Chiều/Tối: quick to edit on a laptop, stacked by day on a phone), an entry's form, building from the month,
copying the recurring entries, the amended month's differences, and publishing with a preview of the changelog.

Every view asks weekly.permissions / access.permissions with the office; every change names the week's version
it was made on (a hidden field), and a stale one is refused (weekly.errors.StaleWeekError)."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import has_right, require_right
from agenda import dates
from weekly import amendments, snapshots
from weekly.errors import StaleWeekError, WeekError
from weekly.forms import EntryForm, WeekHeaderForm, WeekPickForm
from weekly.models import Entry, Week, WeekSettings
from weekly.permissions import get_week_for_user, may_edit, may_publish, require_publish
from weekly.publishing import last_revision, preview, publish_week
from weekly.services import (
    build_week,
    copy_recurring,
    delete_entry,
    get_or_create_week,
    locked_week,
    save_entry,
    weekday_title,
    with_links,
)

GRID_HALF_DAYS = list(Entry.HalfDay)


def week_url(office, year, week, anchor=""):
    url = reverse("weekly_workspace:week", args=[office, year, week])
    return f"{url}#{anchor}" if anchor else url


def _back(week, anchor=""):
    return redirect(week_url(week.office, week.iso_year, week.iso_week, anchor))


def _week_label(year, week):
    monday = datetime.date.fromisocalendar(year, week, 1)
    return _("Tuần %(week)02d/%(year)s (%(start)s – %(end)s)") % {
        "week": week,
        "year": year,
        "start": dates.short_date(monday),
        "end": dates.short_date(monday + datetime.timedelta(days=6)),
    }


def _valid_week(year, week):
    try:
        datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise Http404 from None


@office_workspace
def weeks(request, office):
    """The office's weeks, newest first, each with its state and its last revision; a picker to open any week."""
    require_right(request.user, "week.view", office)
    form = WeekPickForm(request.GET or None)
    if form.is_bound and form.is_valid():
        year, number = form.cleaned_data["year"], form.cleaned_data["week"]
        try:
            datetime.date.fromisocalendar(year, number, 1)
        except ValueError:
            form.add_error("week", _("Năm %(year)s không có tuần %(week)s.") % {"year": year, "week": number})
        else:
            return redirect(week_url(office, year, number))
    rows = Week.objects.of(office).annotate(published=Max("revisions__number")).order_by("-iso_year", "-iso_week")
    year, number, _weekday = timezone.localdate().isocalendar()
    context = {
        "rows": rows,
        "form": form,
        "this_week": (year, number),
        "this_week_label": _week_label(year, number),
        "can_edit": may_edit(request.user, office),
        "can_manage_leaders": has_right(request.user, "week.leaders", office),
    }
    return render(request, "weekly/workspace/weeks.html", context)


def _grid(week, entries, marked):
    """Rows of the grid, one per day: its cells, one per half-day, each with its entries in order."""
    cells = {}
    for entry in entries:
        entry.unpublished = str(entry.uid) in marked
        cells.setdefault((entry.date, entry.half_day), []).append(entry)
    today = timezone.localdate()
    return [
        {
            "day": day,
            "label": weekday_title(day),
            "anchor": f"ngay-{day.isoformat()}",
            "today": day == today,
            "cells": [
                {"half_day": half_day, "label": half_day.label, "entries": cells.get((day, half_day), [])}
                for half_day in GRID_HALF_DAYS
            ],
        }
        for day in week.days
    ]


def _unpublished(week, entries, week_settings, previous):
    """(uids of the entries new or changed since the last publishing: all before the first, entries removed)."""
    draft = snapshots.week_snapshot(week, entries, week_settings)
    if previous is None:
        return {entry["uid"] for entry in draft["entries"]}, []
    log = snapshots.changelog(previous.snapshot, draft)
    return set(log["added"]) | {row["uid"] for row in log["changed"]}, log["removed"]


@office_workspace
def week(request, office, year, week):
    """The week's grid (or, for a week not made yet, the buttons to make it)."""
    require_right(request.user, "week.view", office)
    _valid_week(year, week)
    draft = Week.objects.of(office).for_week(year, week).select_related("office").first()
    context = {
        "year": year,
        "number": week,
        "week_label": _week_label(year, week),
        "previous_week": datetime.date.fromisocalendar(year, week, 1) - datetime.timedelta(days=7),
        "next_week": datetime.date.fromisocalendar(year, week, 1) + datetime.timedelta(days=7),
        "can_edit": may_edit(request.user, office),
        "week": draft,
    }
    context["previous_week"] = context["previous_week"].isocalendar()[:2]
    context["next_week"] = context["next_week"].isocalendar()[:2]
    if draft is not None:
        week_settings = WeekSettings.for_office(office)
        entries = list(with_links(draft.entries.all()))
        previous = last_revision(draft)
        marked, removed = _unpublished(draft, entries, week_settings, previous)
        context.update(
            rows=_grid(draft, entries, marked),
            entry_count=len(entries),
            removed=removed,
            last_revision=previous,
            differences=amendments.differences(draft),
            can_publish=may_publish(request.user, office, week_settings),
            header_form=WeekHeaderForm(
                initial={"version": draft.version, "replaces_invitation": draft.replaces_invitation, "note": draft.note}
            ),
            week_settings=week_settings,
        )
    return render(request, "weekly/workspace/week.html", context)


def _edit_week(request, office, year, week):
    require_right(request.user, "week.edit", office)
    return get_week_for_user(request.user, office, year, week, "edit")


def _refused(request, error):
    messages.error(request, str(error))


@require_POST
@office_workspace
def week_create(request, office, year, week):
    """An empty week (the Office fills it in, or builds it from the month)."""
    require_right(request.user, "week.edit", office)
    try:
        get_or_create_week(office, year, week)
    except WeekError as error:
        _refused(request, error)
    return redirect(week_url(office, year, week))


@require_POST
@office_workspace
def week_build(request, office, year, week):
    require_right(request.user, "week.edit", office)
    try:
        _built, added = build_week(office, year, week)
    except WeekError as error:
        _refused(request, error)
    else:
        if added:
            messages.success(request, _("Đã thêm %(count)d mục từ chương trình tháng.") % {"count": added})
        else:
            messages.info(request, _("Lịch tuần đã có mọi phiên họp, hội nghị của chương trình tháng."))
    return redirect(week_url(office, year, week))


@require_POST
@office_workspace
def week_copy(request, office, year, week):
    draft = _edit_week(request, office, year, week)
    try:
        copied = copy_recurring(draft)
    except WeekError as error:
        _refused(request, error)
    else:
        if copied:
            messages.success(request, _("Đã sao chép %(count)d mục lặp lại từ tuần trước.") % {"count": copied})
        else:
            messages.info(request, _("Tuần trước không có mục lặp lại nào chưa sao chép."))
    return _back(draft)


@require_POST
@office_workspace
def week_header(request, office, year, week):
    draft = _edit_week(request, office, year, week)
    form = WeekHeaderForm(request.POST)
    if not form.is_valid():
        _refused(request, _("Chưa lưu được ghi chú của tuần."))
        return _back(draft)
    try:
        current = _save_header(draft, form.cleaned_data)
    except WeekError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã lưu ghi chú của tuần %(week)s.") % {"week": current})
    return _back(draft)


@transaction.atomic
def _save_header(draft, data):
    current = locked_week(draft, data["version"])
    current.replaces_invitation = data["replaces_invitation"]
    current.note = data["note"]
    current.save(update_fields=["replaces_invitation", "note", "updated_at"])
    current.touch()
    return current


def _entry(draft, uid):
    entry = with_links(draft.entries.filter(uid=uid)).first()
    if entry is None:
        raise Http404
    return entry


def _entry_form(request, office, year, week, uid=None):
    draft = _edit_week(request, office, year, week)
    entry = _entry(draft, uid) if uid else None
    initial = None
    if entry is None:
        day = request.GET.get("ngay", "")
        half_day = request.GET.get("buoi", "")
        initial = {
            "date": day if day in {d.isoformat() for d in draft.days} else draft.monday.isoformat(),
            "half_day": int(half_day) if half_day in {"1", "2", "3"} else Entry.HalfDay.MORNING,
        }
    if request.method == "POST":
        form = EntryForm(request.POST, week=draft, entry=entry)
        if form.is_valid():
            try:
                saved = save_entry(draft, form.for_service(), version=form.cleaned_data["version"], entry=entry)
            except StaleWeekError as error:
                form = _stale_form(request, form, draft, entry, error)
            except WeekError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã lưu mục “%(content)s”.") % {"content": saved.content[:80]})
                return _back(draft, f"ngay-{saved.date.isoformat()}")
        else:
            form.add_error(None, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu bên dưới."))
    else:
        form = EntryForm(
            week=draft, entry=entry, initial={**(initial or {}), "version": draft.version} if entry is None else None
        )
        if entry is not None:
            form.initial["version"] = draft.version
    context = {"form": form, "week": draft, "entry": entry, "week_label": _week_label(year, week)}
    return render(request, "weekly/workspace/entry_form.html", context)


def _stale_form(request, form, draft, entry, error):
    """The form again with what was typed and the week's current version: the user sees the message, checks
    the week (another tab) and saves again on purpose."""
    data = request.POST.copy()
    data["version"] = Week.objects.get(pk=draft.pk).version
    form = EntryForm(data, week=draft, entry=entry)
    form.is_valid()
    form.add_error(None, str(error))
    return form


@office_workspace
def entry_add(request, office, year, week):
    return _entry_form(request, office, year, week)


@office_workspace
def entry_edit(request, office, year, week, uid):
    return _entry_form(request, office, year, week, uid)


@require_POST
@office_workspace
def entry_delete(request, office, year, week, uid):
    draft = _edit_week(request, office, year, week)
    entry = _entry(draft, uid)
    try:
        delete_entry(draft, entry, version=request.POST.get("version", ""))
    except WeekError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã xóa mục “%(content)s”.") % {"content": entry.content[:80]})
    return _back(draft, f"ngay-{entry.date.isoformat()}")


@require_POST
@office_workspace
def difference_apply(request, office, year, week):
    draft = _edit_week(request, office, year, week)
    try:
        difference = amendments.apply_difference(
            draft, request.POST.get("key", ""), version=request.POST.get("version", "")
        )
    except WeekError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã áp dụng: %(field)s.") % {"field": difference.label})
    return _back(draft)


@require_POST
@office_workspace
def difference_dismiss(request, office, year, week):
    draft = _edit_week(request, office, year, week)
    try:
        amendments.dismiss(draft, request.POST.get("uid", ""), version=request.POST.get("version", ""))
    except WeekError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã giữ nguyên mục như trong lịch tuần."))
    return _back(draft)


@office_workspace
def week_publish(request, office, year, week):
    """GET: the preview of what publishing now changes (the changelog); POST: publish."""
    draft = get_week_for_user(request.user, office, year, week, "view")
    require_publish(request.user, office)
    if request.method == "POST":
        try:
            revision = publish_week(draft, request.user, version=request.POST.get("version", ""))
        except WeekError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã phát hành: %(label)s.") % {"label": revision.label})
            return _back(draft)
    snapshot, log, previous = preview(draft)
    context = {
        "week": draft,
        "week_label": _week_label(year, week),
        "previous": previous,
        "number": previous.number + 1 if previous else 1,
        "lines": snapshots.describe(log, snapshot),
        "entry_count": len(snapshot["entries"]),
        "nothing_new": previous is not None and snapshots.is_empty(log),
    }
    return render(request, "weekly/workspace/publish.html", context)
