"""The office workspace. Every view: load with permission (access.permissions) -> form ->
service -> redirect or render."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace, workspace_login_required
from access.permissions import (
    CLERK,
    DEPARTMENT,
    MEMBER,
    OFFICE_ADMIN,
    can,
    get_item_for_user,
    get_plan_for_user,
    offices_of,
    require_right,
)
from agenda import dates
from agenda.models import MonthlyPlan
from agenda.widgets import agency_picker_messages, agency_search_results
from exports.pdf import pdf_filename
from exports.responses import draft_pdf_response
from issuing.models import Revision
from issuing.services import approver_signed_pdf
from programme.document import build_document, plans_for_document
from programme.errors import PlanError, WorkingCopyExistsError
from workspace import history, services
from workspace.forms import AgencySearchForm, AmendForm, ItemStatusForm, PlanPickForm, ReturnForm, SealForm
from workspace.new_plan import NewPlan, NewPlanForm
from workspace.plan_editor import PlanEditor, StaleVersionError


def _plan_url(plan, name="workspace:plan_edit"):
    return reverse(name, args=[plan.office, plan.year, plan.month])


def _load_plan(request, office, year, month, action):
    pick = PlanPickForm(request.GET)
    pk = pick.cleaned_data["ban"] if pick.is_valid() else None
    return get_plan_for_user(request.user, office, year, month, action, pk=pk)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _document(plan):
    return build_document(plans_for_document().get(pk=plan.pk), plan.office)


@workspace_login_required
def start(request):
    """/van-phong/: straight to the user's office when they have one, else the list of their offices."""
    offices = list(offices_of(request.user))
    if len(offices) == 1:
        return redirect("workspace:home", offices[0])
    return render(request, "workspace/offices.html", {"offices": offices}, status=200 if offices else 403)


def before_offices(request, rest):
    """A workspace address from before offices were many (/van-phong/ke-hoach/2024/01/, in e-mails and
    bookmarks): the same page of the user's office when they have one, else the list of their offices."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "workspace:login")
    offices = list(offices_of(request.user)[:2])
    if len(offices) != 1:
        return redirect("workspace:start")
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    return redirect(f"{reverse('workspace:home', args=[offices[0]])}{rest}{query}")


@office_workspace
def home(request, office):
    role = require_right(request.user, "menu.home", office)
    if role == DEPARTMENT:
        return redirect("dossiers:department", office)
    if role == CLERK:
        return redirect("workspace:issue_queue", office)
    if role == MEMBER:  # the ballots open for them first, with the link to the session documents
        return redirect("ballots:list", office)
    if role == OFFICE_ADMIN:
        return redirect("workspace:office_admin", office)
    plans = MonthlyPlan.objects.of(office).select_related("amends", "office").order_by("-year", "-month", "-pk")
    year, month = services.next_plan_month(office)
    context = {
        "plans": plans,
        "next_label": dates.month_label(year, month),
        "next_year": year,
        "next_month": month,
        "role": role,
    }
    return render(request, "workspace/home.html", context)


@office_workspace
def plan_create(request, office):
    require_right(request.user, "plan.create", office)
    year, month = services.next_plan_month(office)
    month_form = NewPlanForm(request.GET or {"year": year, "month": month}, office=office)
    new = None
    if request.method == "POST" and not month_form.is_valid() and month_form.working_copy is not None:
        # The second of two clicks: the month's draft exists (the first made it); open it.
        messages.info(request, " ".join(month_form.non_field_errors()))
        return redirect(_plan_url(month_form.working_copy))
    if month_form.is_valid():
        year, month = month_form.cleaned_data["year"], month_form.cleaned_data["month"]
        source = services.previous_plan(office, year, month)
        new = NewPlan(services.carry_over_candidates(source), (year, month), data=_posted(request))
        if request.method == "POST" and new.is_valid():
            try:
                plan = services.create_plan_from_previous(
                    office, year, month, source=source, carried=new.carried, copy_tasks=new.copy_tasks
                )
            except WorkingCopyExistsError as error:  # another request created it between the check and the insert
                messages.info(request, str(error))
                return redirect(reverse("workspace:plan_edit", args=[office, year, month]))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã lập %(plan)s. Hãy rà soát và hoàn thiện.") % {"plan": plan})
                return redirect(_plan_url(plan))
    context = {
        "month_form": month_form,
        "new": new,
        "source": new and source,
        "month_label": dates.month_label(year, month),
        "date_info": services.date_info(year, month) if new else {},
        "editor_messages": _editor_messages(),
        "office": office,  # the defaults of a month with no previous plan
    }
    return render(request, "workspace/plan_create.html", context)


@office_workspace
def plan_edit(request, office, year, month):
    plan = _load_plan(request, office, year, month, "edit" if request.method == "POST" else "view")
    if not can(request.user, plan, "edit"):
        return _plan_view(request, plan)
    editor = PlanEditor(plan, data=_posted(request))
    if request.method == "POST" and editor.is_valid():
        try:
            editor.save()
        except StaleVersionError:
            editor.plan_form.add_stale_error()
        else:
            messages.success(request, _("Đã lưu chương trình."))
            return redirect(_plan_url(plan))
    if request.method == "POST":
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu bên dưới."))
    return render(request, "workspace/plan_edit.html", _edit_context(request, plan, editor))


def _edit_context(request, plan, editor):
    return {
        "plan": plan,
        "editor": editor,
        "document": _document(plan),
        "date_info": services.date_info(plan.year, plan.month),
        "editor_messages": _editor_messages(),
        "actions": _actions(request, plan),
    }


def _editor_messages():
    """The texts workspace/editor.js shows, in the reader's language (rendered with json_script)."""
    return {
        "outside_month": _("Ngày này không thuộc tháng của chương trình."),
        **agency_picker_messages(),
        "preview_updating": _("đang cập nhật…"),
        "preview_current": _("theo nội dung đang soạn"),
        # Translators: editor.js puts the new session's date in place of %(date)s.
        "new_session": _("Phiên họp mới: %(date)s"),
    }


