"""The ballot pages of an office's workspace (/van-phong/<office>/lay-y-kien/…): the list (the Office's every
ballot; a member's open and closed ones; a secretary's members'), creating, the Office's page of one ballot
(its draft, the approval, who answered and who has not, reminders, the result), answering, the files.
Every view: load with permission (ballots.permissions) → form → service → redirect or render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.decorators import office_workspace
from access.permissions import has_right, require_right
from ballots import answers, permissions, reminders, services
from ballots.forms import (
    AnswerForm,
    BallotCreateForm,
    BallotForm,
    DocumentsForm,
    QuestionForm,
    SecretaryForm,
    SettingsForm,
    VersionForm,
)
from ballots.models import Answer, AnswerChoice, Ballot, BallotDocument, BallotSettings, Question, Secretary
from ballots.results import tally, voter_rows
from issuing import identities


def _detail(ballot):
    return redirect("ballots:detail", ballot.office, ballot.pk)


def _errors(request, form):
    messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))


@office_workspace
def ballot_list(request, office):
    ballots = permissions.visible_ballots(request.user, office).select_related("item__plan")
    staff = permissions.is_staff(request.user, office)
    mine = {}
    if has_right(request.user, "ballot.answer", office):
        mine = {a.ballot_id: a for a in Answer.objects.filter(member=request.user, ballot__office=office)}
    assisted = list(permissions.assisted_members(request.user, office))
    prepare = []
    if assisted:
        prepare = list(
            Ballot.objects.filter(office=office, state=Ballot.State.SENT, voters__user__in=assisted)
            .distinct()
            .prefetch_related("voters__user")
        )
    rows = list(ballots.order_by("-created_at", "-pk")[:200])
    for ballot in rows:
        ballot.my_answer = mine.get(ballot.pk)
    context = {
        "ballots": rows,
        "staff": staff,
        "mine": mine,
        "prepare": prepare,
        "assisted": {user.pk for user in assisted},
        "may_create": has_right(request.user, "ballot.create", office),
        "may_set": has_right(request.user, "ballot.settings", office),
        "now": timezone.now(),
    }
    return render(request, "ballots/list.html", context)


@office_workspace
def create(request, office):
    require_right(request.user, "ballot.create", office)
    form = BallotCreateForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ballot = services.new_ballot(
            office, request.user, title=data["title"], summary=data["summary"], item=data["item"]
        )
        messages.success(request, _("Đã lập dự thảo phiếu lấy ý kiến. Hãy hoàn thiện câu hỏi và tài liệu."))
        return _detail(ballot)
    return render(request, "ballots/create.html", {"form": form})


@office_workspace
def detail(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk)
    if not permissions.is_staff(request.user, office):
        return redirect("ballots:answer", office, ballot.pk)
    questions = list(Question.objects.filter(ballot=ballot))
    rows = voter_rows(ballot) if ballot.state in (Ballot.State.SENT, Ballot.State.CLOSED) else []
    editable = ballot.is_editable and has_right(request.user, "ballot.edit", office)
    context = {
        "ballot": ballot,
        "questions": questions,
        "documents": list(BallotDocument.objects.filter(ballot=ballot)),
        "result": tally(ballot, rows, questions) if rows else None,
        "editable": editable,
        "form": BallotForm(instance=ballot) if editable else None,
        "question_form": QuestionForm(initial={"version": ballot.version}) if editable else None,
        "documents_form": DocumentsForm(initial={"version": ballot.version}) if editable else None,
        "may_edit": has_right(request.user, "ballot.edit", office),
        "may_approve": has_right(request.user, "ballot.approve_send", office),
        "may_answer": ballot.is_open and permissions.may_answer(request.user, ballot),
    }
    return render(request, "ballots/detail.html", context)


def _run(request, ballot, step, *args):
    """Run a service step with the page's version; a refusal becomes a message on the ballot's page."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ. Hãy tải lại trang."))
        return False
    try:
        step(ballot, request.user, form.cleaned_data["version"], *args)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@office_workspace
