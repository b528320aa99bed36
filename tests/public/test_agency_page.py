import datetime

from agenda.models import Agency, MonthlyPlan, Office
from issuing.services import publish_plan
from programme.services import load_plan, start_amendment
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import page_text
from tests.reference import assert_paragraphs_in_order, normalise


def test_agency_list_links_every_active_public_agency_by_name(client, published_sample):
    Agency.objects.create(name="Sở Đã Sáp Nhập", short_name="Sở ĐSN", is_active=False, is_listed=True)
    html = client.get("/bac-giang/co-quan/").content.decode()
    for agency in Agency.objects.active().publicly_listed():
        assert f'<a href="/bac-giang/co-quan/{agency.slug}/">{agency.name}</a>' in html
    assert "Sở Đã Sáp Nhập" not in html


def test_agency_list_counts_follow_the_public_listing_rule(client, db):
    superseded, _created = load_and_publish(plan_data(2024, 1))
    publish_plan(start_amendment(superseded))
    assert MonthlyPlan.objects.get(pk=superseded.pk).status == MonthlyPlan.Status.SUPERSEDED
    draft = plan_data(2024, 2)
    draft["chairman_items"][0]["agencies"] = ["Sở Chỉ Có Trong Dự Thảo"]
    draft["agencies"].append({"name": "Sở Chỉ Có Trong Dự Thảo", "short_name": "Sở CCTDT"})
    load_plan(draft)
    load_and_publish(plan_data(2024, 3))
    Agency.objects.create(name="Sở Được Công Khai", short_name="Sở ĐCK", is_listed=True)
    listed = {agency.pk: agency.published_items for agency in Agency.objects.publicly_listed_with_counts()}
    assert set(listed) == set(Agency.objects.publicly_listed().values_list("pk", flat=True))
    assert Agency.objects.get(name="Sở Chỉ Có Trong Dự Thảo").pk not in listed
    assert listed[Agency.objects.get(name="Sở Được Công Khai").pk] == 0
    noi_vu = Agency.objects.get(slug="so-noi-vu")
    assert listed[noi_vu.pk] == noi_vu.assignments.filter(item__plan__status="published").count() > 0
    assert "Sở Chỉ Có Trong Dự Thảo" not in page_text(client.get("/bac-giang/co-quan/"))


def test_agency_page_shows_part_session_date_and_dossier_deadline(client, published_sample, today):
    today(datetime.date(2024, 1, 2))
    text = normalise(page_text(client.get("/bac-giang/co-quan/cong-an-tinh/")))
    assert_paragraphs_in_order(
        text,
        [
            "Sắp tới",
            "tháng 01 năm 2024",
            "Phiên họp thường kỳ Ngày 19/01/2024 (thứ Sáu)",
            "Đề nghị xây dựng Nghị quyết của HĐND về mức hỗ trợ",
            # 5 working days before Friday 19/01/2024: 18, 17, 16, 15, 12.
            "Hạn gửi hồ sơ: Ngày 12/01/2024 (thứ Sáu)",
            "Trình Chủ tịch UBND tỉnh",
            "Kế hoạch công tác phòng, chống ma túy năm 2024",
            "Đã qua",
            "Không có nội dung đã qua.",
        ],
    )


def test_chairman_items_and_conferences_have_no_dossier_deadline(client, published_sample, today):
    today(datetime.date(2024, 1, 2))
    text = normalise(page_text(client.get("/bac-giang/co-quan/bo-chi-huy-quan-su-tinh/")))
    assert "Kế hoạch thực hiện nhiệm vụ quốc phòng địa phương năm 2024" in text
    assert "Hạn gửi hồ sơ" not in text


def test_agency_page_names_the_other_agencies_of_an_item(client, published_sample, today):
    today(datetime.date(2024, 1, 2))
    text = normalise(page_text(client.get("/bac-giang/co-quan/so-noi-vu/")))
    assert "Cùng chuẩn bị: Sở Kế hoạch và Đầu tư" in text


def test_dossier_deadline_follows_the_office_setting_and_skips_tet(client, db, today):
    office = Office.objects.get_solo()
    office.dossier_lead_days = 3
    office.save()
    data = plan_data(2024, 2)
    data["regular_sessions"][0]["date"] = "2024-02-16"  # the Friday after Tết Giáp Thìn (08-14/02)
    load_and_publish(data)
    today(datetime.date(2024, 2, 1))
    text = normalise(page_text(client.get("/bac-giang/co-quan/so-ke-hoach-va-dau-tu/")))
    assert "Hạn gửi hồ sơ: Ngày 06/02/2024 (thứ Ba)" in text  # 15/02, then 07/02 and 06/02


def test_upcoming_months_come_first_then_past_months_latest_first(client, db, today):
    for month in (1, 2, 3, 4):
        load_and_publish(plan_data(2024, month))
    today(datetime.date(2024, 3, 18))  # the day before March's session
    text = normalise(page_text(client.get("/bac-giang/co-quan/so-y-te/")))
    upcoming, past = text.split("Đã qua", 1)
    assert upcoming.index("tháng 3 năm 2024") < upcoming.index("tháng 4 năm 2024")
    assert "tháng 02 năm 2024" not in upcoming
    assert past.index("tháng 02 năm 2024") < past.index("tháng 01 năm 2024")


def test_inactive_agency_keeps_its_page_for_old_plans(client, published_sample):
    Agency.objects.filter(slug="so-y-te").update(is_active=False)
    response = client.get("/bac-giang/co-quan/so-y-te/")
    assert response.status_code == 200
    assert "không còn hoạt động" in page_text(response)


def test_agency_page_labels_lead_and_supporting_items(client, published_sample, today):
    today(datetime.date(2024, 1, 2))
    page = client.get("/bac-giang/co-quan/so-noi-vu/").content.decode()
    assert "agency-role-lead" in page or "agency-role-support" in page
    for item in published_sample.items.filter(assignments__agency__slug="so-noi-vu"):
        lead = item.ordered_agencies[0].slug == "so-noi-vu"
        expected = '<span class="badge agency-role agency-role-lead">chủ trì</span>'
        if not lead:
            expected = '<span class="badge agency-role agency-role-support">phối hợp</span>'
        assert expected in page
