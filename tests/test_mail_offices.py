"""Every email about an office's work names the office: its reading name is the sender's display name (with
DEFAULT_FROM_EMAIL's address) and starts the subject, whichever office, whichever path sends it."""

from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from django.contrib.auth.models import User
from django.core import mail

from access.roles import DEPARTMENT_GROUP
from agenda.models import Agency, MonthlyPlan
from dossiers import reminders
from issuing.services import publish_plan
from meetings.models import Item
from proposals.models import Proposal
from proposals.notifications import decisions_made
from tests.communes import load_commune_plan
from tests.conftest import make_user
from ubnd_schedule import mail as emails
from workspace import notifications

PROVINCE = "Văn phòng UBND tỉnh Bắc Giang"


def sender_of(message):
    """The sender as a mail reader shows it: (display name, address) of the one mailbox of From."""
    (mailbox,) = getaddresses([str(message.message()["From"])])
    return str(make_header(decode_header(mailbox[0]))), mailbox[1]


def test_the_sender_is_the_offices_name_at_the_configured_address(settings):
    settings.DEFAULT_FROM_EMAIL = "Hệ thống chương trình công tác <chuongtrinh@ubnd.example.vn>"
    user = User(username="a", email="a@example.org")
    message = emails.message_to(
        user, lambda: "Tiêu đề", "workspace/email/password_reset_subject.txt", {}, office_name="X"
    )
    assert message.from_email == '"X" <chuongtrinh@ubnd.example.vn>'
    named = emails.sender('UBND xã "Tân Yên", tỉnh Bắc Ninh')  # a comma or a quote keeps it one mailbox
    assert getaddresses([named]) == [('UBND xã "Tân Yên", tỉnh Bắc Ninh', "chuongtrinh@ubnd.example.vn")]
    assert emails.sender() == settings.DEFAULT_FROM_EMAIL  # mail of no office (a password reset)


@pytest.fixture
def commune_plan(sample_plan):
    return load_commune_plan()


@pytest.fixture
def commune_department(commune_plan):
    agency = Agency.objects.of(commune_plan.office).get(name="Phòng Kinh tế")
    return make_user("xa-phongkinhte", DEPARTMENT_GROUP, agency=agency)


@pytest.fixture
def province_department(sample_plan):
    return make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(name="Sở Kế hoạch và Đầu tư"))


def test_issuing_emails_name_each_office_in_sender_and_subject(
    commune_plan, sample_plan, commune_department, province_department, django_capture_on_commit_callbacks
):
    commune = commune_plan.office
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.plan_issued(publish_plan(commune_plan)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.plan_issued(publish_plan(sample_plan)) == 1
    to_commune, to_province = mail.outbox
    assert to_commune.to == ["xa-phongkinhte@example.org"] and to_province.to == ["sokhdt@example.org"]
    assert commune.reading_name.startswith("UBND xã Tân Yên")
    assert to_commune.subject == f"[{commune.reading_name}] Chương trình công tác tháng 01 năm 2024 đã ban hành"
    assert sender_of(to_commune) == (commune.reading_name, "vanphong@localhost")
    assert to_province.subject == f"[{PROVINCE}] Chương trình công tác tháng 01 năm 2024 đã ban hành"
    assert sender_of(to_province) == (PROVINCE, "vanphong@localhost")
    assert "Phương án giao dự toán thu, chi ngân sách xã năm 2024" in to_commune.body


def test_a_returned_plan_is_emailed_in_its_offices_name(commune_plan, django_capture_on_commit_callbacks):
    editor = User.objects.create_user("xa-chuyenvien", "xa-chuyenvien@example.org")
    reviewer = User.objects.create_user("xa-lanhdao", first_name="Văn Nam", last_name="Hoàng")
    MonthlyPlan.objects.filter(pk=commune_plan.pk).update(
        submitted_by=editor, review_comment="Bổ sung nội dung về chuyển đổi số"
    )
    returned = MonthlyPlan.objects.get(pk=commune_plan.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.plan_returned(returned, reviewer) == 1
    (message,) = mail.outbox
    assert message.subject.startswith(f"[{commune_plan.office.reading_name}] ")
    assert sender_of(message)[0] == commune_plan.office.reading_name


def test_decisions_on_a_communes_proposals_are_emailed_in_the_communes_name(
    commune_plan, commune_department, django_capture_on_commit_callbacks
):
    agency = Agency.objects.of(commune_plan.office).get(name="Phòng Kinh tế")
    proposal = Proposal.objects.create(
        agency=agency, lead=agency, year=2024, month=2, part=Item.Part.SESSION, title="Đề án chợ nông thôn"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_made([proposal]) == 1
    (message,) = mail.outbox
    name = commune_plan.office.reading_name
    assert message.subject == f"[{name}] Kết quả xem xét nội dung đăng ký (Phòng Kinh tế)"
    assert sender_of(message)[0] == name and message.body.startswith(f"{name} đã xem xét")


def test_dossier_reminders_of_a_communes_session_name_the_commune(
    commune_plan, commune_department, django_capture_on_commit_callbacks
):
    publish_plan(commune_plan)
    item = Item.objects.get(plan=commune_plan, title__startswith="Phương án giao dự toán")
    deadline = item.dossier_deadline(commune_plan.office.dossier_lead_days)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.dossier_reminders(deadline, 0) == 1
    (message,) = mail.outbox
    name = commune_plan.office.reading_name
    assert message.subject == f"[{name}] Nhắc gửi hồ sơ trình phiên họp (Phòng Kinh tế)"
    assert sender_of(message)[0] == name and f"{name} nhắc hạn gửi hồ sơ" in message.body
