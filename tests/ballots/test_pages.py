"""The ballot pages: the Office drafts and sends through the pages, members answer theirs (refused after the
deadline with a message), a secretary prepares, rights per office (a non-member cannot answer, another office
sees nothing), the result sheet for the Office and members only, a fixed number of queries on the Office's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access.roles import CLERK, DEPARTMENT, MEMBER
from agenda.models import Agency
from ballots import services
from ballots.models import Answer, Ballot, Secretary
from ballots.results import close_due_ballots
from tests.ballots.conftest import office_staff, send_ballot
from tests.conftest import make_user
from tests.offices import create_commune
from tests.workspace.files import pdf_bytes


@pytest.fixture(autouse=True)
def _jobs_at_once(jobs_at_once):
    """E-mails leave through the outbox as soon as they are written (see tests/conftest.py)."""


def url(name, ballot, *args):
    return reverse(f"ballots:{name}", args=[ballot.office, ballot.pk, *args])


@pytest.fixture
def sent(sample_plan, office, members, editor, approver):
    return send_ballot(office, editor, approver, now=timezone.now())


def answer_post(ballot, choice="agree", **extra):
    question = ballot.questions.get()
    return {f"q{question.pk}": choice, f"c{question.pk}": "Góp ý thêm", "answer_version": 0, **extra}


def test_the_office_drafts_and_the_approver_sends_through_the_pages(
    client, sample_plan, office, members, editor, approver
):
    client.force_login(editor)
    page = client.post(reverse("ballots:create", args=[office]), {"title": "Chủ trương đầu tư", "summary": ""})
    ballot = Ballot.objects.get()
    assert page.url == url("detail", ballot)
    form = {
        "version": ballot.version,
        "title": "Chủ trương đầu tư dự án",
        "summary": "",
        "deadline_days": 5,
        "silence_counts_as_agreement": "on",
        "share_numerator": 1,
        "share_denominator": 2,
        "share_strict": "on",
        "share_base": "all",
        "approver": approver.pk,
    }
    client.post(url("edit", ballot), form)
    stale = client.post(url("edit", ballot), {**form, "title": "Ghi đè"}, follow=True)
    assert "người khác thay đổi" in stale.text
    ballot.refresh_from_db()
    assert ballot.title == "Chủ trương đầu tư dự án"
    refused = client.post(
        url("upload", ballot), {"version": ballot.version, "files": _upload("to-trinh.pdf", b"not a pdf")}, follow=True
    )
    assert "không phải tệp PDF hợp lệ" in refused.text, refused.text.split("<main")[1][:1500]
    client.post(url("upload", ballot), {"version": ballot.version, "files": _upload("to-trinh.pdf", pdf_bytes())})
    ballot.refresh_from_db()
    document = ballot.documents.get()
    assert client.post(url("step", ballot, "duyet-gui"), {"version": ballot.version}).status_code == 403
    client.post(url("step", ballot, "gui-duyet"), {"version": ballot.version})
    client.force_login(approver)
    ballot.refresh_from_db()
    page = client.post(url("step", ballot, "duyet-gui"), {"version": ballot.version}, follow=True)
    assert "Đã duyệt và gửi phiếu" in page.text
    assert Ballot.objects.get().state == Ballot.State.SENT
    client.force_login(members[0])
    assert client.get(reverse("ballots:document", args=[office, ballot.pk, document.pk])).status_code == 200


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_members_land_on_their_open_ballots_and_answer(client, sent, members):
    member = members[0]
    client.force_login(member)
    home = client.get(reverse("workspace:home", args=[sent.office]), follow=True)
    assert sent.title in home.text and "Chưa trả lời" in home.text
    assert reverse("ballots:list", args=[sent.office]) in home.text  # the menu's link
    assert client.get(url("detail", sent)).url == url("answer", sent)
    client.post(url("answer", sent), answer_post(sent, "disagree"))
    saved = Answer.objects.get(member=member)
    assert saved.confirmed_at is None
    client.post(url("answer", sent), answer_post(sent, "agree", answer_version=saved.version, **{"xac-nhan": "1"}))
    saved.refresh_from_db()
    assert saved.confirmed_at is not None and saved.choices.get().choice == "agree"
    assert saved.choices.get().comment == "Góp ý thêm"
    again = client.post(url("answer", sent), answer_post(sent, "disagree", answer_version=saved.version))
    assert again.status_code == 400 and "đã được xác nhận" in again.text


def test_an_answer_after_the_deadline_is_refused_with_a_message(client, sent, members):
    Ballot.objects.filter(pk=sent.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(members[0])
    page = client.get(url("answer", sent))
    assert "Đã hết hạn trả lời" in page.text and "data-answer-form" not in page.text
    refused = client.post(url("answer", sent), answer_post(sent))
    assert refused.status_code == 400 and "Đã hết hạn trả lời" in refused.text
    assert not Answer.objects.exists()


def test_a_secretary_prepares_on_the_page_and_the_member_confirms(client, sent, members, office):
    secretary = make_user("thuky", CLERK, office=office)
    Secretary.objects.create(office=office, member=members[0], secretary=secretary)
    client.force_login(secretary)
    listing = client.get(reverse("ballots:list", args=[office]))
    prepare = f"{url('answer', sent)}?thanh-vien={members[0].pk}"
    assert prepare in listing.text
    assert f"thanh-vien={members[1].pk}" not in listing.text
    client.post(prepare, answer_post(sent, "agree", **{"xac-nhan": "1"}))  # a secretary cannot confirm
    answer = Answer.objects.get()
    assert answer.prepared_by == secretary and answer.confirmed_at is None
    assert client.get(f"{url('answer', sent)}?thanh-vien={members[1].pk}").status_code == 404
    client.force_login(members[0])
    page = client.get(url("answer", sent))
    assert "chưa xác nhận" in page.text
    client.post(url("answer", sent), {"xac-nhan-ban-chuan-bi": "1"})
    answer.refresh_from_db()
    assert answer.confirmed_at is not None


def test_who_may_see_and_answer(client, sent, members, office, editor):
    department = make_user("sokhdt", DEPARTMENT, agency=Agency.objects.of(office).get(short_name="Sở KHĐT"))
    client.force_login(department)
    assert client.get(url("answer", sent)).status_code == 403
    assert client.post(url("answer", sent), answer_post(sent)).status_code == 403
    client.force_login(editor)  # the Office sees it, but is not a member
    assert client.get(url("detail", sent)).status_code == 200
    assert client.post(url("answer", sent), answer_post(sent)).status_code == 403
    commune = create_commune()
    stranger = make_user("xa.uyvien", MEMBER, office=commune)
    client.force_login(stranger)
    assert client.get(reverse("ballots:detail", args=[commune, sent.pk])).status_code == 404
    assert client.get(url("detail", sent)).status_code == 403  # not a member of the province's office
    assert not Answer.objects.exists()
    client.logout()
    assert client.get(url("detail", sent)).status_code == 302  # to the login page


def test_the_result_sheet_for_the_office_and_the_members(client, sent, members, editor):
    close_due_ballots(sent.deadline + datetime.timedelta(seconds=1))
    client.force_login(members[2])
    response = client.get(url("result", sent))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(editor)
    page = client.get(url("detail", sent))
    assert "Phiếu tổng hợp kết quả (PDF)" in page.text and 'data-outcome="passed"' in page.text


def test_the_office_sees_who_answered_and_reminds_the_others(client, sent, members, editor, mailoutbox):
    client.force_login(members[0])
    client.post(url("answer", sent), answer_post(sent, **{"xac-nhan": "1"}))
    client.force_login(editor)
    page = client.get(url("detail", sent))
    assert 'data-voter="uyvien" data-answered="1"' in page.text
    assert 'data-voter="uyvien2" data-answered="0"' in page.text
    mailoutbox.clear()
    client.post(url("remind", sent))
    client.post(url("remind", sent))  # once a day
    assert sorted(message.to[0] for message in mailoutbox) == ["uyvien2@example.org", "uyvien3@example.org"]


def test_the_commune_runs_its_own_ballot(client, sample_plan):
    commune = create_commune()
    editor, approver = office_staff(commune, "xa.")
    voters = [make_user(f"xa.uyvien{n}", MEMBER, office=commune) for n in (1, 2)]
    make_user("uyvien", MEMBER)  # the province's member is not asked
    ballot = send_ballot(commune, editor, approver, now=timezone.now())
    assert set(ballot.voters.values_list("user", flat=True)) == {user.pk for user in voters}
    client.force_login(voters[0])
    client.post(url("answer", ballot), answer_post(ballot, "disagree", **{"xac-nhan": "1"}))
    close_due_ballots(ballot.deadline)
    ballot.refresh_from_db()
    assert ballot.outcome == Ballot.Outcome.NOT_PASSED  # 1 silent of 2 is not more than half
    assert client.get(url("result", ballot)).status_code == 200


# The session, the user, the office, the user's memberships; the ballot (+ office, item, plan, approver); its
# questions, documents; voters (+ user), answers (+ preparer), choices.
DETAIL_QUERIES = 10


@pytest.mark.parametrize("count", [3, 40])
def test_the_office_page_runs_a_fixed_number_of_queries(
    client, sample_plan, office, editor, approver, count, django_assert_num_queries
):
    voters = [make_user(f"tv{n}", MEMBER, office=office) for n in range(count)]
    ballot = send_ballot(office, editor, approver, now=timezone.now())
    for voter in voters[::2]:
        client.force_login(voter)
        client.post(url("answer", ballot), answer_post(ballot, **{"xac-nhan": "1"}))
    client.force_login(editor)
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(url("detail", ballot))
    assert page.text.count('data-answered="1"') == (count + 1) // 2


def test_the_approver_sets_the_office_defaults_for_new_ballots(client, sample_plan, office, editor, approver):
    settings_url = reverse("ballots:settings", args=[office])
    client.force_login(editor)
    assert client.get(settings_url).status_code == 403
    client.force_login(approver)
    form = {"deadline_days": 7, "share_numerator": 2, "share_denominator": 3, "share_base": "all"}
    refused = client.post(settings_url, {**form, "share_numerator": 4})
    assert "không được quá 100%" in refused.text
    client.post(settings_url, form)  # silence no longer agrees, "at least" two thirds
    ballot = services.new_ballot(office, editor, title="Theo thiết lập mới")
    assert (ballot.deadline_days, ballot.silence_counts_as_agreement, ballot.share_strict) == (7, False, False)
    assert ballot.rule_label == "Từ 2/3 trở lên của tổng số thành viên; không trả lời không được tính"
    other = create_commune()
    assert services.new_ballot(other, make_user("xa.cv", "editor", office=other), title="Xã").deadline_days == 5


def test_the_approver_names_a_members_secretary_on_the_settings_page(client, sent, members, office, approver, editor):
    settings_url = reverse("ballots:settings", args=[office])
    client.force_login(approver)
    refused = client.post(settings_url, {"thu-ky": "1", "member": editor.pk, "secretary": members[1].pk})
    assert refused.status_code == 200 and not Secretary.objects.exists()  # not a member, not staff
    client.post(settings_url, {"thu-ky": "1", "member": members[0].pk, "secretary": editor.pk})
    assert Secretary.objects.get().secretary == editor
    client.force_login(editor)
    prepare = f"{url('answer', sent)}?thanh-vien={members[0].pk}"
    assert client.get(prepare).status_code == 200
    client.force_login(approver)
    client.post(reverse("ballots:remove_secretary", args=[office, Secretary.objects.get().pk]))
    client.force_login(editor)
    assert client.get(prepare).status_code == 404
