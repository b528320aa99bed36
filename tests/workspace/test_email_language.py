"""Emails are written in their recipient's language, not in the language of whoever triggered them.

Users store no language preference, so every email is Vietnamese, subject and month included,
even when the approver who issues or returns the plan reads the interface in English.
"""

import datetime

from django.core import mail
from django.utils import translation

from agenda import dates
from dossiers import reminders
from issuing.services import publish_plan
from workspace import notifications


def test_issuing_from_an_english_interface_emails_departments_in_vietnamese(
    february, department_user, django_capture_on_commit_callbacks
):
    plan = publish_plan(february)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert notifications.plan_issued(plan, base_url="http://testserver") == 1
        assert translation.get_language() == "en"  # the caller's language is left as it was
    message = mail.outbox[0]
    assert message.subject == "[Văn phòng UBND tỉnh Bắc Giang] Chương trình công tác tháng 02 năm 2024 đã ban hành"
    assert "đã được ban hành" in message.body and "Xem chương trình:" in message.body


def test_returning_from_an_english_interface_emails_the_editor_in_vietnamese(
    client, editor, approver, february, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post("/van-phong/bac-giang/ke-hoach/2024/02/gui-duyet/")
    february.refresh_from_db()
    february.review_comment = "Thiếu hội nghị tổng kết"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notifications.plan_returned(february, approver)
    message = mail.outbox[-1]
    assert message.subject == "[Văn phòng UBND tỉnh Bắc Giang] Chương trình công tác tháng 02 năm 2024 được trả lại"
    assert "được Lê Tuấn Phú trả lại để sửa" in message.body and "Ý kiến:" in message.body


def test_reminders_are_vietnamese_whatever_language_is_active(
    february, department_user, django_capture_on_commit_callbacks
):
    publish_plan(february)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert reminders.dossier_reminders(datetime.date(2024, 1, 29), 5) == 1
    assert mail.outbox[0].subject == "[Văn phòng UBND tỉnh Bắc Giang] Nhắc gửi hồ sơ trình phiên họp (Sở KHĐT)"
    assert "Văn phòng UBND tỉnh Bắc Giang nhắc hạn gửi hồ sơ" in mail.outbox[0].body


def test_the_month_follows_the_readers_language():
    assert dates.reader_month_label(2024, 2) == "tháng 02 năm 2024"
    with translation.override("en"):
        assert dates.reader_month_label(2024, 2) == "February 2024"
        subject = notifications._("Chương trình công tác %(month)s đã ban hành") % {
            "month": dates.reader_month_label(2024, 2)
        }
    assert subject == "Work programme (February 2024) issued"
