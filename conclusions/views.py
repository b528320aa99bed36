"""The Office's pages of notices in the workspace (``/van-phong/<office>/ket-luan/…``): the sessions and their
notices with the issuing deadline, the drafting page (each item's conclusion, the tasks, items deferred),
and the issuing steps (submit, the approver's signing page, return, the văn thư's seal, amend).

Every right is asked of access.permissions for the office; every write goes through conclusions.drafting or
conclusions.chain, which check the state and the version. A refused write keeps what was typed on the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import has_right, require_right
from agenda.models import MonthlyPlan
from agenda.widgets import agency_picker_messages
from conclusions import chain, drafting
from conclusions.document import build_notice
from conclusions.forms import EntryForm, ReturnForm, SettingsForm, SignForm, TaskForm, TitleForm
from conclusions.models import Conclusion, ConclusionSettings, Task
from conclusions.rendering import render_notice, render_notice_docx
from issuing import identities
from issuing.services import StaleSigningError
from meetings.models import RegularSession
from programme.errors import PlanError
from ubnd_schedule.errors import ConflictError

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _conclusion(office, pk):
    return get_object_or_404(Conclusion.objects.select_related("office", "session__plan"), office=office, pk=pk)


def _edit_url(conclusion):
    return reverse("conclusions:edit", args=[conclusion.office.slug, conclusion.pk])


def session_rows(office, today):
    """The office's sessions (one per date: the issued programme's first), newest first, each with its
    notice (or None) and its issuing deadline, in two queries."""
    sessions = (
        RegularSession.objects.filter(plan__office=office)
        .exclude(plan__status=MonthlyPlan.Status.SUPERSEDED)
        .select_related("plan")
        .order_by("-date", "pk")
    )
    notices = {row.session_date: row for row in Conclusion.objects.of(office).filter(conference__isnull=True)}
    issue_days = ConclusionSettings.of(office).issue_days
    rows, seen = [], set()
    for session in sorted(sessions, key=lambda s: (-s.date.toordinal(), s.plan.status != MonthlyPlan.Status.PUBLISHED)):
        if session.date in seen:
            continue
        seen.add(session.date)
        notice = notices.get(session.date)
        deadline = Conclusion(session_date=session.date).issue_deadline(issue_days)
        issued = notice is not None and notice.revision_count > 0
        rows.append(
            {
                "session": session,
                "notice": notice,
                "deadline": deadline,
                "late": not issued and today > deadline,
            }
        )
    return rows


@office_workspace
def conclusion_list(request, office):
    require_right(request.user, "conclusion.view", office)
    if request.method == "POST":
        require_right(request.user, "conclusion.edit", office)
        session = get_object_or_404(RegularSession.objects.filter(plan__office=office), pk=request.POST.get("session"))
        existing = Conclusion.objects.of(office).filter(session_date=session.date, conference__isnull=True).first()
        conclusion = existing or drafting.start_conclusion(office, session, request.user)
        if existing is None:
            messages.success(request, _("Đã lập dự thảo thông báo kết luận từ các nội dung của phiên họp."))
        return redirect(_edit_url(conclusion))
    context = {
        "office": office,
        "rows": session_rows(office, timezone.localdate()),
        "may_edit": has_right(request.user, "conclusion.edit", office),
        "issue_days": ConclusionSettings.of(office).issue_days,
    }
    return render(request, "conclusions/list.html", context)


def _page_context(request, conclusion, *, entry_forms=None, task_form=None, title_form=None):
    entries = list(conclusion.entries.select_related("item").order_by("position", "pk"))
    tasks = list(
        Task.objects.filter(conclusion=conclusion)
        .select_related("lead", "entry")
        .prefetch_related("supporting")
        .order_by("position", "pk")
    )
    entry_forms = entry_forms or {}
    version = conclusion.version
    rows = []
    for entry in entries:
        form = entry_forms.get(entry.pk) or EntryForm(
            initial=EntryForm.initial_of(entry, version), session_date=conclusion.session_date, prefix=f"e{entry.pk}"
        )
        rows.append({"entry": entry, "form": form, "tasks": [task for task in tasks if task.entry_id == entry.pk]})
    settings = ConclusionSettings.of(conclusion.office_id)
    user, office = request.user, conclusion.office_id
    return {
        "office": conclusion.office,
        "conclusion": conclusion,
        "rows": rows,
        "general_tasks": [task for task in tasks if task.entry_id is None],
        "title_form": title_form or TitleForm(initial={"title": conclusion.title, "version": version}),
        "task_form": task_form or TaskForm(conclusion=conclusion, initial={"version": version}),
        "editable": conclusion.is_editable and has_right(user, "conclusion.edit", office),
        "deadline": conclusion.issue_deadline(settings.issue_days),
        "late": conclusion.revision_count == 0
        and timezone.localdate() > conclusion.issue_deadline(settings.issue_days),
        "settings": settings,
        "steps": {step: chain.can_take(user, conclusion, step) for step in chain.STEPS},
        "revisions": list(conclusion.revisions.without_pdf().order_by("-number")),
        "return_form": ReturnForm(),
        "picker_messages": agency_picker_messages(),
    }


@office_workspace
def conclusion_edit(request, office, pk):
    """The drafting page; POST saves the title, or one item's conclusion (``entry``)."""
    require_right(request.user, "conclusion.view", office)
    conclusion = _conclusion(office, pk)
    entry_forms, title_form, status = {}, None, 200
    if request.method == "POST":
        require_right(request.user, "conclusion.edit", office)
        try:
            if "entry" in request.POST:
                entry = get_object_or_404(conclusion.entries, pk=request.POST["entry"])
                form = EntryForm(request.POST, session_date=conclusion.session_date, prefix=f"e{entry.pk}")
                entry_forms[entry.pk] = form
                if form.is_valid():
                    drafting.save_entry(
                        conclusion,
                        entry.pk,
                        form.cleaned_data["version"],
                        text=form.cleaned_data["text"],
                        deferred=form.deferred_month(),
                    )
                    messages.success(
                        request, _("Đã lưu kết luận nội dung %(position)s.") % {"position": entry.position}
                    )
                    return redirect(f"{_edit_url(conclusion)}#muc-{entry.pk}")
            else:
                title_form = TitleForm(request.POST)
                if title_form.is_valid():
                    drafting.save_title(
                        conclusion, title_form.cleaned_data["version"], title_form.cleaned_data["title"]
                    )
                    messages.success(request, _("Đã lưu trích yếu."))
                    return redirect(_edit_url(conclusion))
            status = 400
        except ConflictError as error:
            messages.error(request, str(error))
            status = 409
        conclusion.refresh_from_db()
    context = _page_context(request, conclusion, entry_forms=entry_forms, title_form=title_form)
    return render(request, "conclusions/edit.html", context, status=status)


