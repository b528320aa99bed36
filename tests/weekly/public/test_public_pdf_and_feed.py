"""The week's PDF (WeasyPrint, A4 landscape, read back with pdftotext and pdfinfo) and the RSS of the weeks."""

import re
import subprocess
import xml.etree.ElementTree as ET

from django.utils import timezone

from tests.reference import normalise

from .conftest import CONFERENCE

PDF = "/bac-giang/lich-tuan/2024/03/pdf/"


def pdf_text(tmp_path, content, name="week.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    return normalise(text.stdout), info.stdout, fonts.stdout


def test_the_weeks_pdf_is_a4_landscape_with_the_offices_heading(client, tmp_path, published):
    _week, revision = published
    response = client.get(PDF)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="lich-tuan-03-2024.pdf"'
    text, info, fonts = pdf_text(tmp_path, response.content)
    assert re.search(r"Page size: +841.89 x 595.276 pts \(A4\)", info)  # landscape: wider than high
    assert "Liberation-Serif-UBND" in fonts and "emb" in fonts  # Liberation Serif 2.x, embedded
    assert "UBND TỈNH BẮC GIANG" in text and "VĂN PHÒNG" in text
    assert "LỊCH CÔNG TÁC TUẦN 03/2024" in text
    assert "(Từ ngày 15/01/2024 đến ngày 21/01/2024)" in text
    moment = timezone.localtime(revision.published_at).strftime("%H:%M %d/%m/%Y")
    assert f"Cập nhật lần cuối: {moment}" in text
    assert "Hội nghị tổng kết phong trào" in text and "Phiên họp thường kỳ UBND tỉnh tháng 01/2024" in text
    assert "Phó Chủ tịch Phan Thế Tuấn" in text and "Chủ trì: Sở Nội vụ" in text
    assert "Điều chỉnh lần" not in text


def test_the_pdf_of_an_adjustment_says_so_and_marks_the_change(client, tmp_path, adjusted):
    text, _info, _fonts = pdf_text(tmp_path, client.get(PDF).content)
    assert "(Điều chỉnh lần 1)" in text and "[Điều chỉnh]" in text and "Nhà khách tỉnh" in text
    assert "Nội dung điều chỉnh so với lần phát hành trước" in text and "Sửa địa điểm" in text


def test_the_pdf_is_the_same_bytes_each_time_and_answers_304_to_its_etag(client, published):
    first = client.get(PDF)
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert first["Last-Modified"]
    from django.core.cache import cache

    from public import cache as public_cache

    cache.clear()
    public_cache.clear_local()
    again = client.get(PDF)
    assert again.content == first.content and again["ETag"] == etag  # rendered again: the same bytes
    assert client.get(PDF, headers={"if-none-match": etag}).status_code == 304


def test_a_new_adjustment_replaces_the_kept_pdf(client, published):
    from .conftest import adjust_thursday

    week, _revision = published
    before = client.get(PDF)
    adjust_thursday(week)
    after = client.get(PDF)
    assert after["ETag"] != before["ETag"]
    assert client.get(PDF, headers={"if-none-match": before["ETag"]}).status_code == 200


def test_the_feed_lists_the_week_and_its_adjustment(client, adjusted):
    response = client.get("/bac-giang/lich-tuan/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Lịch công tác tuần – Văn phòng UBND tỉnh Bắc Giang"
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    assert titles == ["Lịch công tác tuần 03/2024 (Điều chỉnh lần 1)", "Lịch công tác tuần 03/2024"]
    assert all(item.findtext("link").endswith("/bac-giang/lich-tuan/2024/03/") for item in items)
    assert [item.findtext("guid") for item in items] == [
        "/bac-giang/lich-tuan/2024/03/#lan-2",
        "/bac-giang/lich-tuan/2024/03/#lan-1",
    ]
    assert "1 nội dung thay đổi." in items[0].findtext("description")
    assert CONFERENCE not in response.content.decode()  # titles and dates only


def test_the_feed_of_an_office_without_weeks_is_empty(client, office):
    channel = ET.fromstring(client.get("/bac-giang/lich-tuan/rss/").content).find("channel")
    assert channel.findall("item") == []
