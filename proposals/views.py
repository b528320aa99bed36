"""Proposals: a department's page (propose, follow the decisions) and the Office's inbox per month."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import can, require_right, user_agency
from agenda import dates
from agenda.models import Agency, MonthlyPlan
from agenda.widgets import agency_picker_messages
from dossiers.models import CONTENT_TYPES, FileAccess
from dossiers.services import log_access
from proposals import services
from proposals.forms import DecisionForm, InboxFilterForm, ProposalForm
from proposals.models import Proposal
from proposals.permissions import get_proposal_for_user, proposals_for_department
from ubnd_schedule.storage import stored_file_response


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else ()


@office_workspace
def mine(request, office):
    """The department's proposals, newest month first, and the form to propose another."""
    require_right(request.user, "proposal.edit", office)
    agency = user_agency(request.user, office)
    form = ProposalForm(*_posted(request), agency=agency, instance=Proposal(agency=agency))
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        services.save_proposal(
            proposal, form.cleaned_data["supporting"], user=request.user, letter=form.cleaned_data["letter_file"]
        )
        if proposal.is_late:
            messages.warning(request, _("Đã nhận đăng ký (sau hạn đăng ký: Văn phòng vẫn xem xét)."))
        else:
            messages.success(request, _("Đã nhận đăng ký: %(title)s") % {"title": proposal})
        return redirect("proposals:mine", office)
    proposals = proposals_for_department(request.user, office).with_agencies()
    context = {
        "agency": agency,
        "form": form,
        "proposals": proposals,
        "deadline_day": office.proposal_deadline_day,
        "picker_messages": agency_picker_messages(),
    }
    return render(request, "proposals/mine.html", context)


@office_workspace
def edit(request, office, pk):
    proposal = get_proposal_for_user(request.user, office, pk, "edit")
    form = ProposalForm(*_posted(request), agency=proposal.agency, instance=proposal)
    if request.method == "POST" and form.is_valid():
        services.save_proposal(
            form.save(commit=False), form.cleaned_data["supporting"], letter=form.cleaned_data["letter_file"]
        )
        messages.success(request, _("Đã lưu đăng ký: %(title)s") % {"title": proposal})
        return redirect("proposals:mine", office)
    context = {"form": form, "proposal": proposal, "picker_messages": agency_picker_messages()}
    return render(request, "proposals/edit.html", context)


@office_workspace
def letter(request, office, pk):
    proposal = get_proposal_for_user(request.user, office, pk, "letter")
    if not proposal.letter:
        raise Http404
    try:
        response = stored_file_response(
            proposal.letter.storage,
            proposal.letter.name,
            filename=proposal.letter_name,
            content_type=CONTENT_TYPES[proposal.letter_kind],
        )
    except FileNotFoundError:
        raise Http404
    log_access(request.user, FileAccess.What.PROPOSAL_LETTER, proposal, proposal.letter_name)
    return response


@office_workspace
def inbox(request, office, year, month):
    """The month's proposals with filters; editors accept, defer or reject several at once."""
    require_right(request.user, "proposal.decide", office)
    agencies = Agency.objects.of(office).filter(proposals__isnull=False).distinct()
    filters = InboxFilterForm(request.GET, agencies=agencies, office=office)
    proposals = filters.filter(Proposal.objects.of(office).for_month(year, month).with_agencies())
    # One query for all three uses.
    month_plans = list(MonthlyPlan.objects.of(office).for_month(year, month).order_by("pk"))
    plan = next((p for p in month_plans if p.status in MonthlyPlan.WORKING_STATUSES), None)  # as working_plan()
    context = {
        "filters": filters,
        "proposals": proposals,
        "plan": plan,
        # Without a draft: the month's issued plan (amended rather than created), or nothing yet, when the
        # page offers the new-month page (for the Office's roles, as this page is).
        "issued": next((p for p in month_plans if p.status == MonthlyPlan.Status.PUBLISHED), None),
        "can_create": plan is None and not month_plans,
        "can_accept": plan is not None and can(request.user, plan, "edit"),
        "decision_form": DecisionForm(office=office, year=year, month=month),
        "month_label": dates.month_label(year, month),
        "deadline": services.deadline_for(year, month, office),
        "year": year,
        "month": month,
    }
    return render(request, "proposals/inbox.html", context)


@office_workspace
@require_POST
def decide(request, office, year, month):
    require_right(request.user, "proposal.decide", office)
    form = DecisionForm(request.POST, office=office, year=year, month=month)
    inbox_url = reverse("proposals:inbox", args=[office, year, month])
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(inbox_url)
    chosen = list(form.cleaned_data["proposals"])
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    base_url = request.build_absolute_uri("/").rstrip("/")
    try:
        if action == DecisionForm.ACCEPT:
            _accept(request, office, year, month, chosen, base_url)
        elif action == DecisionForm.DEFER:
            target = form.cleaned_data["defer_to"]
            services.defer(chosen, request.user, *target, reason=reason, base_url=base_url)
            messages.success(
                request,
                _("Đã chuyển %(count)s nội dung sang %(month)s.")
                % {"count": len(chosen), "month": dates.month_label(*target)},
            )
        else:
            services.reject(chosen, request.user, reason, base_url=base_url)
            messages.success(request, _("Đã ghi %(count)s nội dung không đưa vào.") % {"count": len(chosen)})
    except services.DecisionError as error:
        messages.error(request, str(error))
    return redirect(inbox_url)


def _accept(request, office, year, month, chosen, base_url):
    plan = services.working_plan(office, year, month)
    if plan is None or not can(request.user, plan, "edit"):
        raise services.DecisionError(
            _("Chưa có dự thảo chương trình %(month)s đang soạn: hãy lập chương trình tháng mới trước.")
            % {"month": dates.month_label(year, month)}
        )
    accepted, errors, new_sessions = services.accept(chosen, request.user, plan, base_url=base_url)
    if accepted:
        messages.success(request, _("Đã đưa %(count)s nội dung vào dự thảo.") % {"count": len(accepted)})
    for session in new_sessions:
        messages.info(
            request,
            _(
                "Đã thêm phiên họp ngày %(date)s (%(weekday)s) theo ngày đề nghị: "
                "hãy kiểm tra giờ và địa điểm trong dự thảo."
            )
            % {"date": dates.short_date(session.date), "weekday": dates.weekday_label(session.date)},
        )
    for proposal, error in errors:
        messages.error(request, f"{proposal}: {error}")
