"""A ballot's way through the services: sent to the members with a deadline in working days, answered (by the
member; prepared by a secretary and confirmed), refused after the deadline, reminded once, closed once with its
result sheet (read with pdftotext), the item's status following the outcome."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ballots import answers, services
from ballots.models import Ballot, Question, Secretary
from ballots.reminders import send_ballot_reminders
from ballots.results import close_ballot, close_due_ballots
from ballots.rules import AGREE, DISAGREE
from meetings.models import Item
from tests.ballots.conftest import SENT_AT, pdf_text, send_ballot
from tests.issuing.conftest import pdfsig_signatures


@pytest.fixture(autouse=True)
def _jobs_at_once(jobs_at_once):
    """E-mails leave through the outbox as soon as they are written (see tests/conftest.py)."""


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def agree_all(ballot, member, **kwargs):
    choices = {question.pk: (AGREE, "") for question in ballot.questions.all()}
    return answers.save_answer(ballot, member, member, choices, **kwargs)


def test_sending_freezes_the_members_fixes_the_deadline_and_writes_to_them(
    sample_plan, office, members, editor, approver
):
    ballot = send_ballot(office, editor, approver)
    assert ballot.state == Ballot.State.SENT
    assert sorted(ballot.voters.values_list("user__username", flat=True)) == ["uyvien", "uyvien2", "uyvien3"]
    # Thursday 18/01 + 5 working days: Fri 19, Mon 22, Tue 23, Wed 24, Thu 25 (the weekend skipped)
    assert timezone.localtime(ballot.deadline) == timezone.make_aware(datetime.datetime(2024, 1, 25, 23, 59, 59))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"{m.username}@example.org" for m in members)
    assert "Văn phòng UBND tỉnh Bắc Giang" in mail.outbox[0].subject and "25/01/2024" in mail.outbox[0].body


def test_the_deadline_skips_the_tet_holiday(office):
    # Wednesday 07/02/2024, then Tết (08–14/02) and the weekend: 15, 16, 19, 20, 21
    deadline = services.deadline_after(at(2024, 2, 7), 5)
    assert timezone.localtime(deadline).date() == datetime.date(2024, 2, 21)
    assert services.add_working_days(datetime.date(2024, 1, 19), 1) == datetime.date(2024, 1, 22)


def test_a_member_who_joins_after_sending_is_not_asked(sample_plan, office, members, editor, approver):
    from tests.conftest import make_user

    ballot = send_ballot(office, editor, approver)
    late = make_user("uyvienmoi", "member", office=office)
    with pytest.raises(PermissionDenied):
        agree_all(ballot, late, now=SENT_AT)


@pytest.mark.parametrize(("silence_counts", "outcome"), [(True, "passed"), (False, "not_passed")])
def test_one_answers_the_others_are_silent_the_rule_decides(
    sample_plan, office, members, editor, approver, silence_counts, outcome, tmp_path
):
    ballot = send_ballot(office, editor, approver, silence_counts_as_agreement=silence_counts)
    agree_all(ballot, members[0], confirm=True, now=SENT_AT)
    assert close_due_ballots(at(2024, 1, 25, 23)) == 0  # not yet due
    assert close_due_ballots(at(2024, 1, 26, 0)) == 1
    ballot.refresh_from_db()
    assert (ballot.state, ballot.outcome) == (Ballot.State.CLOSED, outcome)
    text = pdf_text(ballot.result_file.read(), tmp_path)
    assert "PHIẾU TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN UBND" in text
    assert "UBND TỈNH BẮC GIANG" in text and "VĂN PHÒNG" in text
    assert "Phê duyệt đề án thí điểm" in text
    assert "Đỗ Văn Hùng" in text and "Nguyễn Thị Hoa" in text
    assert text.count("Không trả lời") >= 3  # the row of the count, and the two silent members
    verdict = "ĐƯỢC THÔNG QUA" if outcome == "passed" else "KHÔNG ĐƯỢC THÔNG QUA"
    assert f"Vấn đề xin ý kiến {verdict}" in " ".join(text.split())
    rule = "không trả lời được tính là đồng ý" if silence_counts else "không trả lời không được tính"
    assert rule in " ".join(text.split())
    # sealed with the office's key, as its programmes are: poppler reads one valid signature over the whole file
    signatures = pdfsig_signatures(ballot.result_file.path)
    assert len(signatures) == 1
    assert signatures[0]["Signature Validation"] == "Signature is Valid."
    assert "Total document signed" in signatures[0], signatures[0]


def test_closing_twice_closes_once(sample_plan, office, members, editor, approver):
    ballot = send_ballot(office, editor, approver)
    after = at(2024, 2, 1)
    assert close_due_ballots(after) == 1
    first = Ballot.objects.get(pk=ballot.pk)
    assert close_due_ballots(after) == 0 and close_ballot(ballot, after) is False
    again = Ballot.objects.get(pk=ballot.pk)
    assert (again.result_file.name, again.version, again.closed_at) == (
        first.result_file.name,
        first.version,
        first.closed_at,
    )


def test_answers_after_the_deadline_are_refused(sample_plan, office, members, editor, approver):
    ballot = send_ballot(office, editor, approver)
    with pytest.raises(ValidationError, match="Đã hết hạn trả lời"):
        agree_all(ballot, members[0], now=at(2024, 1, 26, 0))
    agree_all(ballot, members[1], now=at(2024, 1, 25, 23))  # until the end of the last working day
    close_due_ballots(at(2024, 1, 26, 1))
    with pytest.raises(ValidationError, match="không còn nhận ý kiến"):
        agree_all(ballot, members[1], now=at(2024, 1, 25, 23))


def test_a_member_changes_the_answer_until_confirming_it(sample_plan, office, members, editor, approver):
    ballot = send_ballot(office, editor, approver)
    question = ballot.questions.get()
    member = members[0]
    saved = answers.save_answer(ballot, member, member, {question.pk: (DISAGREE, "")}, now=SENT_AT)
    changed = answers.save_answer(
        ballot, member, member, {question.pk: (AGREE, "Đề nghị bổ sung")}, version=saved.version, now=SENT_AT
    )
    with pytest.raises(ValidationError, match="vừa được thay đổi"):  # a page loaded before the change
        answers.save_answer(ballot, member, member, {question.pk: (DISAGREE, "")}, version=saved.version, now=SENT_AT)
    answers.confirm_answer(ballot, member, changed.version, now=SENT_AT)
    with pytest.raises(ValidationError, match="đã được xác nhận"):
        answers.save_answer(
            ballot, member, member, {question.pk: (DISAGREE, "")}, version=changed.version + 1, now=SENT_AT
        )


def test_a_secretary_prepares_and_the_member_confirms(sample_plan, office, members, editor, approver, clerk):
    ballot = send_ballot(office, editor, approver, silence_counts_as_agreement=False)
    member = members[0]
    question = ballot.questions.get()
    with pytest.raises(PermissionDenied):  # not (yet) their secretary
        answers.save_answer(ballot, clerk, member, {question.pk: (AGREE, "")}, now=SENT_AT)
    Secretary.objects.create(office=office, member=member, secretary=clerk)
    prepared = answers.save_answer(ballot, clerk, member, {question.pk: (AGREE, "")}, now=SENT_AT)
    assert prepared.prepared_by == clerk and prepared.confirmed_at is None
    with pytest.raises(PermissionDenied):  # a secretary never confirms
        answers.save_answer(ballot, clerk, member, {question.pk: (AGREE, "")}, confirm=True, version=1, now=SENT_AT)
    with pytest.raises(PermissionDenied):  # nor answers for a member they do not assist
        answers.save_answer(ballot, clerk, members[1], {question.pk: (AGREE, "")}, now=SENT_AT)
    answers.confirm_answer(ballot, member, prepared.version, now=SENT_AT)
    close_due_ballots(at(2024, 2, 1))
    ballot.refresh_from_db()
    assert ballot.outcome == Ballot.Outcome.NOT_PASSED  # 1 of 3, silence not counted


def test_an_unconfirmed_answer_is_silence(sample_plan, office, members, editor, approver):
    ballot = send_ballot(office, editor, approver, silence_counts_as_agreement=False, share_base="answers")
    question = ballot.questions.get()
    answers.save_answer(ballot, members[0], members[0], {question.pk: (DISAGREE, "")}, now=SENT_AT)
    agree_all(ballot, members[1], confirm=True, now=SENT_AT)
    close_due_ballots(at(2024, 2, 1))
    assert Ballot.objects.get(pk=ballot.pk).outcome == Ballot.Outcome.PASSED  # 1 of 1 answer


def test_reminders_go_once_the_day_before_the_deadline_to_those_who_have_not_answered(
    sample_plan, office, members, editor, approver
):
    ballot = send_ballot(office, editor, approver)
    agree_all(ballot, members[0], confirm=True, now=SENT_AT)
    mail.outbox.clear()
    assert send_ballot_reminders(at(2024, 1, 23)) == 0  # too early
    assert send_ballot_reminders(at(2024, 1, 24, 8)) == 2  # Wednesday, the working day before Thursday 25
    assert sorted(message.to[0] for message in mail.outbox) == ["uyvien2@example.org", "uyvien3@example.org"]
    assert send_ballot_reminders(at(2024, 1, 24, 15)) == 0
    assert send_ballot_reminders(at(2024, 1, 25, 8), office=office) == 0
    assert send_ballot_reminders(at(2024, 1, 26, 8)) == 0  # past the deadline: nothing


def test_the_item_status_follows_the_outcome(sample_plan, office, members, editor, approver):
    from issuing.services import publish_plan

    plan = publish_plan(sample_plan)
    passed_item, failed_item = Item.objects.filter(plan=plan).order_by("pk")[:2]
    send_ballot(office, editor, approver, item=passed_item)
    failed = send_ballot(office, editor, approver, item=failed_item, title="", silence_counts_as_agreement=False)
    assert failed.title == failed_item.title  # the item's title when none is given
    close_due_ballots(at(2024, 2, 1))
    assert Item.objects.get(pk=passed_item.pk).status == Item.Status.DONE
    assert Item.objects.get(pk=failed_item.pk).status == Item.Status.POSTPONED


def test_drafting_and_approval_rights_and_states(sample_plan, office, members, editor, approver):
    ballot = services.new_ballot(office, editor, title="Vấn đề khác")
    with pytest.raises(PermissionDenied):
        services.new_ballot(office, members[0], title="Thành viên không lập phiếu")
    with pytest.raises(ValidationError, match="lãnh đạo duyệt"):
        services.submit_for_approval(ballot, editor, ballot.version)
    services.update_ballot(ballot, editor, ballot.version, approver=approver)
    with pytest.raises(ValidationError, match="người khác thay đổi"):
        services.update_ballot(ballot, editor, ballot.version - 1, title="Ghi đè")
    with pytest.raises(ValidationError, match="phải là lãnh đạo"):
        services.update_ballot(ballot, editor, ballot.version, approver=editor)
    with pytest.raises(ValidationError, match="ít nhất hai phương án"):
        services.add_question(ballot, editor, ballot.version, text="Chọn", kind=Question.Kind.CHOICE, options=["A"])
    services.submit_for_approval(ballot, editor, ballot.version)
    with pytest.raises(PermissionDenied):
        services.approve_and_send(ballot, editor, ballot.version)
    with pytest.raises(ValidationError, match="trạng thái"):
        services.update_ballot(ballot, editor, ballot.version, title="Sửa khi chờ duyệt")
    services.return_to_draft(ballot, approver, ballot.version)
    services.submit_for_approval(ballot, editor, ballot.version)
    services.approve_and_send(ballot, approver, ballot.version, now=SENT_AT)
    services.cancel(ballot, editor, ballot.version)
    assert close_due_ballots(at(2024, 2, 1)) == 0


def test_a_member_signs_the_answer_with_their_own_key(sample_plan, office, members, editor, approver, tmp_path):
    ballot = send_ballot(office, editor, approver)
    member = members[0]
    question = ballot.questions.get()
    answer = answers.save_answer(
        ballot, member, member, {question.pk: (AGREE, "Nhất trí")}, confirm=True, sign=True, now=SENT_AT
    )
    assert answer.signed_pdf
    signatures = pdfsig_signatures(answer.signed_pdf.path)
    assert len(signatures) == 1 and signatures[0]["Signature Validation"] == "Signature is Valid."
    assert signatures[0]["Signer Certificate Common Name"].startswith("Đỗ Văn Hùng")  # the member's own (TEST) key
    text = " ".join(pdf_text(answer.signed_pdf.read(), tmp_path).split())
    assert "PHIẾU TRẢ LỜI LẤY Ý KIẾN THÀNH VIÊN UBND" in text and "Đồng ý — Nhất trí" in text


def test_a_failed_signature_leaves_the_answer_unconfirmed(sample_plan, office, members, editor, approver, settings):
    ballot = send_ballot(office, editor, approver)
    member = members[1]
    question = ballot.questions.get()
    settings.SIGNING_DEV_IDENTITIES = False  # and no token key declared for the member
    with pytest.raises(ValidationError, match="chưa được gán khóa ký số"):
        answers.save_answer(ballot, member, member, {question.pk: (AGREE, "")}, confirm=True, sign=True, now=SENT_AT)
    assert not ballot.answers.exists()


def test_a_ballot_sent_to_the_leaders_too_is_theirs_to_answer(sample_plan, office, members, editor, approver):
    ballot = send_ballot(office, editor, approver, include_leaders=True)
    assert ballot.voters.filter(user=approver).exists() and ballot.voters.count() == 4
    agree_all(ballot, approver, confirm=True, now=SENT_AT)
    only_members = send_ballot(office, editor, approver, title="Chỉ thành viên")
    with pytest.raises(PermissionDenied):
        agree_all(only_members, approver, now=SENT_AT)
