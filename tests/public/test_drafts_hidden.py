"""Nothing unpublished reaches an anonymous visitor: every public URL ignores drafts and superseded plans."""

import pytest

from agenda.models import Agency, MonthlyPlan
from issuing.services import publish_plan
from programme.services import start_amendment
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import page_text

DRAFT_MONTH_URLS = ["/bac-giang/ke-hoach/2024/01/", "/bac-giang/ke-hoach/2024/01/lich.ics"]
DRAFT_WORDS = "Dự thảo Kế hoạch công tác phòng, chống tham nhũng"


@pytest.mark.parametrize("url", DRAFT_MONTH_URLS)
def test_draft_months_urls_answer_404(client, sample_plan, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_MONTH_URLS)
def test_plan_in_review_answers_404(client, sample_plan, url):
    MonthlyPlan.objects.filter(pk=sample_plan.pk).update(status=MonthlyPlan.Status.IN_REVIEW)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", DRAFT_MONTH_URLS)
def test_draft_month_is_404_for_a_logged_in_staff_member_too(admin_client, sample_plan, url):
    assert admin_client.get(url).status_code == 404


def test_home_does_not_show_a_draft(client, sample_plan):
    assert DRAFT_WORDS not in page_text(client.get("/"))


def test_archive_lists_only_published_plans(client, sample_plan):
    load_and_publish(plan_data(2024, 3))
    text = page_text(client.get("/bac-giang/ke-hoach/"))
    assert "Công tác của UBND tỉnh tháng 3 năm 2024" in text
    assert "tháng 01 năm 2024" not in text


def test_feed_lists_only_published_plans(client, sample_plan):
    load_and_publish(plan_data(2024, 3))
    body = client.get("/bac-giang/ke-hoach/rss/").content.decode()
    assert "/bac-giang/ke-hoach/2024/03/" in body
    assert "/bac-giang/ke-hoach/2024/01/" not in body


def test_search_ignores_drafts(client, sample_plan):
    response = client.get("/tim-kiem/", {"q": "phong chong tham nhung"})
    assert "0 kết quả" in page_text(response)
    assert DRAFT_WORDS not in page_text(response)


def test_agency_page_and_calendar_ignore_drafts(client, sample_plan):
    page = page_text(client.get("/bac-giang/co-quan/thanh-tra-tinh/"))
    calendar = client.get("/bac-giang/co-quan/thanh-tra-tinh/lich.ics").content.decode()
    assert "phòng, chống tham nhũng" not in page
    assert "BEGIN:VEVENT" not in calendar


def test_agency_list_counts_only_published_items(client, sample_plan):
    # Named only in the draft: not listed at all (issue 10) unless an administrator lists it.
    assert "Thanh tra tỉnh" not in page_text(client.get("/bac-giang/co-quan/"))
    Agency.objects.filter(slug="thanh-tra-tinh").update(is_listed=True)
    text = page_text(client.get("/bac-giang/co-quan/"))
    assert "Thanh tra tỉnh" in text
    assert "0 nội dung" in text and "1 nội dung" not in text


def test_superseded_plan_and_unissued_amendment_never_show(client, sample_plan):
    issued = publish_plan(sample_plan)
    amendment = start_amendment(issued)
    amendment.items.filter(title__startswith="Dự thảo Kế hoạch công tác phòng, chống tham nhũng").update(
        title="Nội dung chỉ có trong bản điều chỉnh chưa ban hành"
    )
    hidden = "Nội dung chỉ có trong bản điều chỉnh"
    assert hidden not in page_text(client.get("/bac-giang/ke-hoach/2024/01/"))
    assert "0 kết quả" in page_text(client.get("/tim-kiem/", {"q": "ban dieu chinh chua ban hanh"}))

    publish_plan(amendment)  # now the first issue is superseded: its text is gone from search
    assert "1 kết quả" in page_text(client.get("/tim-kiem/", {"q": "ban dieu chinh chua ban hanh"}))
    results = page_text(client.get("/tim-kiem/", {"q": "phong chong tham nhung"}))
    assert "0 kết quả" in results
    assert client.get("/bac-giang/ke-hoach/2024/01/lich.ics").status_code == 200


def test_unknown_agency_answers_404(client, db):
    assert client.get("/bac-giang/co-quan/khong-co/").status_code == 404
    assert client.get("/bac-giang/co-quan/khong-co/lich.ics").status_code == 404


def test_month_outside_the_contract_does_not_resolve(client, db):
    assert client.get("/bac-giang/ke-hoach/2024/1/").status_code == 404
    assert client.get("/bac-giang/ke-hoach/2024/13/").status_code == 404


TASK_ONLY_WORDS = "tuyen quan nam 2024"  # the fifth priority task of the sample


def _task_links(client, query):
    return client.get("/tim-kiem/", {"q": query}).content.decode().count("#nhiem-vu-")


def test_search_ignores_the_priority_tasks_of_drafts(client, sample_plan):
    assert _task_links(client, TASK_ONLY_WORDS) == 0
    publish_plan(sample_plan)
    assert _task_links(client, TASK_ONLY_WORDS) == 1


def test_search_shows_the_priority_tasks_of_the_issued_amendment_only(client, sample_plan):
    issued = publish_plan(sample_plan)
    amendment = start_amendment(issued)
    task = amendment.priority_tasks.get(text__contains="tuyển quân")
    amendment.priority_tasks.filter(pk=task.pk).update(text="Nhiệm vụ chỉ có trong bản điều chỉnh chưa ban hành")
    assert _task_links(client, "nhiem vu chi co trong ban dieu chinh") == 0  # (an update sends no signal)
    assert _task_links(client, TASK_ONLY_WORDS) == 1

    publish_plan(amendment)  # the first issue is superseded; the amendment's text is read when it is issued
    html = client.get("/tim-kiem/", {"q": "nhiem vu chi co trong ban dieu chinh"}).content.decode()
    assert f"#nhiem-vu-{task.pk}" in html and html.count("#nhiem-vu-") == 1
    assert _task_links(client, TASK_ONLY_WORDS) == 0