@require_POST
def edit(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.edit")
    form = BallotForm(request.POST, instance=Ballot.objects.get(pk=ballot.pk))
    if not form.is_valid():
        _errors(request, form)
        return _detail(ballot)
    fields = {name: form.cleaned_data[name] for name in BallotForm.Meta.fields}
    try:
        services.update_ballot(ballot, request.user, form.cleaned_data["version"], **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã lưu phiếu."))
    return _detail(ballot)


@office_workspace
@require_POST
def add_question(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.edit")
    form = QuestionForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _detail(ballot)
    data = form.cleaned_data
    try:
        services.add_question(
            ballot, request.user, data["version"], text=data["text"], kind=data["kind"], options=data["options"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _detail(ballot)


@office_workspace
@require_POST
def remove_question(request, office, pk, question):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.edit")
    _run(request, ballot, services.remove_question, question)
    return _detail(ballot)


@office_workspace
@require_POST
def upload(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.edit")
    form = DocumentsForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return _detail(ballot)
    try:
        services.attach_documents(ballot, request.user, form.cleaned_data["version"], form.uploads)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đính kèm tài liệu."))
    return _detail(ballot)


STEPS = {
    "gui-duyet": ("ballot.edit", services.submit_for_approval, gettext_lazy("Đã gửi lãnh đạo duyệt.")),
    "tra-lai": ("ballot.approve_send", services.return_to_draft, gettext_lazy("Đã trả lại phiếu cho chuyên viên.")),
    "huy": ("ballot.edit", services.cancel, gettext_lazy("Đã hủy phiếu.")),
}


@office_workspace
@require_POST
def step(request, office, pk, name):
    if name not in STEPS and name != "duyet-gui":
        raise Http404
    if name == "duyet-gui":
        ballot = permissions.get_ballot(request.user, office, pk, "ballot.approve_send")
        base_url = request.build_absolute_uri("/").rstrip("/")
        if _run(request, ballot, lambda b, u, v: services.approve_and_send(b, u, v, base_url=base_url)):
            messages.success(request, _("Đã duyệt và gửi phiếu đến các thành viên."))
        return _detail(ballot)
    action, service, done = STEPS[name]
    ballot = permissions.get_ballot(request.user, office, pk, action)
    if _run(request, ballot, service):
        messages.success(request, str(done))
    return _detail(ballot)


@office_workspace
@require_POST
def remind(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.edit")
    if ballot.state != Ballot.State.SENT:
        messages.error(request, _("Chỉ nhắc được phiếu đang lấy ý kiến."))
        return _detail(ballot)
    sent = reminders.remind_now(ballot, base_url=request.build_absolute_uri("/").rstrip("/"))
    messages.success(request, _("Đã gửi %(count)s thư nhắc (mỗi thành viên một lần trong ngày).") % {"count": sent})
    return _detail(ballot)


def _answer_target(request, office, ballot):
    """The member the page answers for: the user themselves, or (?thanh-vien=) a member they are secretary of."""
    member_pk = request.GET.get("thanh-vien") or request.POST.get("thanh-vien")
    if not member_pk or str(member_pk) == str(request.user.pk):
        if not permissions.may_answer(request.user, ballot):
            require_right(request.user, "ballot.answer", office)  # a member not asked: 404 below
        member = request.user
    else:
        member = get_object_or_404(permissions.assisted_members(request.user, office), pk=member_pk)
    if not permissions.is_voter(ballot, member):
        raise Http404
    return member


@office_workspace
def answer(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk, "ballot.results")
    if ballot.state not in (Ballot.State.SENT, Ballot.State.CLOSED):
        raise Http404
    member = _answer_target(request, office, ballot)
    own = member.pk == request.user.pk
    current = Answer.objects.filter(ballot=ballot, member=member).select_related("prepared_by").first()
    choices = {c.question_id: c for c in AnswerChoice.objects.filter(answer=current)} if current else {}
    questions = list(Question.objects.filter(ballot=ballot))
    form = AnswerForm(request.POST or None, questions=questions, answer=current, choices=choices)
    refusal = answers.refusal(ballot, member, timezone.now())
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
        elif request.POST.get("xac-nhan-ban-chuan-bi") and own and current:
            return _confirm(request, ballot, member, current)
        elif form.is_valid():
            confirm = own and bool(request.POST.get("xac-nhan"))
            try:
                answers.save_answer(
                    ballot,
                    request.user,
                    member,
                    form.choices(),
                    confirm=confirm,
                    version=form.version(),
                    **_sign(request),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                done = _("Đã gửi ý kiến chính thức.") if confirm else _("Đã lưu ý kiến (chưa xác nhận).")
                messages.success(request, done)
                return redirect(request.get_full_path())
    context = {
        "ballot": ballot,
        "member": member,
        "own": own,
        "answer": current,
        "form": form,
        "refusal": refusal,
        "documents": list(BallotDocument.objects.filter(ballot=ballot)),
        "needs_pin": own and identities.needs_pin(member),
    }
    return render(request, "ballots/answer.html", context, status=400 if request.method == "POST" else 200)


def _sign(request):
    """Whether the member asked to sign the answer with their key, and the PIN of their token."""
    return {"sign": bool(request.POST.get("ky-so")), "pin": request.POST.get("ma-pin", "")}


def _confirm(request, ballot, member, current):
    try:
        answers.confirm_answer(ballot, member, current.version, **_sign(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xác nhận ý kiến."))
    return redirect(request.get_full_path())


def _file_response(field, filename):
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@office_workspace
def document(request, office, pk, document):
    ballot = permissions.get_ballot(request.user, office, pk)
    item = get_object_or_404(BallotDocument, ballot=ballot, pk=document)
    return _file_response(item.file, item.name)


@office_workspace
def result_pdf(request, office, pk):
    ballot = permissions.get_ballot(request.user, office, pk)
    if not ballot.result_file:
        raise Http404
    return _file_response(ballot.result_file, f"ket-qua-lay-y-kien-{ballot.pk}.pdf")


@office_workspace
def office_settings(request, office):
    """The office's defaults for new ballots (the deadline in working days, the rule); sent ones keep theirs."""
    require_right(request.user, "ballot.settings", office)
    posted = request.POST if request.method == "POST" and "thu-ky" not in request.POST else None
    form = SettingsForm(posted, instance=BallotSettings.of(office))
    if posted is not None and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thiết lập lấy ý kiến thành viên."))
        return redirect("ballots:list", office)
    secretary_form = SecretaryForm(request.POST if "thu-ky" in request.POST else None, office=office)
    if secretary_form.is_bound and secretary_form.is_valid():
        Secretary.objects.get_or_create(office=office, **secretary_form.cleaned_data)
        messages.success(request, _("Đã giao thư ký chuẩn bị ý kiến cho thành viên."))
        return redirect("ballots:settings", office)
    secretaries = Secretary.objects.filter(office=office).select_related("member", "secretary")
    context = {"form": form, "secretary_form": secretary_form, "secretaries": secretaries.order_by("member__username")}
    return render(request, "ballots/settings.html", context)


@office_workspace
@require_POST
def remove_secretary(request, office, pk):
    require_right(request.user, "ballot.settings", office)
    get_object_or_404(Secretary, office=office, pk=pk).delete()
    messages.success(request, _("Đã bỏ thư ký."))
    return redirect("ballots:settings", office)


@office_workspace
def signed_answer(request, office, pk, member):
    """A member's signed answer: for the member and the Office's staff."""
    ballot = permissions.get_ballot(request.user, office, pk)
    if member != request.user.pk and not permissions.is_staff(request.user, office):
        raise Http404
    answer = get_object_or_404(Answer, ballot=ballot, member_id=member)
    if not answer.signed_pdf:
        raise Http404
    return _file_response(answer.signed_pdf, f"y-kien-{ballot.pk}-{member}.pdf")