def _actions(request, plan):
    user = request.user
    return {
        "submit": can(user, plan, "submit"),
        "sign": can(user, plan, "sign"),
        "return": can(user, plan, "return"),
        "seal": can(user, plan, "seal"),
        "amend": can(user, plan, "amend"),
        "status": plan.is_published,
        "return_form": ReturnForm(),
        "seal_form": SealForm(),
        "amend_form": AmendForm(),
    }


def _plan_view(request, plan):
    document = _document(plan)
    actions = _actions(request, plan)
    status_rows = []
    if actions["status"]:
        status_rows = [
            (line, ItemStatusForm(instance=line.item, prefix=f"status-{line.item.pk}"))
            for line in document.lines
            if line.item is not None
        ]
    context = {"plan": plan, "document": document, "actions": actions, "status_rows": status_rows}
    return render(request, "workspace/plan_view.html", context)


@office_workspace
def plan_preview(request, office, year, month):
    """GET: the saved plan as the document reads. POST (from the editing page): the document as it
    would read with the form's content, built by really saving it in a transaction rolled back."""
    if request.method != "POST":
        plan = _load_plan(request, office, year, month, "view")
        return render(request, "workspace/plan_preview.html", {"plan": plan, "document": _document(plan)})
    plan = _load_plan(request, office, year, month, "edit")
    editor = PlanEditor(plan, data=request.POST)
    document = None
    if editor.is_valid():
        with transaction.atomic():
            try:
                editor.save()
                document = _document(plan)  # its lines are built now, before the rollback
            except StaleVersionError:
                editor.plan_form.add_stale_error()  # said as the save would say it, not "0 errors"
            transaction.set_rollback(True)
    context = {"document": document, "error_count": editor.error_count}
    if document is None:
        context["errors"] = editor.error_summary()
    return render(request, "workspace/_preview_fragment.html", context)


@office_workspace
def plan_draft_pdf(request, office, year, month):
    plan = _load_plan(request, office, year, month, "view")
    if plan.is_issued:  # the document is its signed file: never an unsigned render with its number
        return redirect(Revision.objects.without_pdf().filter(plan=plan).latest("number").get_pdf_url())
    if plan.status == MonthlyPlan.Status.SIGNED:  # the approver's signed file, waiting for the seal
        response = HttpResponse(approver_signed_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, f"da-ky-{pdf_filename(plan)}")
        response["Cache-Control"] = "private, no-store"
        return response
    document_plan = plans_for_document().get(pk=plan.pk)
    response = draft_pdf_response(request, document_plan, f"du-thao-{pdf_filename(plan)}")
    response["Cache-Control"] = "private, no-store"
    return response


@office_workspace
def plan_history(request, office, year, month):
    plan = _load_plan(request, office, year, month, "view")
    return render(request, "workspace/plan_history.html", {"plan": plan, "entries": history.plan_history(plan)})


@office_workspace
@require_POST
def plan_amend(request, office, year, month):
    require_right(request.user, "plan.amend", office)
    plan = _load_plan(request, office, year, month, "view")
    if plan.amends_id and not plan.is_published:
        # The second of two clicks: the amendment's working copy exists (the first made it); open it.
        messages.info(request, _("Bản điều chỉnh của tháng này đang được soạn; hãy tiếp tục trên bản đó."))
        return redirect(_plan_url(plan))
    form = AmendForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(_plan_url(plan))
    try:
        working = services.amend_plan(plan, request.user, form.cleaned_data["reason"])
    except (PlanError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(_plan_url(plan))
    messages.success(request, _("Đã tạo bản điều chỉnh; chương trình đã ban hành giữ nguyên đến khi ban hành bản này."))
    return redirect(_plan_url(working))


@office_workspace
@require_POST
def item_status(request, office, pk):
    item = get_item_for_user(request.user, office, pk, "status")
    form = ItemStatusForm(request.POST, instance=item, prefix=f"status-{item.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("Đã cập nhật tình trạng: %(item)s") % {"item": item})
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(f"{_plan_url(item.plan)}#{item.anchor}")


@office_workspace
def agency_search(request, office):
    """Agencies matching ?q= by name or short name, with or without diacritics ("khdt", "noi vu"): for
    the agency pickers of the editing page and of the departments' proposal form (the list is public)."""
    require_right(request.user, "agency.search", office)
    form = AgencySearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return JsonResponse({"results": agency_search_results(office, query)})
