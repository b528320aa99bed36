"""Review, signing and issuing in the workspace: the editor submits, the approver reviews the final
PDF and signs it with their own key (or returns it), the văn thư seals and publishes.

Each view loads the plan through access.permissions, then calls issuing.services, the one
home of these steps (the admin and the commands call the same functions).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.models import Membership
from access.permissions import has_right, require_right
from access.rights import STEPS
from agenda import dates
from agenda.models import MonthlyPlan
from exports.pdf import pdf_filename
from issuing import changelog, identities, workflow
from issuing import services as issuing
from issuing.appearance import generated_signature_png
from issuing.models import ApproverSignature
from programme.errors import PlanError
from programme.services import plan_warnings, publish_problems
from workspace.forms import ReturnForm, SealForm, SignatureImageForm, SignForm
from workspace.views import _load_plan, _plan_url


def _refused(request, plan, error):
    messages.error(request, str(error))
    return redirect(_plan_url(plan))


def _load_for_step(request, office, year, month, step):
    """The plan for an issuing ``step`` when the user's role may take it (403 otherwise).

    Its state is not checked here but by issuing.services under the plan's row lock, so the second
    of two clicks (the first already moved the plan on) is refused with the step's message, not a 403.
    """
    require_right(request.user, f"plan.{step}", office)
    return _load_plan(request, office, year, month, "view")


@office_workspace
@require_POST
def plan_submit(request, office, year, month):
    plan = _load_for_step(request, office, year, month, "submit")
    try:
        issuing.submit(plan, request.user)
    except PlanError as error:
        return _refused(request, plan, error)
    messages.success(request, _("Đã gửi chương trình để lãnh đạo Văn phòng duyệt."))
    return redirect(_plan_url(plan))


@office_workspace
@require_POST
def plan_return(request, office, year, month):
    plan = _load_for_step(request, office, year, month, "return")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _refused(request, plan, " ".join(form.errors["comment"]))
    try:
        issuing.return_plan(plan, request.user, form.cleaned_data["comment"])
    except PlanError as error:
        return _refused(request, plan, error)
    messages.success(request, _("Đã trả lại chương trình kèm ý kiến."))
    return redirect(_plan_url(plan))


@sensitive_post_parameters("pin")  # never in an error report
@office_workspace
def plan_sign(request, office, year, month):
    """The approver's review and signing page: the final PDF (number and date from the register),
    its SHA-256, what changed for an amendment, every warning; signing signs exactly those bytes."""
    plan = _load_for_step(request, office, year, month, "sign")
    if not STEPS["sign"].applies_to(plan):  # e.g. signed by the first of two clicks
        return _refused(request, plan, STEPS["sign"].refusal)
    needs_pin = identities.needs_pin(request.user)
    form = SignForm(request.POST or None, needs_pin=needs_pin)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            issuing.sign(
                plan,
                request.user,
                expected_sha256=form.cleaned_data["sha256"],
                pin=form.cleaned_data.get("pin", ""),
                note=form.cleaned_data["note"],
            )
        except issuing.StaleSigningError as stale:
            error = str(stale)
            plan.refresh_from_db()
        except workflow.StepRefused as refusal:  # a concurrent click signed it while this one waited for the lock
            return _refused(request, plan, refusal)
        except PlanError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, _("Đã ký %(plan)s. Văn thư sẽ đóng dấu và phát hành.") % {"plan": plan.display_title}
            )
            return redirect(_plan_url(plan))
    try:
        draft = issuing.prepare_signing(plan)
    except PlanError as refusal:
        return _refused(request, plan, refusal)
    if error or not form.is_bound:
        form = SignForm(initial={"sha256": draft.sha256}, needs_pin=needs_pin)
    context = {
        "plan": plan,
        "draft": draft,
        "form": form,
        "error": error,
        "return_form": ReturnForm(),
        "problems": publish_problems(plan),
        "warnings": plan_warnings(plan),
        "changes": changelog.compute_changes(plan.amends, plan) if plan.amends_id else None,
        "signer_name": identities.display_name(request.user),
        "office": plan.office,  # the number as the document reads it: "Số: 04/CTr-VP"
    }
    response = render(request, "workspace/plan_sign.html", context, status=409 if error else 200)
    response["Cache-Control"] = "private, no-store"
    return response


@xframe_options_sameorigin  # shown in the signing page's frame
@office_workspace
def plan_sign_pdf(request, office, year, month):
    """The final render the signing page shows (from the render cache: the very bytes to be signed)."""
    plan = _load_plan(request, office, year, month, "sign")
    draft = issuing.prepare_signing(plan)
    response = HttpResponse(draft.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"truoc-khi-ky-{pdf_filename(plan)}")
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = f'"{draft.sha256}"'
    return response


@office_workspace
def issue_queue(request, office):
    """The văn thư's queue: plans signed by an approver, waiting for the Office's signature and seal;
    those waiting past the next working day after signing are flagged (Nghị định 30, Điều 18.1)."""
    require_right(request.user, "menu.issue_queue", office)
    today = timezone.localdate()
    waiting = (
        ApproverSignature.objects.filter(plan__office=office, plan__status=MonthlyPlan.Status.SIGNED)
        .select_related("plan__office", "signed_by")
        .order_by("signed_at")
    )
    rows = []
    for signature in waiting:
        due = dates.next_working_day(timezone.localdate(signature.signed_at))
        rows.append({"signature": signature, "plan": signature.plan, "due": due, "late": today > due})
    context = {"rows": rows, "can_seal": has_right(request.user, "plan.seal", office), "seal_form": SealForm()}
    return render(request, "workspace/issue_queue.html", context)


@office_workspace
@require_POST
def plan_seal(request, office, year, month):
    plan = _load_for_step(request, office, year, month, "seal")
    form = SealForm(request.POST)
    if not form.is_valid():
        return _refused(request, plan, " ".join(form.errors["note"]))
    try:
        revision = issuing.seal(plan, request.user, note=form.cleaned_data["note"])
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("workspace:issue_queue", office)
    messages.success(
        request,
        _("Đã đóng dấu và phát hành %(plan)s (số %(number)s).")
        % {"plan": plan.display_title, "number": f"{revision.register_number:02d}"},
    )
    return redirect("workspace:issue_queue", office)


@office_workspace
def profile(request, office):
    """The user's account: their role and, for approvers, their signature image."""
    role = require_right(request.user, "menu.profile", office)
    signer = identities.profile_of(request.user)
    signs = has_right(request.user, "profile.signature", office)  # an approver
    form = SignatureImageForm(request.POST or None, request.FILES or None) if signs else None
    if form is not None and request.method == "POST" and form.is_valid():
        signer.signature_image = form.cleaned_data["image"]
        signer.save()
        messages.success(request, _("Đã lưu hình chữ ký."))
        return redirect("workspace:profile", office)
    context = {
        "role": role,
        "role_label": Membership.Role(role).label,
        "signer": signer,
        "form": form,
        "signer_name": identities.display_name(request.user, signer),
        "uses_token": identities.uses_token(signer),
    }
    return render(request, "workspace/profile.html", context)


@office_workspace
def signature_image(request, office):
    """The user's own signature image (PNG), or one drawn from their name until they upload theirs."""
    require_right(request.user, "profile.signature", office)
    signer = identities.profile_of(request.user)
    content = bytes(signer.signature_image) or generated_signature_png(identities.display_name(request.user, signer))
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
