import datetime

from django.utils import timezone

from agenda import dates
from agenda.models import Office
from programme.services import copy_plan, load_plan
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import page_text
from tests.reference import assert_paragraphs_in_order, normalise


def test_plan_page_contains_every_reference_paragraph_in_order(client, published_sample):
    response = client.get("/bac-giang/ke-hoach/2024/01/")
    assert response.status_code == 200
    assert_paragraphs_in_order(page_text(response))


def test_plan_page_shows_the_header_block_before_the_title_and_parts(client, published_sample):
    text = normalise(page_text(client.get("/bac-giang/ke-hoach/2024/01/")))
    expected = [
        "UBND TỈNH BẮC GIANG",
        "VĂN PHÒNG",
        "Số: ",
        "/CTr-VP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Giang, ngày",
        "CHƯƠNG TRÌNH Công tác của UBND tỉnh tháng 01 năm 2024",
        "A. NHIỆM VỤ TRỌNG TÂM",
        "Nơi nhận:",
        "- Lưu: VT, TH.",
        "TL. CHỦ TỊCH",
    ]
    assert_paragraphs_in_order(text, expected)


def test_numbers_and_recipient_dashes_are_text_not_list_markers(client, published_sample):
    html = client.get("/bac-giang/ke-hoach/2024/01/").content.decode()
    document = html[html.index('<article class="document"') : html.index("</article>")]
    assert "<ol" not in document and "<li" not in document
    assert "<p>- Văn phòng Chính phủ;</p>" in document
    assert ">1. Dự thảo Báo cáo của UBND tỉnh" in document


def test_each_item_has_an_anchor_and_links_its_agencies(client, published_sample):
    item = published_sample.items.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    html = client.get("/bac-giang/ke-hoach/2024/01/").content.decode()
    assert f'id="muc-{item.pk}"' in html
    assert '<a href="/bac-giang/co-quan/cong-an-tinh/">Công an tỉnh</a> chuẩn bị);' in html


def test_each_priority_task_has_an_anchor(client, published_sample):
    html = client.get("/bac-giang/ke-hoach/2024/01/").content.decode()
    for number, task in enumerate(published_sample.priority_tasks.all(), 1):
        assert f'<p class="doc-task" id="nhiem-vu-{task.pk}">{number}. ' in html


def test_several_agencies_are_linked_by_short_name_lead_first(client, published_sample):
    html = client.get("/bac-giang/ke-hoach/2024/01/").content.decode()
    assert (
        '(<a href="/bac-giang/co-quan/so-noi-vu/">Sở Nội vụ</a>, '
        '<a href="/bac-giang/co-quan/so-ke-hoach-va-dau-tu/">Sở KHĐT</a> chuẩn bị).' in html
    )


def test_plan_page_links_the_pdf_and_the_calendar(client, published_sample):
    html = client.get("/bac-giang/ke-hoach/2024/01/").content.decode()
    assert 'href="/bac-giang/ke-hoach/2024/01/pdf/"' in html
    assert 'href="/bac-giang/ke-hoach/2024/01/lich.ics"' in html


def test_two_session_plan_reads_each_session_as_its_own_line(client, db):
    from tests.factories import two_session_plan

    load_and_publish(two_session_plan())
    text = normalise(page_text(client.get("/bac-giang/ke-hoach/2024/03/")))
    assert_paragraphs_in_order(
        text,
        [
            "Số: 01/CTr-VP",  # the register's, not the file's 15
            f"Bắc Giang, {dates.long_date(timezone.localdate())}",  # the signing day
            "I. Hội nghị UBND tỉnh thường kỳ",
            "Phiên ngày 05/3/2024 (thứ Ba):",
            "1. Dự thảo Kế hoạch tổ chức Tuần văn hóa - du lịch năm 2024 (Sở Văn hóa, Thể thao và Du lịch chuẩn bị);",
            "Phiên ngày 22/3/2024 (thứ Sáu), 08 giờ 00, tại Phòng họp số 1:",
            "1. Dự thảo Quyết định về lễ hội truyền thống (Sở VHTTDL, Sở Nội vụ, Công an tỉnh chuẩn bị).",
        ],
    )


def test_home_shows_the_current_months_published_plan(client, db, today):
    load_and_publish(plan_data(2024, 3))
    load_and_publish(plan_data(2024, 4))
    today(datetime.date(2024, 3, 10))
    text = normalise(page_text(client.get("/")))
    assert "Công tác của UBND tỉnh tháng 3 năm 2024" in text
    assert "tháng 4 năm 2024" not in text


def test_home_falls_back_to_the_latest_published_plan(client, db, today):
    load_and_publish(plan_data(2024, 3))
    load_and_publish(plan_data(2023, 11))
    load_plan(plan_data(2024, 5))  # a draft, later still: never shown
    today(datetime.date(2024, 8, 1))
    text = normalise(page_text(client.get("/")))
    assert "Công tác của UBND tỉnh tháng 3 năm 2024" in text


def test_home_without_any_published_plan_says_so(client, sample_plan):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có chương trình công tác nào được ban hành." in page_text(response)
    assert "Tập trung triển khai" not in page_text(response)


def test_amendment_replaces_the_superseded_plan_on_the_page(client, published_sample):
    from issuing.services import publish_plan
    from programme.services import start_amendment

    amendment = start_amendment(published_sample)
    amendment.items.filter(title__startswith="Kế hoạch công tác phòng, chống ma túy").update(
        title="Kế hoạch công tác phòng, chống ma túy và mại dâm năm 2024"
    )
    publish_plan(amendment)
    text = page_text(client.get("/bac-giang/ke-hoach/2024/01/"))
    assert "phòng, chống ma túy và mại dâm năm 2024" in text
    assert "Bản này điều chỉnh" in text


def test_published_plan_page_is_cacheable_and_revalidates(client, published_sample):
    response = client.get("/bac-giang/ke-hoach/2024/01/")
    assert "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    again = client.get("/bac-giang/ke-hoach/2024/01/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_office_settings_shape_the_header(client, published_sample):
    office = Office.objects.get_solo()
    office.parent_body = "UBND TỈNH THỬ NGHIỆM"
    office.document_symbol = "CTr-UBND"
    office.save()
    text = page_text(client.get("/bac-giang/ke-hoach/2024/01/"))
    assert "UBND TỈNH THỬ NGHIỆM" in text and "/CTr-UBND" in text


def test_copy_of_a_plan_stays_hidden_until_issued(client, published_sample):
    copy_plan(published_sample, year=2024, month=2)
    assert client.get("/bac-giang/ke-hoach/2024/02/").status_code == 404
