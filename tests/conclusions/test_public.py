"""The public pages of notices: only issued revisions (a draft or an amendment being drafted never leaks), the
PDF with immutable caching, links from the programme's page, the agency page, search and RSS; fixed query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agenda.models import Agency
from conclusions import chain
from conclusions.models import ConclusionRevision, ConclusionSettings
from issuing.services import publish_plan

pytestmark = pytest.mark.django_db

NOTICE = "/bac-giang/ket-luan/2024/01/19/"


@pytest.fixture
def issued(loaded, people):
    publish_plan(loaded.session.plan, approver=people["approver"], clerk=people["clerk"])
    return chain.publish_conclusion(loaded, approver=people["approver"], clerk=people["clerk"])


def test_a_draft_is_never_public(loaded, client):
    assert (
        reverse("conclusions_public:notice", kwargs={"office": "bac-giang", "year": 2024, "month": 1, "day": 19})
        == NOTICE
    )
    for url in (NOTICE, f"{NOTICE}pdf/", f"{NOTICE}ban/1/", f"{NOTICE}ban/1/pdf/"):
        assert client.get(url).status_code == 404
    assert "Kết luận" not in client.get("/bac-giang/ket-luan/rss/").text.split("<item>", 1)[-1]
    assert client.get("/bac-giang/tim-kiem/", {"q": "nông thôn mới"}).context.get("notices") in (None, [])


def test_the_issued_notice_and_its_pdf(issued, client):
    page = client.get(NOTICE)
    assert page.status_code == 200
    assert "Số: 01/TB-UBND" in page.text and "Thời hạn: 15/02/2024." in page.text
    redirect = client.get(f"{NOTICE}pdf/")
    assert redirect.status_code == 302 and redirect.url == f"{NOTICE}ban/1/pdf/"
    pdf = client.get(redirect.url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "immutable" in pdf["Cache-Control"] and "max-age=31536000" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content) == bytes(ConclusionRevision.objects.get().pdf)
    verified = client.get(f"{NOTICE}ban/1/")
    assert "Văn bản nguyên vẹn, chữ ký số hợp lệ." in verified.text


def test_an_amendment_being_drafted_does_not_leak(issued, people, client):
    conclusion = issued.conclusion
    chain.amend(conclusion, people["editor"])
    entry = conclusion.entries.get(position=1)
    entry.text = "BẢN NHÁP CHƯA BAN HÀNH"
    entry.save()
    assert "BẢN NHÁP CHƯA BAN HÀNH" not in client.get(NOTICE).text
    chain.publish_conclusion(conclusion, approver=people["approver"], clerk=people["clerk"])
    page = client.get(NOTICE).text
    assert "BẢN NHÁP CHƯA BAN HÀNH" in page and "02/TB-UBND" in page
    assert "Bản này đã được thay thế" in client.get(f"{NOTICE}ban/1/").text


def test_linked_from_the_programme_the_agency_search_and_rss(issued, client):
    plan_page = client.get("/bac-giang/ke-hoach/2024/01/").text
    assert NOTICE in plan_page
    agency = Agency.objects.get(short_name="Sở KHĐT")
    assert NOTICE in client.get(f"/bac-giang/co-quan/{agency.slug}/").text
    found = client.get("/bac-giang/tim-kiem/", {"q": "nong thon moi"})
    assert NOTICE in found.text
    feed = client.get("/bac-giang/ket-luan/rss/").text
    assert "Kết luận của Chủ tịch UBND tỉnh" in feed and f"{NOTICE}ban/1/" in feed


def test_the_notice_page_runs_a_fixed_number_of_queries(issued, people, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(10) as first:
        client.get(NOTICE)
    for _round in range(2):  # two more revisions
        chain.amend(issued.conclusion, people["editor"])
        chain.publish_conclusion(issued.conclusion, approver=people["approver"], clerk=people["clerk"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(NOTICE).status_code == 200


def test_the_signed_pdf_verifies_on_the_verification_page(issued, client):
    upload = SimpleUploadedFile("tb.pdf", bytes(issued.pdf), content_type="application/pdf")
    page = client.post("/xac-thuc/", {"file": upload})
    assert page.status_code == 200
    assert "là Thông báo kết luận số 01/TB-UBND đã ban hành" in page.text and NOTICE in page.text


def test_changing_the_settings_later_does_not_rewrite_an_issued_notice(issued, client):
    ConclusionSettings.objects.filter(office=issued.office).update(symbol="TB-KHAC", signer_title="PHÓ CHÁNH")
    page = client.get(NOTICE).text
    assert "Số: 01/TB-UBND" in page and "CHÁNH VĂN PHÒNG" in page and "TB-KHAC" not in page
