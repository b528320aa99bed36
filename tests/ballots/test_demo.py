"""The issue's "done means": a ballot sent to the demo's members closes with its result sheet, one member
answering and the others silent; the rule decides (silence counted: passed; not counted: not passed). The
commune of the demo has members too."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from agenda.models import Office
from ballots import answers
from ballots.models import Ballot
from ballots.results import close_due_ballots
from ballots.rules import AGREE
from meetings.models import Item
from tests.ballots.conftest import pdf_text, send_ballot


@pytest.fixture
def demo(db):
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())


def answer_agree(ballot, username):
    member = get_user_model().objects.get(username=username)
    choices = {question.pk: (AGREE, "") for question in ballot.questions.all()}
    answers.save_answer(ballot, member, member, choices, confirm=True)


def test_the_demo_ballot_closes_with_its_result_sheet_and_the_rule_decides(demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = Office.objects.get_solo()
    users = get_user_model().objects.in_bulk(["chuyenvien", "lanhdao"], field_name="username")
    sample = Ballot.objects.get(office=office)
    assert sample.state == Ballot.State.SENT and sample.silence_counts_as_agreement
    assert sorted(sample.voters.values_list("user__username", flat=True)) == ["uyvien", "uyvien2", "uyvien3", "uyvien4"]
    strict = send_ballot(
        office,
        users["chuyenvien"],
        users["lanhdao"],
        now=timezone.now(),
        title="Không tính im lặng",
        silence_counts_as_agreement=False,
    )
    for ballot in (sample, strict):
        answer_agree(ballot, "uyvien")
    call_command("send_ballot_reminders", stdout=io.StringIO())  # before the reminder day: nothing, no error
    out = io.StringIO()
    assert close_due_ballots(max(sample.deadline, strict.deadline)) == 2
    call_command("close_ballots", stdout=out)  # nothing left to close
    assert "0" in out.getvalue()
    sample.refresh_from_db()
    strict.refresh_from_db()
    assert sample.outcome == Ballot.Outcome.PASSED  # 1 agrees + 3 silent of 4
    assert strict.outcome == Ballot.Outcome.NOT_PASSED  # 1 of 4
    assert Item.objects.get(pk=sample.item_id).status == Item.Status.DONE
    text = " ".join(pdf_text(sample.result_file.read(), tmp_path).split())
    assert "PHIẾU TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN UBND" in text and "ĐƯỢC THÔNG QUA" in text
    assert "Đỗ Văn Hùng" in text and "Lê Thị Thu" in text


def test_the_demo_commune_has_members_to_ask(demo):
    commune = Office.objects.get(slug="xa-tan-yen")
    members = commune.memberships.filter(role="member").values_list("user__username", flat=True)
    assert sorted(members) == ["xa.uyvien", "xa.uyvien2"]
