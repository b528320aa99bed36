"""A ballot's way: drafted by the Office (editing refused on a stale version), sent for approval, approved and
sent by the approver (the voters frozen, the deadline fixed in working days, the members e-mailed), cancelled;
every step checks the right through access.permissions with the ballot's office and the state it leaves."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import Membership
from access.permissions import APPROVER, has_right, require_right
from agenda import dates
from ballots import permissions
from ballots.models import Ballot, BallotDocument, BallotSettings, Question, Voter
from jobs import outbox
from ubnd_schedule import mail

State = Ballot.State
#: The end of a deadline's day: members answer until the end of the last working day (24 giờ).
DEADLINE_TIME = datetime.time(23, 59, 59)


class StaleBallotError(ValidationError):
    """The ballot changed since the page was loaded: the change is refused, not written over the other one."""

    def __init__(self):
        super().__init__(_("Phiếu đã được người khác thay đổi sau khi bạn mở trang. Hãy tải lại trang và làm lại."))


def add_working_days(day, count):
    """The date ``count`` working days after ``day`` (weekends and Vietnam's public holidays skipped)."""
    for _step in range(count):
        day = dates.next_working_day(day)
    return day


def deadline_after(moment, working_days):
    """The deadline of a ballot sent at ``moment``: the end of the ``working_days``-th working day after it."""
    day = add_working_days(timezone.localdate(moment), working_days)
    return timezone.make_aware(datetime.datetime.combine(day, DEADLINE_TIME))


def new_ballot(office, user, *, title, summary="", item=None):
    """A draft ballot of ``office`` with its settings' deadline and rule, and one agree/disagree question."""
    require_right(user, "ballot.create", office)
    title = title or (item.title if item is not None else "")
    defaults = BallotSettings.of(office)
    with transaction.atomic():
        ballot = Ballot.objects.create(
            office=office,
            item=item,
            title=title,
            summary=summary,
            created_by=user,
            deadline_days=defaults.deadline_days,
            silence_counts_as_agreement=defaults.silence_counts_as_agreement,
            share_numerator=defaults.share_numerator,
            share_denominator=defaults.share_denominator,
            share_strict=defaults.share_strict,
            share_base=defaults.share_base,
        )
        Question.objects.create(ballot=ballot, position=1, text=_("Đồng ý với nội dung xin ý kiến"))
    return ballot


def _bump(ballot, version, *states):
    """Move the ballot's version on, refusing a stale ``version`` or a ballot no longer in ``states``."""
    changed = Ballot.objects.filter(pk=ballot.pk, version=version, state__in=states).update(version=F("version") + 1)
    if not changed:
        current = Ballot.objects.filter(pk=ballot.pk).values_list("state", flat=True).first()
        if current not in states:
            raise ValidationError(_("Phiếu không còn ở trạng thái cho phép thao tác này."))
        raise StaleBallotError
    ballot.version = version + 1


def update_ballot(ballot, user, version, **fields):
    """Save the draft's fields (title, summary, deadline days, the rule, the approver, …) at ``version``."""
    require_right(user, "ballot.edit", ballot.office)
    approver = fields.get("approver")
    if approver is not None and not has_right(approver, "ballot.approve_send", ballot.office):
        raise ValidationError(_("Người duyệt gửi phải là lãnh đạo của cơ quan."))
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT)
        for name, value in fields.items():
            setattr(ballot, name, value)
        ballot.full_clean(exclude=["result_file"])
        ballot.save()
    return ballot


def add_question(ballot, user, version, *, text, kind, options):
    require_right(user, "ballot.edit", ballot.office)
    if kind == Question.Kind.CHOICE and len(options) < 2:
        raise ValidationError(_("Câu hỏi chọn phương án cần ít nhất hai phương án, mỗi dòng một phương án."))
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT)
        position = ballot.questions.count() + 1
        options = options if kind == Question.Kind.CHOICE else []
        return Question.objects.create(ballot=ballot, position=position, text=text, kind=kind, options=options)


def remove_question(ballot, user, version, question_pk):
    require_right(user, "ballot.edit", ballot.office)
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT)
        ballot.questions.filter(pk=question_pk).delete()


