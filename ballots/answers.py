"""Answering a ballot: the member answers (and may change the answer until they confirm it or the deadline
passes), or their secretary prepares it for the member to confirm. Only confirmed answers count; after the
deadline nothing is taken, with a message that says so."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ballots import permissions
from ballots.answer_pdf import sign_answer
from ballots.models import Answer, AnswerChoice, Ballot


def refusal(ballot, member, now):
    """Why ``member``'s answer to ``ballot`` can no longer be taken at ``now`` (a message), or None."""
    if ballot.state != Ballot.State.SENT:
        return _("Phiếu không còn nhận ý kiến (%(state)s).") % {"state": ballot.get_state_display()}
    if ballot.is_past_deadline(now):
        deadline = date_format(timezone.localtime(ballot.deadline), "d/m/Y H:i")
        return _("Đã hết hạn trả lời (%(deadline)s): không nhận thêm ý kiến.") % {"deadline": deadline}
    answer = Answer.objects.filter(ballot=ballot, member=member).first()
    if answer is not None and answer.confirmed_at is not None:
        return _("Ý kiến đã được xác nhận nên không sửa được nữa.")
    return None


def _check(ballot, user, member, now):
    """That ``user`` may answer for ``member`` (themselves as a member, or as the member's secretary), in the
    ballot's state as it is now (not as a page loaded earlier saw it)."""
    ballot.refresh_from_db(fields=["state", "deadline"])
    if user.pk == member.pk:
        if not permissions.may_answer(user, ballot):
            raise PermissionDenied
    elif not permissions.may_prepare_for(user, ballot.office, member) or not permissions.is_voter(ballot, member):
        raise PermissionDenied
    message = refusal(ballot, member, now)
    if message:
        raise ValidationError(message, code="closed")


def save_answer(ballot, user, member, choices, *, confirm=False, version=None, now=None, sign=False, pin=""):
    """Record ``member``'s answer: ``choices`` {question pk: (choice, comment)}, one for each question. A member
    confirming makes it final (and counted); a secretary only prepares (never confirms). ``version`` is the
    answer's version the form was loaded with (None: no answer then): a stale one is refused."""
    now = now or timezone.now()
    _check(ballot, user, member, now)
    if confirm and user.pk != member.pk:
        raise PermissionDenied
    questions = {question.pk: question for question in ballot.questions.all()}
    if set(choices) != set(questions):
        raise ValidationError(_("Hãy trả lời tất cả các câu hỏi."))
    for pk, (choice, _comment) in choices.items():
        if choice not in dict(questions[pk].choices):
            raise ValidationError(_("Lựa chọn không hợp lệ."))
    with transaction.atomic():
        answer, created = Answer.objects.select_for_update().get_or_create(ballot=ballot, member=member)
        if not created and (version is None or answer.version != version):
            raise ValidationError(_("Ý kiến này vừa được thay đổi ở nơi khác. Hãy tải lại trang và làm lại."))
        if answer.confirmed_at is not None:
            raise ValidationError(_("Ý kiến đã được xác nhận nên không sửa được nữa."))
        answer.prepared_by = user
        answer.updated_at = now
        answer.version = 1 if created else answer.version + 1
        answer.confirmed_at = now if confirm else None
        answer.save()
        answer.choices.all().delete()
        AnswerChoice.objects.bulk_create(
            AnswerChoice(answer=answer, question_id=pk, choice=choice, comment=comment)
            for pk, (choice, comment) in choices.items()
        )
        if confirm and sign:
            _sign(ballot, answer, pin)
    return answer


def _sign(ballot, answer, pin):
    """Sign the confirmed answer with the member's key (a failure undoes the confirmation: ValidationError)."""
    lines = []
    chosen = {choice.question_id: choice for choice in answer.choices.all()}
    for question in ballot.questions.all():
        choice = chosen.get(question.pk)
        label = dict(question.choices).get(choice.choice, choice.choice) if choice else ""
        lines.append((question, label, choice.comment if choice else ""))
    sign_answer(ballot, answer, lines, pin)


def confirm_answer(ballot, member, version, now=None, sign=False, pin=""):
    """The member confirms the answer as it stands (prepared by their secretary, or saved by themselves)."""
    now = now or timezone.now()
    _check(ballot, member, member, now)
    with transaction.atomic():
        answer = Answer.objects.select_for_update().filter(ballot=ballot, member=member).first()
        if answer is None:
            raise ValidationError(_("Chưa có ý kiến nào để xác nhận."))
        if answer.version != version:
            raise ValidationError(_("Ý kiến này vừa được thay đổi ở nơi khác. Hãy tải lại trang và làm lại."))
        answer.confirmed_at, answer.version = now, answer.version + 1
        answer.save(update_fields=["confirmed_at", "version"])
        if sign:
            _sign(ballot, answer, pin)
    return answer
