"""The public page of a week (/<office>/lich-tuan/…): week 3 of 2024 as published, with its header, today
highlighted, the adjustment marked, the navigation and the picker; the canonical addresses; the empty states."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.public.conftest import page_text
from weekly.models import WeekSettings

from .conftest import CONFERENCE, publish_week_3

PAGE = "/bac-giang/lich-tuan/2024/03/"


@pytest.fixture
def on_thursday(monkeypatch):
    """The clock reads Thursday 18 January 2024 (Vietnam time)."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return datetime.date(2024, 1, 18) if value is None else real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_week_3_shows_the_conference_of_thursday_and_the_session_of_friday(client, published):
    _week, revision = published
    response = client.get(PAGE)
    assert response.status_code == 200
    text = page_text(response)
    assert "LỊCH CÔNG TÁC TUẦN 03/2024" in text
    assert "(Từ ngày 15/01/2024 đến ngày 21/01/2024)" in text
    moment = timezone.localtime(revision.published_at).strftime("%H:%M %d/%m/%Y")
    assert f"Cập nhật lần cuối: {moment}" in text
    assert "Điều chỉnh lần" not in text
    thursday = _section(response, "20240118")
    assert CONFERENCE in thursday and "08:00" in thursday and "Hội trường tỉnh" in thursday
    assert "Phó Chủ tịch Phan Thế Tuấn" in thursday
    assert "Chủ trì: Sở Nội vụ" in thursday and "Phối hợp: Sở Kế hoạch và Đầu tư" in thursday
    assert "Mời: Sở Tư pháp" in thursday
    assert "Lãnh đạo các sở, ngành" in thursday and "Lãnh đạo Văn phòng, phòng Tổng hợp" in thursday
    friday = _section(response, "20240119")
    assert "Phiên họp thường kỳ UBND tỉnh tháng 01/2024" in friday and "Chủ tịch Nguyễn Văn Gấu" in friday
    assert "Không có lịch công tác." in _section(response, "20240121")  # Sunday
    body = response.content.decode()
    assert 'href="/bac-giang/co-quan/so-noi-vu/"' in body  # the agency's page
    assert "Lịch này thay giấy mời" not in text


def test_the_header_and_the_sections_read_in_order(client, published):
    body = client.get(PAGE).content.decode()
    days = re.findall(r'<h2 id="ngay-(\d{8})"', body)
    assert days == [f"202401{day}" for day in range(15, 22)]


