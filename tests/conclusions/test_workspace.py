"""The Office drafts a notice in the workspace: started from the session's items, each item's conclusion,
tasks with the agency picker, deferred items; a stale page is refused and keeps what was typed; departments
cannot edit; the issuing deadline is shown and flagged when late; fixed query counts."""

import datetime

import pytest
from django.urls import reverse

from agenda.models import Agency
from conclusions.models import Conclusion, ConclusionSettings, Task
from programme.services import load_plan
from tests.conftest import make_user
from tests.factories import plan_data

pytestmark = pytest.mark.django_db


def list_url():
    return reverse("conclusions:list", args=["bac-giang"])


def edit_url(conclusion):
    return reverse("conclusions:edit", args=["bac-giang", conclusion.pk])


@pytest.fixture
def started(client, sample_plan, people):
    client.force_login(people["editor"])
    session = sample_plan.sessions.get()
    response = client.post(list_url(), {"session": session.pk})
    conclusion = Conclusion.objects.get()
    assert response.status_code == 302 and response.url == edit_url(conclusion)
    return conclusion


def test_a_notice_starts_with_one_entry_per_item_in_the_sessions_order(started, sample_plan):
    items = sorted(sample_plan.sessions.get().items.all(), key=lambda item: item.position)
    entries = list(started.entries.order_by("position"))
    assert [entry.item_id for entry in entries] == [item.pk for item in items]
    assert started.title == "Kết luận của Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng 01 năm 2024"


def test_the_list_shows_the_deadline_and_flags_it_late(client, started, today):
    today(datetime.date(2024, 1, 29))
    page = client.get(list_url()).text
    assert "26/01/2024" in page and "data-late" in page
    today(datetime.date(2024, 1, 25))
    assert "data-late" not in client.get(list_url()).text


def test_an_items_conclusion_is_saved_and_deferred(client, started):
    entry = started.entries.order_by("position").last()
    prefix = f"e{entry.pk}"
    data = {
        "entry": entry.pk,
        f"{prefix}-text": "Bổ sung đánh giá.",
        f"{prefix}-deferred": "2024-02",
        f"{prefix}-version": 1,
    }
    assert client.post(edit_url(started), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.text, entry.deferred_month, entry.deferred_year) == ("Bổ sung đánh giá.", 2, 2024)


def test_a_stale_page_is_refused_and_keeps_what_was_typed(client, started):
    entry = started.entries.first()
    prefix = f"e{entry.pk}"
    client.post(edit_url(started), {"entry": entry.pk, f"{prefix}-text": "Bản đầu", f"{prefix}-version": 1})
    response = client.post(edit_url(started), {"entry": entry.pk, f"{prefix}-text": "Bản cũ", f"{prefix}-version": 1})
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.text and "Bản cũ" in response.text
    entry.refresh_from_db()
    assert entry.text == "Bản đầu"


def test_a_task_is_added_with_lead_and_supporting_agencies(client, started):
    kh, tc = Agency.objects.get(short_name="Sở KHĐT"), Agency.objects.get(short_name="Sở Tư pháp")
    entry = started.entries.order_by("position").first()
    url = reverse("conclusions:task_add", args=["bac-giang", started.pk])
    bad = client.post(url, {"text": "Hoàn thiện báo cáo", "version": 1, "deadline": "2024-01-01", "agencies": [kh.pk]})
    assert bad.status_code == 400 and "Thời hạn phải sau ngày họp." in bad.text and "Hoàn thiện báo cáo" in bad.text
    data = {
        "text": "Hoàn thiện báo cáo",
        "version": 1,
        "deadline": "2024-02-15",
        "agencies": [kh.pk, tc.pk],
        "entry": entry.pk,
    }
    assert client.post(url, data).status_code == 302
    task = Task.objects.get()
    assert (task.lead, list(task.supporting.all()), task.item_id) == (kh, [tc], entry.item_id)
    assert "Hoàn thiện báo cáo" in client.get(edit_url(started)).text


def test_departments_cannot_open_or_edit(client, started):
    client.force_login(make_user("sokhdt", "department", agency=Agency.objects.get(short_name="Sở KHĐT")))
    assert client.get(edit_url(started)).status_code == 403
    assert client.post(reverse("conclusions:task_add", args=["bac-giang", started.pk]), {}).status_code == 403
    assert client.post(reverse("conclusions:submit", args=["bac-giang", started.pk])).status_code == 403


def test_the_whole_chain_through_the_pages(client, started, people):
    started.entries.update(text="Thống nhất.")
    assert client.post(reverse("conclusions:submit", args=["bac-giang", started.pk])).status_code == 302
    client.force_login(people["approver"])
    sign_url = reverse("conclusions:sign", args=["bac-giang", started.pk])
    page = client.get(sign_url)
    assert "Số: 01/TB-UBND" in page.text
    sha = page.context["draft"].sha256
    assert client.post(sign_url, {"sha256": sha}).status_code == 302
    client.force_login(people["clerk"])
    assert client.post(reverse("conclusions:seal", args=["bac-giang", started.pk])).status_code == 302
    started.refresh_from_db()
    assert started.status == Conclusion.Status.ISSUED


def test_the_drafting_page_runs_a_fixed_number_of_queries(client, loaded, people, django_assert_max_num_queries):
    client.force_login(people["editor"])
    url = edit_url(loaded)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code in (200, 302)
    for index in range(20):
        Task.objects.create(
            office=loaded.office, conclusion=loaded, text=f"Thêm {index}", lead=loaded.tasks.first().lead
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_list_runs_a_fixed_number_of_queries(client, started, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as small:
        assert client.get(list_url()).status_code == 200
    for month in (3, 4, 5):
        load_plan(plan_data(2024, month))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(list_url())
    assert page.text.count("data-session-date") > 2


def test_the_office_admin_sets_the_symbol_and_signature_block(client, sample_plan):
    admin = make_user("quantri", "office_admin")
    url = reverse("conclusions:settings", args=["bac-giang"])
    client.force_login(admin)
    assert url in client.get(reverse("workspace:office_admin", args=["bac-giang"])).text
    data = {"symbol": "TB-VP", "signer_authority": "TL. CHỦ TỊCH", "signer_title": "CHÁNH VĂN PHÒNG", "issue_days": 40}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "từ 1 đến 30" in refused.text and "TB-VP" in refused.text
    assert client.post(url, {**data, "issue_days": 3}).status_code == 302
    settings = ConclusionSettings.of(sample_plan.office)
    assert (settings.symbol, settings.issue_days) == ("TB-VP", 3)
    client.force_login(make_user("chuyenvien2", "editor"))
    assert client.get(url).status_code == 403
