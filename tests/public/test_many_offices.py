"""Many offices on one site (issue 20): each office's pages under its slug, its own rows only; the old URLs of the
first office answer forever; the platform's home and search span every office; kept answers go stale per office."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda import offices
from agenda.models import Agency, MonthlyPlan, Office
from agenda.signals import public_content_changed
from issuing.models import Revision
from public import cache as public_cache
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import COMMUNE, create_office, office_plan, page_text

COMMUNE_WORDS = "chuyển đổi cây vải thiều"
COMMUNE_AGENCY = "phong-van-hoa-xa-hoi"
PROVINCE_AGENCY = "so-ke-hoach-va-dau-tu"
PROVINCE_WORDS = "Chương trình MTQG xây dựng nông thôn mới năm 2024"  # an item of the sample


def get(client, url, **headers):
    """(response, body, number of queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, response.getvalue(), len(queries)


def forget_kept_answers():
    cache.clear()
    public_cache.clear_local()


@pytest.fixture
def two_offices(published_sample, commune):
    """The province's January issued (the sample) and the commune's January issued too: the same month."""
    return published_sample, office_plan(commune, 2024, 1, words=COMMUNE_WORDS)


# The URLs of the first office that were printed before offices were many --------------------------------------

MOVED = [
    ("/ke-hoach/", "/bac-giang/ke-hoach/"),
    ("/ke-hoach/2024/01/", "/bac-giang/ke-hoach/2024/01/"),
    ("/ke-hoach/2024/01/pdf/", "/bac-giang/ke-hoach/2024/01/pdf/"),
    ("/ke-hoach/2024/01/ban/1/", "/bac-giang/ke-hoach/2024/01/ban/1/"),
    ("/ke-hoach/2024/01/ban/1/pdf/", "/bac-giang/ke-hoach/2024/01/ban/1/pdf/"),
    ("/ke-hoach/2024/01/ban/1/xac-thuc/", "/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/"),  # the QR codes
    ("/co-quan/", "/bac-giang/co-quan/"),
    (f"/co-quan/{PROVINCE_AGENCY}/", f"/bac-giang/co-quan/{PROVINCE_AGENCY}/"),
    (f"/co-quan/{PROVINCE_AGENCY}/?nam=2024", f"/bac-giang/co-quan/{PROVINCE_AGENCY}/?nam=2024"),
    ("/ke-hoach/2024/01/?utm_source=zalo", "/bac-giang/ke-hoach/2024/01/?utm_source=zalo"),
]
ANSWERED = [
    ("/ke-hoach/rss/", "/bac-giang/ke-hoach/rss/"),
    ("/ke-hoach/2024/01/lich.ics", "/bac-giang/ke-hoach/2024/01/lich.ics"),  # subscribed calendars
    (f"/co-quan/{PROVINCE_AGENCY}/lich.ics", f"/bac-giang/co-quan/{PROVINCE_AGENCY}/lich.ics"),
]


@pytest.mark.parametrize(("old", "new"), MOVED)
def test_an_old_page_url_redirects_permanently_to_the_first_offices_page(client, two_offices, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


@pytest.mark.parametrize(("old", "new"), ANSWERED)
def test_an_old_calendar_or_feed_url_answers_the_first_offices_bytes_where_it_is(client, two_offices, old, new):
    response, body, _queries = get(client, old)
    assert response.status_code == 200
    _response, canonical, _queries = get(client, new)
    assert body == canonical
    text = body.decode().replace("\r\n ", "")
    assert "/bac-giang/" in text and COMMUNE not in text  # it links the canonical (prefixed) pages
    _response, kept, queries = get(client, old)
    assert kept == body and queries == 0  # kept as every public answer is


def test_every_url_ever_printed_still_answers_for_the_first_office(client, two_offices):
    """A QR code, a subscribed calendar, a feed, a bookmark: each answers (or leads) to the first office's."""
    printed = [old for old, _new in MOVED + ANSWERED] + ["/", "/xac-thuc/", "/tim-kiem/?q=nong+thon+moi", "/healthz"]
    for url in printed:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert all(hop.startswith("/bac-giang/") for hop, _status in response.redirect_chain), url
    assert PROVINCE_WORDS in page_text(client.get("/ke-hoach/2024/01/", follow=True))
    assert COMMUNE_WORDS not in page_text(client.get("/ke-hoach/2024/01/", follow=True))


def test_the_canonical_urls_are_the_prefixed_ones(two_offices):
    province_plan, commune_plan = two_offices
    commune = commune_plan.office
    assert province_plan.get_absolute_url() == "/bac-giang/ke-hoach/2024/01/"
    assert commune_plan.get_absolute_url() == f"/{COMMUNE}/ke-hoach/2024/01/"
    assert commune_plan.get_absolute_url() == reverse(
        "public:plan_detail", kwargs={"office": commune, "year": 2024, "month": 1}
    )
    agency = Agency.objects.of(commune).get(slug=COMMUNE_AGENCY)
    assert agency.get_absolute_url() == reverse("public:agency_detail", args=[COMMUNE, COMMUNE_AGENCY])
    revision = Revision.objects.of(commune).get(year=2024, month=1, number=1)
    assert revision.get_verify_url() == f"/{COMMUNE}/ke-hoach/2024/01/ban/1/xac-thuc/"
    assert revision.get_pdf_url() == f"/{COMMUNE}/ke-hoach/2024/01/ban/1/pdf/"
    assert reverse("public:legacy_revision_verify", args=[2024, 1, 1]) == "/ke-hoach/2024/01/ban/1/xac-thuc/"


def test_a_link_under_an_office_costs_no_query_once_the_process_knows_the_offices(
    two_offices, django_assert_num_queries
):
    plans = list(MonthlyPlan.objects.published().order_by("pk"))
    agencies = list(Agency.objects.order_by("pk"))
    offices._slugs.clear()  # a new process
    with django_assert_num_queries(1):  # every office's slug at once
        urls = [plan.get_absolute_url() for plan in plans] + [agency.get_absolute_url() for agency in agencies]
    with django_assert_num_queries(0):
        assert [plan.get_absolute_url() for plan in plans] + [agency.get_absolute_url() for agency in agencies] == urls
    assert {url.split("/")[1] for url in urls} == {"bac-giang", COMMUNE}
    offices._slugs.clear()
    Office.objects.get(slug=COMMUNE)  # an office the process loads is known from then on
    with django_assert_num_queries(0):
        assert two_offices[1].get_absolute_url() == f"/{COMMUNE}/ke-hoach/2024/01/"


def test_the_qr_code_of_a_communes_pdf_prints_its_own_verification_url(two_offices, tmp_path):
    from tests.issuing.conftest import pdftotext

    _province_plan, commune_plan = two_offices
    revision = Revision.objects.of(commune_plan.office).get(year=2024, month=1)
    path = tmp_path / "xa.pdf"
    path.write_bytes(bytes(revision.pdf))
    assert f"http://127.0.0.1:8000/{COMMUNE}/ke-hoach/2024/01/ban/1/xac-thuc/" in pdftotext(path)


# Each office's own pages -----------------------------------------------------------------------------------------


def test_two_offices_with_the_same_month_each_see_their_own_programme(client, two_offices):
    province_plan, commune_plan = two_offices
    for slug, own, other in (("bac-giang", PROVINCE_WORDS, COMMUNE_WORDS), (COMMUNE, COMMUNE_WORDS, PROVINCE_WORDS)):
        for url in (f"/{slug}/", f"/{slug}/ke-hoach/2024/01/", f"/{slug}/tim-kiem/?q={own}"):
            text = page_text(client.get(url))
            assert own in text and other not in text, url
        archive = client.get(f"/{slug}/ke-hoach/").content.decode()
        assert archive.count("/ke-hoach/2024/01/") == 2 and f'href="/{slug}/ke-hoach/2024/01/"' in archive
        feed = client.get(f"/{slug}/ke-hoach/rss/").content.decode()
        assert feed.count("<item>") == 1 and f"/{slug}/ke-hoach/2024/01/" in feed
        calendar = client.get(f"/{slug}/ke-hoach/2024/01/lich.ics").content.decode().replace("\r\n ", "")
        assert f"/{slug}/ke-hoach/2024/01/" in calendar and other not in calendar
    assert "Phòng Văn hóa - Xã hội" in page_text(client.get(f"/{COMMUNE}/co-quan/"))
    assert "Phòng Văn hóa - Xã hội" not in page_text(client.get("/bac-giang/co-quan/"))
    province_pdf = client.get("/bac-giang/ke-hoach/2024/01/pdf/").getvalue()
    commune_pdf = client.get(f"/{COMMUNE}/ke-hoach/2024/01/pdf/").getvalue()
    assert province_pdf == bytes(province_plan.revisions.get().pdf)
    assert commune_pdf == bytes(commune_plan.revisions.get().pdf) != province_pdf
    # Both issued "Bản 1" of January: each office's revision pages are its own.
    for slug, plan in (("bac-giang", province_plan), (COMMUNE, commune_plan)):
        page = client.get(f"/{slug}/ke-hoach/2024/01/ban/1/")
        assert page.status_code == 200 and plan.revisions.get().sha256 in page.content.decode()
        assert client.get(f"/{slug}/ke-hoach/2024/01/ban/1/pdf/").getvalue() == bytes(plan.revisions.get().pdf)


def test_an_unknown_office_answers_404(client, two_offices):
    for url in ("/khong-co/", "/khong-co/ke-hoach/2024/01/", "/khong-co/co-quan/", "/khong-co/ke-hoach/rss/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        f"/{COMMUNE}/co-quan/{PROVINCE_AGENCY}/",  # the province's agency under the commune's slug
        f"/{COMMUNE}/co-quan/{PROVINCE_AGENCY}/lich.ics",
        f"/bac-giang/co-quan/{COMMUNE_AGENCY}/",  # and the other way round
        f"/bac-giang/co-quan/{COMMUNE_AGENCY}/lich.ics",
        f"/co-quan/{COMMUNE_AGENCY}/lich.ics",  # the old URLs are the first office's only
        f"/{COMMUNE}/ke-hoach/2024/02/",  # a month only the province issued
        f"/{COMMUNE}/ke-hoach/2024/02/pdf/",
        f"/{COMMUNE}/ke-hoach/2024/02/lich.ics",
        f"/{COMMUNE}/ke-hoach/2024/02/ban/1/",
        f"/{COMMUNE}/ke-hoach/2024/02/ban/1/pdf/",
        f"/{COMMUNE}/ke-hoach/2024/02/ban/1/xac-thuc/",
    ],
)
def test_one_offices_slug_never_shows_another_offices_agency_or_month(client, two_offices, url):
    load_and_publish(plan_data(2024, 2))  # the province's February
    assert client.get(url).status_code == 404


def test_an_agency_slug_both_offices_have_shows_each_offices_own(client, two_offices):
    province_plan, commune_plan = two_offices
    Agency.objects.create(office=commune_plan.office, name="Sở Kế hoạch và Đầu tư", short_name="SKHĐT", is_listed=True)
    commune_page = page_text(client.get(f"/{COMMUNE}/co-quan/{PROVINCE_AGENCY}/"))
    province_page = page_text(client.get(f"/bac-giang/co-quan/{PROVINCE_AGENCY}/?nam=2024"))
    assert "Sở Kế hoạch và Đầu tư" in commune_page and "chưa có nội dung nào" in commune_page
    assert "Dự thảo Báo cáo của UBND tỉnh về tình hình kinh tế - xã hội tháng 1/2024" in province_page
    calendar = client.get(f"/{COMMUNE}/co-quan/{PROVINCE_AGENCY}/lich.ics").content.decode()
    assert "BEGIN:VEVENT" not in calendar


# Nothing unpublished, in any office ----------------------------------------------------------------------------

DRAFT_WORDS = "đề án ươm tơ chưa ban hành"
DRAFT_AGENCY = "Ban Quản lý vùng Ươm Tơ"


@pytest.mark.parametrize("drafting", ["bac-giang", COMMUNE])
def test_no_office_s_draft_shows_anywhere_to_an_anonymous_visitor(client, two_offices, drafting):
    office = Office.objects.get(slug=drafting)
    office_plan(office, 2024, 2, words=DRAFT_WORDS, agency=DRAFT_AGENCY, publish=False)
    draft_agency = Agency.objects.of(office).get(name=DRAFT_AGENCY).slug
    shown = ["/", "/tim-kiem/?q=uom+to+chua+ban+hanh", "/tim-kiem/?q=quan+ly+vung+uom+to", "/xac-thuc/"]
    for slug in ("bac-giang", COMMUNE):
        shown += [
            f"/{slug}/",
            f"/{slug}/ke-hoach/",
            f"/{slug}/ke-hoach/rss/",
            f"/{slug}/ke-hoach/2024/01/",
            f"/{slug}/ke-hoach/2024/01/lich.ics",
            f"/{slug}/ke-hoach/2024/01/ban/1/",
            f"/{slug}/co-quan/",
            f"/{slug}/tim-kiem/?q=uom+to+chua+ban+hanh",
        ]
    shown += ["/ke-hoach/rss/", f"/co-quan/{PROVINCE_AGENCY}/lich.ics"]
    for url in shown:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert DRAFT_WORDS not in body and DRAFT_AGENCY not in body and "2024/02" not in body, url
    hidden = [f"/{drafting}/ke-hoach/2024/02/{tail}" for tail in ("", "pdf/", "lich.ics", "ban/1/", "ban/1/xac-thuc/")]
    hidden += [f"/{drafting}/co-quan/{draft_agency}/", f"/{drafting}/co-quan/{draft_agency}/lich.ics"]
    for url in hidden:
        assert client.get(url, follow=True).status_code == 404, url
    for query in ("uom to chua ban hanh", "quan ly vung uom to"):
        assert "0 kết quả" in page_text(client.get("/tim-kiem/", {"q": query}))


# The platform's pages --------------------------------------------------------------------------------------------


def test_with_a_single_office_the_home_is_that_offices_home(client, published_sample, today):
    today(published_sample.first_day)
    assert Office.objects.count() == 1
    platform, office = client.get("/"), client.get("/bac-giang/")
    assert platform.status_code == office.status_code == 200
    assert page_text(platform) == page_text(office)
    assert PROVINCE_WORDS in page_text(platform)


def test_the_platform_home_lists_the_offices_province_first_each_with_its_latest_programme(client, two_offices):
    _province_plan, commune_plan = two_offices
    commune = commune_plan.office
    office_plan(commune, 2024, 2, words="mùa vải sớm")
    create_office("so-noi-vu", name="SỞ NỘI VỤ", place="Bắc Giang", code="000.00.31.H07", level="so")
    create_office("xa-an-binh", name="UBND XÃ AN BÌNH", place="An Bình", code="000.00.31.H08")
    html = client.get("/").content.decode()
    order = [html.index(f'data-office="{slug}"') for slug in ("bac-giang", "so-noi-vu", "xa-an-binh", COMMUNE)]
    assert order == sorted(order)
    text = page_text(client.get("/"))
    for heading in ("Cấp tỉnh", "Sở, ngành", "Cấp xã"):
        assert heading in text
    assert 'href="/xa-tan-yen/"' in html and "UBND xã Tân Yên" in text and "Văn phòng UBND tỉnh Bắc Giang" in text
    assert f'href="/{COMMUNE}/ke-hoach/2024/02/"' in html  # its latest, not its January
    assert f'href="/{COMMUNE}/ke-hoach/2024/01/"' not in html
    assert 'href="/bac-giang/ke-hoach/2024/01/"' in html
    an_binh = html[html.index('data-office="xa-an-binh"') :]
    assert "Chưa có chương trình công tác nào được ban hành." in an_binh[: an_binh.index("</li>")]
    assert 'action="/tim-kiem/"' in html  # the search box of every office


def test_the_search_of_every_office_labels_each_hit_with_its_office(client, two_offices):
    html = client.get("/tim-kiem/", {"q": "bao cao"}).content.decode()
    assert 'data-office="bac-giang"' in html and f'data-office="{COMMUNE}"' in html
    assert f'<a href="/{COMMUNE}/" data-office="{COMMUNE}">UBND xã Tân Yên</a>' in html
    assert '<a href="/bac-giang/" data-office="bac-giang">Văn phòng UBND tỉnh Bắc Giang</a>' in html
    assert f'href="/{COMMUNE}/ke-hoach/2024/01/#muc-' in html and 'href="/bac-giang/ke-hoach/2024/01/#muc-' in html
    own = client.get(f"/{COMMUNE}/tim-kiem/", {"q": "bao cao"}).content.decode()
    assert f'href="/{COMMUNE}/ke-hoach/2024/01/#muc-' in own
    assert "/bac-giang/" not in own and "data-office=" not in own
    offices = page_text(client.get("/tim-kiem/", {"q": "tan yen"}))
    assert "UBND xã Tân Yên" in offices[offices.index("Đơn vị") :]


def test_the_verification_page_names_the_office_that_issued_the_file_and_links_its_revision(client, two_offices):
    _province_plan, commune_plan = two_offices
    content = bytes(commune_plan.revisions.get().pdf)
    html = client.post("/xac-thuc/", {"file": SimpleUploadedFile("xa.pdf", content)}).content.decode()
    assert f'<a href="/{COMMUNE}/ke-hoach/2024/01/ban/1/">' in html
    assert f'<a href="/{COMMUNE}/">UBND xã Tân Yên</a>' in html
    kept = client.get(f"/{COMMUNE}/ke-hoach/2024/01/ban/1/xac-thuc/").content.decode()
    assert f'<a href="/{COMMUNE}/">UBND xã Tân Yên</a>' in kept


# Kept answers, per office -----------------------------------------------------------------------------------------

COMMUNE_KEPT = [
    f"/{COMMUNE}/",
    f"/{COMMUNE}/ke-hoach/",
    f"/{COMMUNE}/ke-hoach/rss/",
    f"/{COMMUNE}/ke-hoach/2024/01/",
    f"/{COMMUNE}/ke-hoach/2024/01/lich.ics",
    f"/{COMMUNE}/ke-hoach/2024/01/pdf/",
    f"/{COMMUNE}/co-quan/",
    f"/{COMMUNE}/co-quan/{COMMUNE_AGENCY}/lich.ics",
]
PROVINCE_KEPT = [
    "/bac-giang/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/ke-hoach/2024/01/pdf/",
    f"/bac-giang/co-quan/{PROVINCE_AGENCY}/lich.ics",
    "/ke-hoach/rss/",
    f"/co-quan/{PROVINCE_AGENCY}/lich.ics",
]


def keep(client, urls):
    for url in urls:
        assert get(client, url)[0].status_code == 200, url
        assert get(client, url)[2] == 0, url


def rendered_again(client, urls):
    return [url for url in urls if get(client, url)[2] > 0]


def test_a_publication_in_one_office_leaves_the_other_offices_kept_answers_kept(client, two_offices):
    keep(client, COMMUNE_KEPT + PROVINCE_KEPT + ["/"])
    load_and_publish(plan_data(2024, 3))  # the province issues March
    assert rendered_again(client, COMMUNE_KEPT) == []
    assert rendered_again(client, PROVINCE_KEPT + ["/"]) == [*PROVINCE_KEPT, "/"]
    assert "/bac-giang/ke-hoach/2024/03/" in client.get("/bac-giang/ke-hoach/").content.decode()

    office_plan(Office.objects.get(slug=COMMUNE), 2024, 3, words="mùa vải sớm")  # the commune issues March
    assert rendered_again(client, PROVINCE_KEPT) == []
    assert rendered_again(client, COMMUNE_KEPT + ["/"]) == [*COMMUNE_KEPT, "/"]


def test_a_change_of_one_offices_agency_or_settings_leaves_the_others_kept_answers_kept(client, two_offices):
    _province_plan, commune_plan = two_offices
    keep(client, COMMUNE_KEPT + PROVINCE_KEPT)
    Agency.objects.of(commune_plan.office).update(short_name="Phòng VH-XH")  # a bulk change names its office
    assert rendered_again(client, PROVINCE_KEPT) == []
    keep(client, COMMUNE_KEPT)
    province = Office.objects.get_solo()
    province.event_minutes = 90
    province.save()
    assert rendered_again(client, COMMUNE_KEPT) == []
    assert rendered_again(client, PROVINCE_KEPT) == PROVINCE_KEPT


def test_a_bulk_change_names_the_offices_it_concerns(two_offices):
    province_plan, commune_plan = two_offices
    commune = commune_plan.office
    received = []

    def receiver(sender, offices=None, **kwargs):
        received.append(offices)

    public_content_changed.connect(receiver, dispatch_uid="test_offices_named")
    try:
        Agency.objects.of(commune).update(is_listed=True)
        MonthlyPlan.objects.filter(pk=province_plan.pk).update(status=MonthlyPlan.Status.SUPERSEDED)
        MonthlyPlan.objects.filter(status=MonthlyPlan.Status.SUPERSEDED).update(status=MonthlyPlan.Status.PUBLISHED)
        Office.objects.filter(pk=commune.pk).update(event_minutes=60)
        MonthlyPlan.objects.filter(pk=commune_plan.pk).update(title="Tên khác")  # not a public field: nothing
        MonthlyPlan.objects.filter(pk=commune_plan.pk).update(status="published", office=F("office"))  # unknown
    finally:
        public_content_changed.disconnect(dispatch_uid="test_offices_named")
    province = Office.objects.get_solo()
    assert received == [[commune.pk], [province.pk], [province.pk], [commune.pk], None]


def test_a_change_no_office_can_be_placed_makes_every_kept_answer_stale(client, two_offices):
    keep(client, COMMUNE_KEPT + PROVINCE_KEPT)
    public_content_changed.send(sender=MonthlyPlan, offices=None)
    assert rendered_again(client, COMMUNE_KEPT + PROVINCE_KEPT) == COMMUNE_KEPT + PROVINCE_KEPT


# Query counts do not grow with the number of offices -------------------------------------------------------------


def query_counts(client, urls):
    counts = {}
    for url in urls:
        forget_kept_answers()
        response, _body, counts[url] = get(client, url)
        assert response.status_code == 200, url
    return counts


def test_query_counts_do_not_grow_with_the_number_of_offices(client, two_offices, today):
    today(two_offices[0].first_day)
    urls = [
        "/",
        "/tim-kiem/?q=vai+thieu",  # the commune's words: the same hits at both sizes
        *(
            f"/{slug}/{path}"
            for slug, agency in (("bac-giang", PROVINCE_AGENCY), (COMMUNE, COMMUNE_AGENCY))
            for path in (
                "",
                "ke-hoach/",
                "ke-hoach/rss/",
                "ke-hoach/2024/01/",
                "ke-hoach/2024/01/lich.ics",
                "ke-hoach/2024/01/ban/1/",
                "co-quan/",
                f"co-quan/{agency}/",
                f"co-quan/{agency}/lich.ics",
                "tim-kiem/?q=bao+cao",
            )
        ),
        "/ke-hoach/rss/",
        f"/co-quan/{PROVINCE_AGENCY}/lich.ics",
    ]
    with_two = query_counts(client, urls)
    for number in range(3):
        office = create_office(f"xa-so-{number}", name=f"UBND XÃ SỐ {number}", place="Xã", code=f"000.00.32.H0{number}")
        office_plan(office, 2024, 1, words=f"báo cáo của xã số {number}")
    assert Office.objects.count() == 5
    assert query_counts(client, urls) == with_two
    # Whether there are one or many: the offices, their latest programmes, the offices whose week is published.
    assert with_two["/"] == 4
    assert with_two["/bac-giang/ke-hoach/2024/01/"] == with_two[f"/{COMMUNE}/ke-hoach/2024/01/"] == 8  # + notices
