"""Races end in a message, never a 500: the second of two clicks on create, amend, submit, return, sign
and seal is refused with a Vietnamese message and a redirect, and the data stays as the first left it."""

import re

import pytest
from django.contrib.messages import get_messages

from agenda.models import MonthlyPlan, Office
from issuing.models import Revision
from programme.errors import WorkingCopyExistsError
from programme.services import new_plan, start_amendment
from workspace.services import create_plan_from_previous

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"
JAN = "/van-phong/bac-giang/ke-hoach/2024/01/"
NEW = "/van-phong/bac-giang/ke-hoach/moi/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def twice(client, url, data=None):
    first = client.post(url, data or {})
    second = client.post(url, data or {})
    return first, second


@pytest.fixture
def race(monkeypatch):
    """Make another request's working copy of ``year``/``month`` land right after our plan passed its
    validation (full_clean, which checks the constraint) and before our insert: the window of a real race.

    The test has one database connection, so the other request's row is rolled back with the transaction
    of the service that loses the race, where on PostgreSQL it stays (committed by the other request)."""

    def arrange(year, month, **fields):
        validate = MonthlyPlan.full_clean

        def full_clean_then_lose_the_race(plan, *args, **kwargs):
            validate(plan, *args, **kwargs)
            if plan.pk is None and (plan.year, plan.month) == (year, month):
                monkeypatch.setattr(MonthlyPlan, "full_clean", validate)
                MonthlyPlan.objects.create(year=year, month=month, **fields)

        monkeypatch.setattr(MonthlyPlan, "full_clean", full_clean_then_lose_the_race)

    return arrange


def test_second_click_on_create_opens_the_month_created_by_the_first(client, editor, published_january):
    client.force_login(editor)
    first, second = twice(client, NEW + "?year=2024&month=2")
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == FEB
    assert "Đã có chương trình tháng 02 năm 2024." in messages_of(second)
    assert MonthlyPlan.objects.for_month(2024, 2).count() == 1


def test_create_racing_another_request_gives_a_message_not_a_500(client, editor, published_january, race):
    client.force_login(editor)
    race(2024, 2)
    response = client.post(NEW + "?year=2024&month=2", {})
    assert response.status_code == 302 and response["Location"] == FEB
    assert any("vừa có bản đang soạn do một thao tác khác tạo" in message for message in messages_of(response))


def test_the_service_refuses_a_racing_insert_and_keeps_the_other_working_copy(published_january, race):
    race(2024, 4)
    with pytest.raises(WorkingCopyExistsError):
        new_plan(2024, 4, template=published_january)
    assert MonthlyPlan.objects.for_month(2024, 4).count() == 1  # the other request's, nothing of ours
    race(2024, 3)
    with pytest.raises(WorkingCopyExistsError):
        create_plan_from_previous(Office.objects.get_solo(), 2024, 3, source=published_january)


def test_second_click_on_amend_opens_the_amendment_started_by_the_first(client, editor, published_january):
    client.force_login(editor)
    first, second = twice(client, JAN + "dieu-chinh/", {"reason": "Lùi phiên họp"})
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == JAN
    assert any("Bản điều chỉnh" in message for message in messages_of(second))
    assert MonthlyPlan.objects.working().filter(amends=published_january).count() == 1


def test_amend_racing_another_request_gives_a_message_not_a_500(client, editor, published_january, race):
    client.force_login(editor)
    race(2024, 1, amends=published_january, amendment_number=published_january.amendment_number + 1)
    response = client.post(JAN + "dieu-chinh/", {"reason": "Lùi phiên họp"})
    assert response.status_code == 302 and response["Location"] == JAN
    assert any("vừa có bản đang soạn do một thao tác khác tạo" in message for message in messages_of(response))
    assert MonthlyPlan.objects.get(pk=published_january.pk).status == "published"


def test_amend_returns_the_working_copy_another_request_started(published_january, race):
    """Outside a transaction of its own (here: the test's), the other request's copy is found and returned."""
    race(2024, 1, amends=published_january, amendment_number=published_january.amendment_number + 1)
    with pytest.raises(WorkingCopyExistsError):
        new_plan(2024, 1, template=published_january, amends=published_january)
    assert start_amendment(published_january) == MonthlyPlan.objects.working().get(amends=published_january)


def test_second_submit_is_refused_with_a_message(client, editor, february):
    client.force_login(editor)
    first, second = twice(client, FEB + "gui-duyet/")
    assert first.status_code == 302 and second.status_code == 302
    assert "Chỉ gửi duyệt được chương trình đang là dự thảo hoặc đã được trả lại." in messages_of(second)
    february.refresh_from_db()
    assert february.status == "review" and february.version == 2


def test_second_return_is_refused_with_a_message(client, editor, approver, february):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    first, second = twice(client, FEB + "tra-lai/", {"comment": "Bổ sung"})
    assert first.status_code == 302 and second.status_code == 302
    assert any("Chỉ trả lại được" in message for message in messages_of(second))
    assert MonthlyPlan.objects.get(pk=february.pk).status == "returned"


def _sign_data(client):
    page = client.get(FEB + "ky/")
    return {"sha256": re.search(r"data-sha256>([0-9a-f]{64})<", page.text).group(1)}


def test_second_sign_and_second_seal_are_refused_with_a_message(client, editor, approver, clerk, february):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    first, second = twice(client, FEB + "ky/", _sign_data(client))
    assert first.status_code == 302 and second.status_code == 302
    assert "Chỉ ký được chương trình đã được gửi duyệt." in messages_of(second)
    assert MonthlyPlan.objects.get(pk=february.pk).status == "signed"

    client.force_login(clerk)
    first, second = twice(client, FEB + "phat-hanh/", {"note": ""})
    assert first.status_code == 302 and second.status_code == 302
    assert any("Chỉ đóng dấu, phát hành được" in message for message in messages_of(second))
    assert MonthlyPlan.objects.get(pk=february.pk).status == "published"
    assert Revision.objects.for_month(2024, 2).count() == 1