def test_today_is_highlighted_and_this_week_is_the_clocks(client, published, on_thursday):
    response = client.get("/bac-giang/lich-tuan/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<h2 id="ngay-20240118" aria-current="date">', body)
    assert body.count('aria-current="date"') == 1 and "Hôm nay" in body
    assert "LỊCH CÔNG TÁC TUẦN 03/2024" in page_text(response)
    assert 'href="/bac-giang/lich-tuan/" aria-current="page"' in body
    # Another week shows no today.
    assert 'aria-current="date"' not in client.get("/bac-giang/lich-tuan/2024/04/").content.decode()


def test_an_adjustment_reads_dieu_chinh_lan_1_with_the_change_marked(client, adjusted):
    response = client.get(PAGE)
    text = page_text(response)
    assert "(Điều chỉnh lần 1)" in text
    body = response.content.decode()
    changed = re.findall(r'<li class="week-entry week-entry-changed" id="muc-([0-9a-f-]+)" data-changed>', body)
    assert len(changed) == 1
    thursday = _section(response, "20240118")
    assert "Nhà khách tỉnh" in thursday and "Hội trường tỉnh" not in thursday
    # Marked for sight and for screen readers alike.
    assert "nội dung này mới hoặc đã thay đổi so với lần công bố trước" in thursday
    changelog = body.split("data-changelog", 1)[1]
    assert "Sửa địa điểm" in changelog and f'href="#muc-{changed[0]}"' in changelog
    assert "Lịch tuần —" in text and "Điều chỉnh lần 1 —" in text  # the history of publications


def test_a_week_that_replaces_the_invitations_says_so(client, office, issued_january, leaders):
    WeekSettings.objects.create(office=office, replaces_invitation=True)
    publish_week_3(office)
    assert "Lịch này thay giấy mời" in page_text(client.get(PAGE))


def test_previous_this_and_next_week_and_the_picker(client, published, on_thursday):
    body = client.get(PAGE).content.decode()
    assert 'href="/bac-giang/lich-tuan/2024/02/" rel="prev"' in body
    assert 'href="/bac-giang/lich-tuan/2024/04/" rel="next"' in body
    assert '<form class="week-picker" method="get" action="/bac-giang/lich-tuan/"' in body
    assert '<input type="date" name="ngay"' in body and '<label class="form-label small mb-0" for="id_ngay">' in body
    response = client.get("/bac-giang/lich-tuan/?ngay=2024-01-18")
    assert (response.status_code, response["Location"]) == (302, PAGE)
    response = client.get("/bac-giang/lich-tuan/?ngay=2024-12-30")  # ISO week 1 of 2025
    assert response["Location"] == "/bac-giang/lich-tuan/2025/01/"


def test_a_bad_date_in_the_picker_is_explained_and_kept(client, published, on_thursday):
    response = client.get("/bac-giang/lich-tuan/?ngay=18-01-abc")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ngày không hợp lệ" in body and 'value="18-01-abc"' in body and 'aria-invalid="true"' in body


def test_the_week_number_has_two_digits_and_exists(client, published):
    for wrong in ("2024/3", "2024/54", "2024/53", "2024/00", "2024/ab", "2024/003", "24/03"):
        assert client.get(f"/bac-giang/lich-tuan/{wrong}/").status_code == 404, wrong
    response = client.get("/bac-giang/lich-tuan/2020/53/")  # 2020 has a week 53: not published
    assert response.status_code == 404 and "Lịch công tác tuần này chưa được công bố." in page_text(response)


def test_an_office_without_a_published_week_says_so(client, office, on_thursday):
    response = client.get("/bac-giang/lich-tuan/")
    assert response.status_code == 200
    assert "Chưa có lịch công tác tuần nào được công bố." in page_text(response)


def test_a_week_not_published_points_to_the_latest_one(client, published, on_thursday):
    response = client.get("/bac-giang/lich-tuan/2024/05/")
    assert response.status_code == 404
    assert 'href="/bac-giang/lich-tuan/2024/03/"' in response.content.decode()


def test_the_page_subscribes_to_each_leader_of_the_week(client, published):
    body = client.get(PAGE).content.decode()
    assert 'href="webcal://' in body
    assert "/bac-giang/lanh-dao/pho-chu-tich/lich.ics" in body and "/bac-giang/lanh-dao/chu-tich/lich.ics" in body
    assert "/bac-giang/lanh-dao/pho-chu-tich-thuong-truc/lich.ics" not in body  # named by no entry


def test_the_leaders_page_lists_each_leader_with_their_calendar(client, leaders):
    response = client.get("/bac-giang/lanh-dao/")
    assert response.status_code == 200
    text = page_text(response)
    assert text.index("Chủ tịch Nguyễn Văn Gấu") < text.index("Phó Chủ tịch Thường trực Mai Sơn")
    body = response.content.decode()
    host = settings.SITE_URL.split("://", 1)[1]
    for leader in leaders:
        assert f'href="webcal://{host}/bac-giang/lanh-dao/{leader.slug}/lich.ics"' in body
        assert f'href="/bac-giang/lanh-dao/{leader.slug}/lich.ics"' in body
    # Each link names its leader to a screen reader (the page lists several alike).
    assert '<span class="visually-hidden"> – Phó Chủ tịch Phan Thế Tuấn</span>' in body


def test_the_print_layout_is_a4_landscape(client, published):
    body = client.get(PAGE).content.decode()
    assert "/static/public/week.css" in body
    css = Path(finders.find("public/week.css")).read_text(encoding="utf-8")
    assert re.search(r"@media print \{\s*@page \{ size: A4 landscape;", css)


def _section(response, day):
    """The text of the day's section (``day``: YYYYMMDD)."""
    body = response.content.decode()
    start = body.index(f'aria-labelledby="ngay-{day}"')
    end = body.find("<section", start)
    from tests.public.conftest import _TextParser

    parser = _TextParser()
    parser.feed(body[start : end if end > 0 else len(body)])
    return " ".join("".join(parser.chunks).split())
