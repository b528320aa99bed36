import datetime
import xml.etree.ElementTree as ET

from django.conf import settings
from django.db import OperationalError, connection

from tests.factories import load_and_publish, plan_data
from tests.offices import create_commune
from tests.public.conftest import page_text


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    # The database server is the edge here: simulate it refusing connections.
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_feed_lists_published_plans_newest_first_as_rss(client, published_sample):
    load_and_publish(plan_data(2024, 3))
    response = client.get("/bac-giang/ke-hoach/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    links = [item.findtext("link") for item in channel.findall("item")]
    assert titles == ["Công tác của UBND tỉnh tháng 3 năm 2024", "Công tác của UBND tỉnh tháng 01 năm 2024"]
    # SITE_URL, not the request's host
    assert links == [
        f"{settings.SITE_URL}/bac-giang/ke-hoach/2024/03/",
        f"{settings.SITE_URL}/bac-giang/ke-hoach/2024/01/",
    ]
    # The first office's items keep the guids they had before offices were many: a reader lists none again.
    guids = [item.findtext("guid") for item in channel.findall("item")]
    assert [guid.split("#")[0] for guid in guids] == ["/ke-hoach/2024/03/", "/ke-hoach/2024/01/"]
    assert "UBND tỉnh Bắc Giang" in channel.findtext("title")


def test_another_offices_feed_names_it_and_its_own_addresses(client, published_sample):

    from issuing.services import publish_plan
    from programme.services import load_plan

    commune = create_commune()
    plan, _new = load_plan(plan_data(2024, 1), office=commune)
    publish_plan(plan)
    channel = ET.fromstring(client.get("/xa-tan-yen/ke-hoach/rss/").content).find("channel")
    assert commune.reading_name in channel.findtext("title")
    assert [item.findtext("guid").split("#")[0] for item in channel.findall("item")] == [
        "/xa-tan-yen/ke-hoach/2024/01/"
    ]


def test_pages_are_vietnamese_by_default_and_english_by_choice(client, published_sample, today):
    today(datetime.date(2024, 1, 2))  # the agency page shows the sample's deadlines while they are upcoming
    assert "Hạn gửi hồ sơ:" in page_text(client.get("/bac-giang/co-quan/cong-an-tinh/"))
    response = client.get("/ngon-ngu/en/", {"next": "/bac-giang/co-quan/cong-an-tinh/"})
    assert response.status_code == 302
    english = page_text(client.get("/bac-giang/co-quan/cong-an-tinh/"))
    assert "Dossier deadline:" in english
    assert "Search" in english and "Archive" in english
    # The document itself stays Vietnamese in English.
    plan_text = page_text(client.get("/bac-giang/ke-hoach/2024/01/"))
    assert "Download the digitally signed PDF" in plan_text
    assert "A. NHIỆM VỤ TRỌNG TÂM" in plan_text


def test_browser_language_alone_does_not_switch_to_english(client, published_sample):
    text = page_text(client.get("/bac-giang/co-quan/", headers={"accept-language": "en-US,en;q=0.9"}))
    assert "Cơ quan" in text


def test_every_page_has_landmarks_and_one_main_heading(client, published_sample):
    for url in [
        "/",
        "/bac-giang/ke-hoach/",
        "/bac-giang/ke-hoach/2024/01/",
        "/bac-giang/co-quan/",
        "/bac-giang/co-quan/so-noi-vu/",
        "/tim-kiem/?q=ma+tuy",
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        for landmark in ("<header", "<nav", '<main id="noi-dung"', "<footer"):
            assert landmark in html, (url, landmark)
        assert '<html lang="vi">' in html
