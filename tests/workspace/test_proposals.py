"""Proposals: a department registers items for a coming month; the Office accepts (into the draft),
defers or rejects them, several at once; the department sees each decision and gets an e-mail."""

import datetime

import pytest
from django.core import mail

from agenda.models import Agency, Office
from meetings.models import Item
from proposals.models import Proposal
from tests.workspace.files import docx_bytes, pdf_bytes, upload

INBOX = "/van-phong/bac-giang/ke-hoach/2024/02/de-xuat/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_january(time_machine):
    return time_machine(datetime.date(2024, 1, 10))


def propose(client, **fields):
    """Post the proposal form; ``lead`` and ``supporting`` become the picker's list, lead first."""
    lead = fields.pop("lead", Agency.objects.get(short_name="Sở KHĐT"))
    supporting = fields.pop("supporting", [])
    data = {
        "target": "2024-02",
        "part": "session",
        "title": "Dự thảo Nghị quyết về giá đất",
        "wished_date": "2024-02-19",
        "agencies": [lead.pk, *supporting],
        "basis": "Chương trình công tác năm 2024",
        "note": "",
    } | fields
    response = client.post("/van-phong/bac-giang/de-xuat/", data)
    if response.status_code == 302:
        client.get(response["Location"])  # read the confirmation, so that it shows on no other page
    return response


def test_department_proposes_an_item_with_supporting_agencies_and_a_letter(client, department_user, in_january):
    client.force_login(department_user)
    interior = Agency.objects.get(name="Sở Nội vụ")
    response = propose(client, supporting=[interior.pk], letter_file=upload("cong-van.pdf", pdf_bytes()))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.year, proposal.month, proposal.agency.short_name) == (2024, 2, "Sở KHĐT")
    assert proposal.ordered_agencies == [proposal.lead, interior]
    assert not proposal.is_late and proposal.letter_name == "cong-van.pdf" and proposal.letter_kind == "pdf"
    page = client.get("/van-phong/bac-giang/de-xuat/").content.decode()
    assert "Dự thảo Nghị quyết về giá đất" in page and "Chờ xem xét" in page


def test_the_proposal_form_picks_agencies_with_the_editors_picker_lead_first(client, department_user, in_january):
    from agenda.widgets import AgencyPicker
    from proposals.forms import ProposalForm

    assert isinstance(
        ProposalForm(agency=department_user.memberships.get().agency).fields["agencies"].widget, AgencyPicker
    )
    client.force_login(department_user)
    page = client.get("/van-phong/bac-giang/de-xuat/").content.decode()
    assert 'data-agency-picker data-name="agencies"' in page and "data-agency-search-url=" in page
    assert "multiple" not in page and "Ctrl" not in page  # no Ctrl-click list any more
    assert f'data-agency-id="{department_user.memberships.get().agency.pk}"' in page  # its own agency leads
    assert "Sở Nội vụ" in client.get("/van-phong/bac-giang/co-quan/", {"q": "noi vu"}).json()["results"][0]["name"]
    interior, planning = Agency.objects.get(name="Sở Nội vụ"), Agency.objects.get(short_name="Sở KHĐT")
    assert propose(client, lead=interior, supporting=[planning.pk]).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.ordered_agencies == [interior, planning]  # the order chosen: the first leads
    edit = client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/sua/").content.decode()
    assert edit.index(f'data-agency-id="{interior.pk}"') < edit.index(f'data-agency-id="{planning.pk}"')


def test_a_proposal_without_any_agency_or_with_a_closed_one_is_refused(client, department_user, in_january):
    client.force_login(department_user)
    response = client.post(
        "/van-phong/bac-giang/de-xuat/", {"target": "2024-02", "part": "chairman", "title": "Đề án", "agencies": []}
    )
    assert response.status_code == 200 and "Hãy chọn cơ quan chủ trì" in response.content.decode()
    closed = Agency.objects.get(name="Sở Nội vụ")
    Agency.objects.filter(pk=closed.pk).update(is_active=False)
    response = propose(client, supporting=[closed.pk])
    assert response.status_code == 200 and "Cơ quan đã chọn không còn trong danh mục" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_proposal_after_the_deadline_is_accepted_and_flagged_late(client, department_user, time_machine):
    Office.objects.filter(pk=1).update(proposal_deadline_day=20)
    Office.objects.get_solo()
    time_machine(datetime.date(2024, 1, 22))
    client.force_login(department_user)
    propose(client)
    assert Proposal.objects.get().is_late
    assert "đăng ký muộn" in client.get("/van-phong/bac-giang/de-xuat/").content.decode()


def test_a_letter_of_the_wrong_type_is_refused(client, department_user, in_january):
    client.force_login(department_user)
    response = propose(client, letter_file=upload("cong-van.docx", b"%PDF-1.7 renamed"))
    assert response.status_code == 200
    assert "không phải tệp PDF, DOCX hợp lệ" in response.content.decode()
    assert not Proposal.objects.exists()


