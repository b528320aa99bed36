"""The public surface: feeds escape for readers that render HTML; agencies appear only once issued or listed."""

import html
import xml.etree.ElementTree as ET

from agenda.models import Agency
from meetings.models import ItemAgency
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import page_text

MARKUP = 'Công tác <script>alert("x")</script> & <b>đậm</b>'


def test_feed_title_with_markup_reaches_an_html_reader_as_text(client, db):
    load_and_publish(plan_data(2024, 3, title=MARKUP))
    body = client.get("/bac-giang/ke-hoach/rss/").content.decode()
    assert "<script>" not in body
    item = ET.fromstring(body).find("channel/item")
    # What the XML parser gives the reader is still HTML-escaped: rendering it shows the text.
    title = item.findtext("title")
    assert "<script>" not in title and "<b>" not in title
    assert html.unescape(title) == MARKUP
    description = item.findtext("description")
    assert "<" not in description


def test_agency_named_only_in_a_draft_is_not_public(client, sample_plan):
    # The sample is a draft: none of its agencies is named by an issued plan.
    draft_only = Agency.objects.create(name="Ban Chỉ Có Trong Dự Thảo", short_name="Ban DT")
    ItemAgency.objects.create(item=sample_plan.items.first(), agency=draft_only, position=9)
    slug = draft_only.slug
    assert client.get(f"/bac-giang/co-quan/{slug}/").status_code == 404
    assert client.get(f"/bac-giang/co-quan/{slug}/lich.ics").status_code == 404
    assert "Ban Chỉ Có Trong Dự Thảo" not in page_text(client.get("/bac-giang/co-quan/"))
    assert "Ban Chỉ Có Trong Dự Thảo" not in page_text(client.get("/tim-kiem/", {"q": "Ban Chi Co Trong Du Thao"}))
    assert not Agency.objects.publicly_listed().filter(pk=draft_only.pk).exists()


def test_agency_is_public_once_an_issued_plan_names_it(client, published_sample):
    named = Agency.objects.get(slug="so-noi-vu")
    assert Agency.objects.publicly_listed().filter(pk=named.pk).exists()
    assert client.get("/bac-giang/co-quan/so-noi-vu/").status_code == 200
    assert client.get("/bac-giang/co-quan/so-noi-vu/lich.ics").status_code == 200
    assert 'href="/bac-giang/co-quan/so-noi-vu/"' in client.get("/bac-giang/co-quan/").content.decode()


def test_agency_listed_by_an_administrator_is_public_without_a_plan(client, db):
    agency = Agency.objects.create(name="Sở Mới Thành Lập", short_name="Sở MTL")
    assert client.get(f"/bac-giang/co-quan/{agency.slug}/").status_code == 404
    agency.is_listed = True
    agency.save()
    assert client.get(f"/bac-giang/co-quan/{agency.slug}/").status_code == 200
    assert "Sở Mới Thành Lập" in page_text(client.get("/bac-giang/co-quan/"))


def test_publicly_listed_counts_each_agency_once(published_sample):
    load_and_publish(plan_data(2024, 3))
    listed = list(Agency.objects.publicly_listed().values_list("pk", flat=True))
    assert len(listed) == len(set(listed)) > 0