@office_workspace
def task_edit(request, office, pk, task=None):
    """Add a task (``task`` None) or change one: content, lead and supporting agencies, deadline, item."""
    require_right(request.user, "conclusion.edit", office)
    conclusion = _conclusion(office, pk)
    instance = get_object_or_404(conclusion.tasks.select_related("lead"), pk=task) if task else None
    chosen = [instance.lead, *instance.supporting.all()] if instance else []
    initial = {"version": conclusion.version}
    if instance:
        initial.update(
            text=instance.text, agencies=[a.pk for a in chosen], deadline=instance.deadline, entry=instance.entry_id
        )
    form = TaskForm(request.POST or None, conclusion=conclusion, chosen=chosen, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            lead, *supporting = form.cleaned_data["agencies"]
            try:
                drafting.save_task(
                    conclusion,
                    task,
                    form.cleaned_data["version"],
                    text=form.cleaned_data["text"],
                    lead=lead,
                    supporting=supporting,
                    deadline=form.cleaned_data["deadline"],
                    entry=form.cleaned_data["entry"],
                )
            except ConflictError as error:
                messages.error(request, str(error))
                status = 409
            else:
                messages.success(request, _("Đã lưu nhiệm vụ."))
                return redirect(f"{_edit_url(conclusion)}#nhiem-vu")
    context = {"office": office, "conclusion": conclusion, "form": form, "task": instance}
    context["picker_messages"] = agency_picker_messages()
    return render(request, "conclusions/task_form.html", context, status=status)


@require_POST
@office_workspace
def task_delete(request, office, pk, task):
    require_right(request.user, "conclusion.edit", office)
    conclusion = _conclusion(office, pk)
    try:
        drafting.delete_task(conclusion, task, request.POST.get("version"))
    except (ConflictError, Task.DoesNotExist) as error:
        messages.error(request, str(error) or _("Không tìm thấy nhiệm vụ."))
    else:
        messages.success(request, _("Đã xóa nhiệm vụ."))
    return redirect(f"{_edit_url(conclusion)}#nhiem-vu")


# -- the issuing steps -----------------------------------------------------------------------------


def _step(request, office, pk, action, success):
    conclusion = _conclusion(office, pk)
    try:
        action(conclusion)
    except PermissionDenied:
        raise
    except (PlanError, ConflictError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(_edit_url(conclusion))


@require_POST
@office_workspace
def conclusion_submit(request, office, pk):
    return _step(request, office, pk, lambda c: chain.submit(c, request.user), _("Đã gửi duyệt thông báo kết luận."))


@require_POST
@office_workspace
def conclusion_return(request, office, pk):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    done = _("Đã trả lại thông báo kết luận kèm ý kiến.")
    return _step(request, office, pk, lambda c: chain.return_conclusion(c, request.user, comment), done)


@require_POST
@office_workspace
def conclusion_seal(request, office, pk):
    done = _("Đã đóng dấu, phát hành thông báo kết luận.")
    return _step(request, office, pk, lambda c: chain.seal(c, request.user), done)


@require_POST
@office_workspace
def conclusion_amend(request, office, pk):
    done = _("Đã mở lại thông báo để điều chỉnh; ban hành lại sẽ tạo bản mới, có số mới.")
    return _step(request, office, pk, lambda c: chain.amend(c, request.user), done)


@office_workspace
def conclusion_sign(request, office, pk):
    """The approver's page: the final render (number and date from the register), its SHA-256; signing signs
    exactly those bytes."""
    require_right(request.user, "conclusion.sign", office)
    conclusion = _conclusion(office, pk)
    needs_pin = identities.needs_pin(request.user)
    form = SignForm(request.POST or None, needs_pin=needs_pin)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            chain.sign(
                conclusion,
                request.user,
                expected_sha256=form.cleaned_data["sha256"],
                pin=form.cleaned_data.get("pin", ""),
            )
        except StaleSigningError as stale:
            error = str(stale)
        except PlanError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Đã ký thông báo kết luận. Văn thư sẽ đóng dấu và phát hành."))
            return redirect(_edit_url(conclusion))
        conclusion.refresh_from_db()
    try:
        draft = chain.prepare_signing(conclusion)
    except PlanError as refusal:
        messages.error(request, str(refusal))
        return redirect(_edit_url(conclusion))
    if error or not form.is_bound:
        form = SignForm(initial={"sha256": draft.sha256}, needs_pin=needs_pin)
    context = {
        "office": office,
        "conclusion": conclusion,
        "draft": draft,
        "form": form,
        "error": error,
        "problems": chain.issue_problems(conclusion),
        "settings": ConclusionSettings.of(office),
        "return_form": ReturnForm(),
        "signer_name": identities.display_name(request.user),
    }
    response = render(request, "conclusions/sign.html", context, status=409 if error else 200)
    response["Cache-Control"] = "private, no-store"
    return response


@xframe_options_sameorigin
@office_workspace
def conclusion_sign_pdf(request, office, pk):
    require_right(request.user, "conclusion.sign", office)
    draft = chain.prepare_signing(_conclusion(office, pk))
    response = HttpResponse(draft.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, "truoc-khi-ky-thong-bao.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _working_document(conclusion):
    row = drafting.conclusions_for_document().get(pk=conclusion.pk)
    return build_notice(row.office, ConclusionSettings.of(row.office), chain.notice_data(row))


@office_workspace
def conclusion_draft_pdf(request, office, pk):
    """The working copy as a PDF marked "DỰ THẢO" (the signed file is the document)."""
    require_right(request.user, "conclusion.view", office)
    content = render_notice(_working_document(_conclusion(office, pk))).content
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, "du-thao-thong-bao-ket-luan.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@office_workspace
def conclusion_docx(request, office, pk):
    require_right(request.user, "conclusion.view", office)
    content = render_notice_docx(_working_document(_conclusion(office, pk)))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "thong-bao-ket-luan.docx")
    response["Cache-Control"] = "private, no-store"
    return response


@office_workspace
def conclusion_settings(request, office):
    """The office's administrator sets the symbol, the signature block, the recipients and the issuing deadline."""
    require_right(request.user, "office.admin", office)
    form = SettingsForm(request.POST or None, instance=ConclusionSettings.of(office))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cài đặt thông báo kết luận."))
        return redirect(reverse("conclusions:settings", args=[office.slug]))
    status = 400 if form.errors else 200
    return render(request, "conclusions/settings.html", {"office": office, "form": form}, status=status)