def attach_documents(ballot, user, version, uploads):
    """Store ``uploads`` [(file, display name)] as the ballot's documents (default storage)."""
    require_right(user, "ballot.edit", ballot.office)
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT)
        for upload, name in uploads:
            document = BallotDocument(ballot=ballot, name=name, size=upload.size)
            document.file.save(f"{uuid.uuid4().hex}.pdf", upload, save=False)
            document.save()


def submit_for_approval(ballot, user, version):
    """The editor sends the draft to its approver: it needs a question, an approver and someone to ask."""
    require_right(user, "ballot.edit", ballot.office)
    if not ballot.questions.exists():
        raise ValidationError(_("Phiếu chưa có câu hỏi nào."))
    if ballot.approver_id is None:
        raise ValidationError(_("Hãy chọn lãnh đạo duyệt gửi phiếu."))
    if not permissions.voter_memberships(ballot.office, ballot.include_leaders):
        raise ValidationError(_("Cơ quan chưa có thành viên nào để xin ý kiến."))
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT)
        Ballot.objects.filter(pk=ballot.pk).update(state=State.AWAITING_APPROVAL)
        ballot.state = State.AWAITING_APPROVAL


def return_to_draft(ballot, user, version):
    """The approver returns the ballot to the Office for changes."""
    _require_approver(ballot, user)
    with transaction.atomic():
        _bump(ballot, version, State.AWAITING_APPROVAL)
        Ballot.objects.filter(pk=ballot.pk).update(state=State.DRAFT)
        ballot.state = State.DRAFT


def _require_approver(ballot, user):
    require_right(user, "ballot.approve_send", ballot.office)
    if user is not None and ballot.approver_id not in (None, user.pk) and not user.is_superuser:
        raise PermissionDenied


def approve_and_send(ballot, user, version, now=None, base_url=""):
    """The approver approves sending: the voters (the office's members, and its leaders when asked) are frozen,
    the deadline is fixed (unless the Office set one), and each voter is e-mailed in their language."""
    _require_approver(ballot, user)
    now = now or timezone.now()
    memberships = permissions.voter_memberships(ballot.office, ballot.include_leaders)
    if not memberships:
        raise ValidationError(_("Cơ quan chưa có thành viên nào để xin ý kiến."))
    with transaction.atomic():
        _bump(ballot, version, State.AWAITING_APPROVAL)
        ballot.state, ballot.sent_at = State.SENT, now
        ballot.deadline = deadline_after(now, ballot.deadline_days)
        ballot.save(update_fields=["state", "sent_at", "deadline"])
        Voter.objects.bulk_create(
            Voter(ballot=ballot, user=membership.user, position=index)
            for index, membership in enumerate(memberships, 1)
        )
    notify(ballot, [membership.user for membership in memberships], "ballots/email/ballot_sent.txt", base_url)
    return ballot


def cancel(ballot, user, version):
    require_right(user, "ballot.edit", ballot.office)
    with transaction.atomic():
        _bump(ballot, version, State.DRAFT, State.AWAITING_APPROVAL, State.SENT)
        Ballot.objects.filter(pk=ballot.pk).update(state=State.CANCELLED)
        ballot.state = State.CANCELLED


def approvers(office):
    """The users who may approve sending a ballot of ``office`` (its leaders)."""
    return [m.user for m in Membership.objects.filter(office=office, role=APPROVER).select_related("user")]


def ballot_url(ballot, base_url=""):
    return f"{base_url}{reverse('ballots:answer', args=[ballot.office, ballot.pk])}"


def notify(ballot, users, template, base_url="", subject=None):
    """E-mail ``users`` (those with an address) about ``ballot``, each in their language."""

    def default_subject():
        return _("Xin ý kiến thành viên UBND: %(title)s") % {"title": ballot.title[:120]}

    context = {"ballot": ballot, "url": ballot_url(ballot, base_url)}
    users = [user for user in users if user.email]
    messages = [
        mail.message_to(user, subject or default_subject, template, context, office_name=ballot.office.reading_name)
        for user in users
    ]
    # One e-mail per ballot, kind of notice, day and person, sent by a job (jobs.outbox).
    day = timezone.localdate().isoformat()
    return outbox.send(messages, [f"ballot:{ballot.pk}:{template}:{day}:{user.pk}" for user in users])