def test_department_sees_and_changes_only_its_own_proposals(client, department_user, other_department_user, in_january):
    client.force_login(department_user)
    propose(client, letter_file=upload("cong-van.docx", docx_bytes()))
    proposal = Proposal.objects.get()
    client.force_login(other_department_user)
    assert "Dự thảo Nghị quyết về giá đất" not in client.get("/van-phong/bac-giang/de-xuat/").content.decode()
    assert client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/sua/").status_code == 404
    assert client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/cong-van/").status_code == 404
    client.force_login(department_user)
    response = client.post(
        f"/van-phong/bac-giang/de-xuat/{proposal.pk}/sua/",
        {"target": "2024-02", "part": "chairman", "title": "Đề án mới", "agencies": [proposal.lead_id]},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.part, proposal.title) == ("chairman", "Đề án mới")
    assert client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/cong-van/").status_code == 200


def test_editor_accepts_one_and_rejects_another_at_once_into_the_draft(
    client, february, department_user, editor, in_january, django_capture_on_commit_callbacks
):
    client.force_login(department_user)
    interior = Agency.objects.get(name="Sở Nội vụ")
    propose(client, supporting=[interior.pk])
    propose(client, title="Đề án không cần thiết", part="chairman", wished_date="")
    first, second = Proposal.objects.order_by("pk")
    client.force_login(editor)
    assert "Dự thảo Nghị quyết về giá đất" in client.get(INBOX).content.decode()
    version = february.version
    with django_capture_on_commit_callbacks(execute=True):  # the e-mails are sent once the decisions commit
        response = client.post(INBOX + "xu-ly/", {"proposals": [first.pk], "action": "accept"})
        assert response.status_code == 302
        client.post(INBOX + "xu-ly/", {"proposals": [second.pk], "action": "reject", "reason": "Chưa đủ hồ sơ"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "accepted" and first.item.plan == february
    assert first.item.part == "session" and first.item.session.date == datetime.date(2024, 2, 19)
    assert [agency.short_name for agency in first.item.ordered_agencies] == ["Sở KHĐT", "Sở Nội vụ"]
    assert second.status == "rejected" and second.reason == "Chưa đủ hồ sơ"
    february.refresh_from_db()
    assert february.version > version
    assert "Theo đăng ký của Sở KHĐT" in client.get("/van-phong/bac-giang/ke-hoach/2024/02/").text
    assert len(mail.outbox) == 2 and "Chưa đủ hồ sơ" in mail.outbox[1].body
    assert mail.outbox[0].to == ["sokhdt@example.org"] and "Đã đưa vào dự thảo" in mail.outbox[0].body
    assert "http://testserver/van-phong/bac-giang/de-xuat/" in mail.outbox[0].body
    client.force_login(department_user)
    page = client.get("/van-phong/bac-giang/de-xuat/").content.decode()
    assert "Đã đưa vào dự thảo" in page and "Chưa đủ hồ sơ" in page


def test_rejecting_needs_a_reason(client, department_user, editor, in_january):
    client.force_login(department_user)
    propose(client)
    client.force_login(editor)
    client.post(INBOX + "xu-ly/", {"proposals": [Proposal.objects.get().pk], "action": "reject", "reason": ""})
    assert Proposal.objects.get().status == "submitted"


def test_several_proposals_deferred_to_a_later_month_move_to_its_inbox(client, department_user, editor, in_january):
    client.force_login(department_user)
    propose(client)
    propose(client, title="Hội nghị tổng kết", part="conference", wished_date="2024-02-27")
    client.force_login(editor)
    pks = list(Proposal.objects.values_list("pk", flat=True))
    client.post(INBOX + "xu-ly/", {"proposals": pks, "action": "defer", "defer_to": "2024-03"})
    assert set(Proposal.objects.values_list("status", "month")) == {("deferred", 3)}
    assert "Hội nghị tổng kết" in client.get("/van-phong/bac-giang/ke-hoach/2024/03/de-xuat/").content.decode()
    assert "Hội nghị tổng kết" not in client.get(INBOX).content.decode()


def test_accepting_without_a_draft_for_the_month_changes_nothing(client, department_user, editor, in_january):
    client.force_login(department_user)
    propose(client)
    client.force_login(editor)
    response = client.post(INBOX + "xu-ly/", {"proposals": [Proposal.objects.get().pk], "action": "accept"})
    assert "Chưa có dự thảo chương trình" in client.get(response["Location"]).content.decode()
    assert Proposal.objects.get().status == "submitted"
    assert not Item.objects.filter(title="Dự thảo Nghị quyết về giá đất").exists()


def test_inbox_filters_by_agency_part_and_status(client, department_user, other_department_user, editor, in_january):
    client.force_login(department_user)
    propose(client)
    client.force_login(other_department_user)
    propose(client, title="Hội nghị đối ngoại", part="conference", lead=Agency.objects.get(name="Sở Ngoại vụ"))
    client.force_login(editor)
    page = client.get(INBOX, {"part": "conference"}).content.decode()
    assert "Hội nghị đối ngoại" in page and "giá đất" not in page
    foreign = Agency.objects.get(name="Sở Ngoại vụ")
    page = client.get(INBOX, {"agency": foreign.pk, "status": "submitted"}).content.decode()
    assert "Hội nghị đối ngoại" in page and "giá đất" not in page


def test_a_decided_proposal_can_no_longer_be_changed(client, department_user, editor, in_january):
    client.force_login(department_user)
    propose(client)
    proposal = Proposal.objects.get()
    client.force_login(editor)
    client.post(INBOX + "xu-ly/", {"proposals": [proposal.pk], "action": "reject", "reason": "Trùng nội dung"})
    client.force_login(department_user)
    assert client.get(f"/van-phong/bac-giang/de-xuat/{proposal.pk}/sua/").status_code == 403
    response = client.post(
        f"/van-phong/bac-giang/de-xuat/{proposal.pk}/sua/", {"target": "2024-02", "part": "chairman"}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.part == "session"


def test_office_staff_cannot_propose_and_departments_cannot_decide(client, department_user, editor, in_january):
    client.force_login(editor)
    assert client.get("/van-phong/bac-giang/de-xuat/").status_code == 403
    client.force_login(department_user)
    propose(client)
    response = client.post(INBOX + "xu-ly/", {"proposals": [Proposal.objects.get().pk], "action": "accept"})
    assert response.status_code == 403
    assert Proposal.objects.get().status == "submitted"


def test_the_inbox_of_a_month_without_a_plan_offers_to_create_it(client, published_january, editor, in_january):
    client.force_login(editor)
    page = client.get(INBOX).content.decode()
    assert 'href="/van-phong/bac-giang/ke-hoach/moi/?year=2024&amp;month=2"' in page
    assert "Lập chương trình tháng 02 năm 2024" in page
    new_month = client.get("/van-phong/bac-giang/ke-hoach/moi/", {"year": 2024, "month": 2}).content.decode()
    assert "tháng 02 năm 2024" in new_month and "Lập chương trình" in new_month
    issued = client.get("/van-phong/bac-giang/ke-hoach/2024/01/de-xuat/").content.decode()  # issued: nothing to create
    assert "/van-phong/bac-giang/ke-hoach/moi/" not in issued and "đã ban hành" in issued


def test_accepting_a_proposal_with_a_wished_date_creates_the_session_of_that_day_once(
    client, february, department_user, editor, in_january
):
    client.force_login(department_user)
    propose(client, wished_date="2024-02-26")  # the draft's only session is on 19/02
    propose(client, title="Đề án về đất rừng", wished_date="2024-02-26")
    propose(client, title="Báo cáo quý", wished_date="2024-02-19")
    client.force_login(editor)
    response = client.post(
        INBOX + "xu-ly/", {"proposals": list(Proposal.objects.values_list("pk", flat=True)), "action": "accept"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đã đưa 3 nội dung vào dự thảo." in page
    assert "Đã thêm phiên họp ngày 26/02/2024 (thứ Hai) theo ngày đề nghị" in page
    sessions = {proposal.title: proposal.item.session for proposal in Proposal.objects.select_related("item__session")}
    assert sessions["Dự thảo Nghị quyết về giá đất"].date == datetime.date(2024, 2, 26)
    assert sessions["Đề án về đất rừng"] == sessions["Dự thảo Nghị quyết về giá đất"]  # reused, not a second one
    assert sessions["Báo cáo quý"].date == datetime.date(2024, 2, 19)
    assert sorted(session.date.day for session in february.sessions.all()) == [19, 26]


def test_a_draft_without_sessions_takes_a_session_proposal_with_a_wished_date(
    client, published_january, department_user, editor, in_january
):
    from workspace.services import create_plan_from_previous

    february = create_plan_from_previous(Office.objects.get_solo(), 2024, 2, source=published_january)
    assert not february.sessions.exists()
    client.force_login(department_user)
    propose(client, wished_date="2024-02-20")
    propose(client, title="Đề án chưa có ngày", wished_date="")
    with_date, without_date = Proposal.objects.order_by("pk")
    client.force_login(editor)
    response = client.post(INBOX + "xu-ly/", {"proposals": [without_date.pk], "action": "accept"})
    assert "Dự thảo chưa có phiên họp thường kỳ nào" in client.get(response["Location"]).content.decode()
    without_date.refresh_from_db()
    assert without_date.status == "submitted"  # no day to hold it on: the Office adds a session first
    client.post(INBOX + "xu-ly/", {"proposals": [with_date.pk], "action": "accept"})
    with_date.refresh_from_db()
    assert with_date.status == "accepted" and with_date.item.session.date == datetime.date(2024, 2, 20)
