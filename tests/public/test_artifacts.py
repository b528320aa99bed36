"""Issued pages and PDFs kept and served like files (public.cache), and made stale by what changes them."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from access.roles import EDITOR_GROUP
from agenda.models import Agency, MonthlyPlan, Office
from issuing import pdf_files
from issuing.services import publish_plan
from meetings.models import Item
from programme.services import start_amendment
from public import cache as public_cache
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PAGE = "/bac-giang/ke-hoach/2024/01/"
PDF = "/bac-giang/ke-hoach/2024/01/pdf/"
AGENCY = "Sở Kế hoạch và Đầu tư"


def get(client, url, **headers):
    """(response, body, number of queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    body = response.getvalue()
    return response, body, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        PAGE,
        "/",
        "/bac-giang/ke-hoach/2024/01/lich.ics",
        "/bac-giang/ke-hoach/",
        "/bac-giang/ke-hoach/rss/",
        "/bac-giang/co-quan/",
        "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/",
        "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/lich.ics",
        PDF,
        "/bac-giang/ke-hoach/2024/01/ban/1/",
        "/bac-giang/ke-hoach/2024/01/ban/1/pdf/",
        "/bac-giang/ke-hoach/2024/01/ban/1/xac-thuc/",
    ],
)
def test_a_public_answer_is_kept_and_served_without_the_database(client, published_sample, today, url):
    first, first_body, first_queries = get(client, url)
    assert first.status_code == 200 and first_queries > 0
    second, second_body, second_queries = get(client, url)
    assert second.status_code == 200
    assert second_queries == 0
    assert second_body == first_body
    assert second["ETag"] == first["ETag"]
    for header in ("Content-Type", "Cache-Control", "Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert second.get(header) == first.get(header), header


def test_the_etag_of_a_page_is_the_digest_of_its_body_and_answers_304_before_any_query(client, published_sample):
    response, body, _queries = get(client, PAGE)
    assert response["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    not_modified, empty, queries = get(client, PAGE, if_none_match=response["ETag"])
    assert not_modified.status_code == 304 and empty == b"" and queries == 0
    assert not_modified["ETag"] == response["ETag"]


def test_a_first_request_with_the_current_etag_gets_a_304(client, published_sample):
    response, _body, _queries = get(client, PAGE)
    public_cache.clear_local()
    cache.clear()  # nothing kept: the page is rendered again, then compared
    not_modified, _empty, _queries = get(client, PAGE, if_none_match=response["ETag"])
    assert not_modified.status_code == 304


def test_the_pdf_is_sent_from_a_file_named_by_its_digest(client, published_sample, settings):
    response, body, _queries = get(client, PDF)
    digest = hashlib.sha256(body).hexdigest()
    assert response["ETag"] == f'"{digest}"'
    assert pdf_files.pdf_path(digest).read_bytes() == body
    assert response.streaming  # a file response: the server sends it like a static file


def test_a_removed_pdf_file_is_written_again(client, published_sample):
    response, body, _queries = get(client, PDF)
    path = pdf_files.pdf_path(response["ETag"].strip('"'))
    path.unlink()
    again, again_body, _queries = get(client, PDF)
    assert again.status_code == 200 and again_body == body and path.exists()


def test_behind_nginx_the_pdf_is_handed_to_it(client, published_sample, settings):
    settings.ARTIFACT_SENDFILE = "x-accel-redirect"
    response, body, _queries = get(client, PDF)
    digest = response["ETag"].strip('"')
    assert body == b""
    assert response["X-Accel-Redirect"] == f"/_artifacts/pdf/{digest[:2]}/{digest}.pdf"
    assert response["Content-Type"] == "application/pdf"
    again, _body, queries = get(client, PDF)
    assert again["X-Accel-Redirect"] == response["X-Accel-Redirect"] and queries == 0


def test_a_renamed_agency_changes_the_kept_page(client, published_sample):
    _response, before, _queries = get(client, PAGE)
    assert AGENCY in before.decode()
    agency = Agency.objects.get(name=AGENCY)
    agency.name = "Sở Tài chính và Kế hoạch"
    agency.save()
    response, after, queries = get(client, PAGE)
    assert queries > 0  # rendered again
    assert "Sở Tài chính và Kế hoạch" in after.decode() and AGENCY not in after.decode()
    assert response["ETag"] != f'"{hashlib.sha256(before).hexdigest()}"'


def test_a_bulk_rename_changes_the_kept_agency_list(client, published_sample):
    _response, before, _queries = get(client, "/bac-giang/co-quan/")
    Agency.objects.filter(name=AGENCY).update(name="Sở Kế hoạch, Tài chính")
    _response, after, _queries = get(client, "/bac-giang/co-quan/")
    assert "Sở Kế hoạch, Tài chính" in after.decode() and after != before


def test_an_office_setting_changes_the_kept_page(client, published_sample):
    _response, before, _queries = get(client, PAGE)
    office = Office.objects.get_solo()
    office.name = "VĂN PHÒNG UBND TỈNH THỬ NGHIỆM"
    office.save()
    _response, after, _queries = get(client, PAGE)
    assert after != before


def test_an_amendment_changes_the_kept_page_and_pdf(client, published_sample):
    _response, page_before, _queries = get(client, PAGE)
    pdf_before, pdf_bytes_before, _queries = get(client, PDF)
    amendment = start_amendment(published_sample)
    removed = Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).first()
    removed.delete()
    publish_plan(amendment)
    _response, page_after, _queries = get(client, PAGE)
    assert page_after != page_before
    assert "Điều chỉnh lần 1" in page_after.decode()
    assert removed.title not in page_after.decode()
    pdf_after, pdf_bytes_after, _queries = get(client, PDF)
    assert pdf_after["ETag"] != pdf_before["ETag"] and pdf_bytes_after != pdf_bytes_before


def test_saving_a_draft_leaves_the_kept_pages_alone(client, published_sample):
    get(client, PAGE)
    token = public_cache.generation()
    amendment = start_amendment(published_sample)
    amendment.title = "Chưa ban hành"
    amendment.save()
    assert public_cache.generation() == token
    _response, body, queries = get(client, PAGE)
    assert queries == 0 and "Chưa ban hành" not in body.decode()


def test_a_staff_members_draft_pdf_is_never_kept_for_anybody_else(client, sample_plan):
    editor = make_user("bientap", EDITOR_GROUP)
    client.force_login(editor)
    draft, draft_body, _queries = get(client, PDF)
    assert draft.status_code == 200 and draft_body.startswith(b"%PDF-")
    assert "private" in draft["Cache-Control"]
    client.logout()
    anonymous, _body, _queries = get(client, PDF)
    assert anonymous.status_code == 404


def test_unpublished_months_are_never_kept(client, sample_plan):
    first, _body, _queries = get(client, PAGE)
    assert first.status_code == 404
    publish_plan(sample_plan)
    second, body, _queries = get(client, PAGE)
    assert second.status_code == 200 and "Công tác" in body.decode()


def test_each_language_has_its_own_kept_page(client, published_sample):
    _response, vietnamese, _queries = get(client, PAGE)
    client.cookies["django_language"] = "en"
    english, english_body, _queries = get(client, PAGE)
    assert english["Content-Language"] == "en"
    assert english_body != vietnamese
    del client.cookies["django_language"]
    _response, again, queries = get(client, PAGE)
    assert again == vietnamese and queries == 0


def test_a_new_day_renders_the_page_again(client, published_sample, monkeypatch):
    get(client, PAGE)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(public_cache.timezone, "localdate", lambda *args: tomorrow)
    _response, _body, queries = get(client, PAGE)
    assert queries > 0


def test_a_new_release_renders_the_page_again(client, published_sample, settings):
    get(client, PAGE)
    settings.RELEASE = "next-release"
    _response, _body, queries = get(client, PAGE)
    assert queries > 0


def test_search_and_workspace_answers_are_never_kept(client, published_sample):
    get(client, "/tim-kiem/?q=ke+hoach")
    _response, _body, queries = get(client, "/tim-kiem/?q=ke+hoach")
    assert queries > 0
    assert public_cache.key(client.get("/van-phong/").wsgi_request) is None


def test_the_local_copies_stay_within_their_bound():
    local = public_cache._LocalEntries(max_bytes=1000)
    for index in range(50):
        local.put(f"k{index}", public_cache.Entry(200, {}, '"x"', body=b"x" * 100))
    assert local.bytes <= 1000 and len(local.entries) == 10
    assert local.get("k49") is not None and local.get("k0") is None
    local.put("big", public_cache.Entry(200, {}, '"x"', body=b"x" * 600))  # over a quarter: not copied
    assert local.get("big") is None


def test_a_pdf_file_is_written_only_from_content_matching_its_digest(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    with pytest.raises(ValueError):
        pdf_files.pdf_file("0" * 64, b"%PDF-not this")
    with pytest.raises(ValueError):
        pdf_files.pdf_path("../../etc/passwd")
    content = b"%PDF-1.7 test"
    digest = hashlib.sha256(content).hexdigest()
    name = pdf_files.pdf_file(digest, content)
    path = pdf_files.pdf_path(digest)
    assert name == f"pdf/{digest[:2]}/{digest}.pdf" and path.read_bytes() == content and path.is_relative_to(tmp_path)


def test_superseding_in_bulk_changes_the_generation(published_sample):
    token = public_cache.generation()
    MonthlyPlan.objects.filter(pk=published_sample.pk).update(status=MonthlyPlan.Status.SUPERSEDED)
    assert public_cache.generation() != token


def test_a_bulk_office_change_changes_the_generation(db):
    token = public_cache.generation()
    Office.objects.get_solo()
    Office.objects.filter(pk=1).update(name="VĂN PHÒNG KHÁC")
    assert public_cache.generation() != token


def test_a_bulk_update_of_agencies_changes_the_generation(published_sample):
    token = public_cache.generation()
    agencies = list(Agency.objects.filter(name=AGENCY))
    agencies[0].short_name = "Sở KH-ĐT"
    Agency.objects.bulk_update(agencies, ["short_name"])
    assert public_cache.generation() != token


def test_saving_a_draft_in_bulk_leaves_the_generation_alone(sample_plan):
    token = public_cache.generation()
    MonthlyPlan.objects.filter(pk=sample_plan.pk).update(title="Dự thảo khác")
    assert public_cache.generation() == token


# Issue 18 ------------------------------------------------------------------------------------------------------

PENDING_MESSAGE = "Chưa có tệp nào đang chờ nhập"


@pytest.mark.parametrize(
    "storage",
    [
        "django.contrib.messages.storage.session.SessionStorage",
        "django.contrib.messages.storage.fallback.FallbackStorage",
    ],
    ids=["session", "fallback"],
)
def test_a_signed_in_users_message_is_shown_to_them_but_never_kept_for_anonymous_visitors(
    client, published_sample, settings, storage
):
    settings.MESSAGE_STORAGE = storage
    client.force_login(make_user("bientap", EDITOR_GROUP))
    client.get("/van-phong/bac-giang/ke-hoach/nhap/xem-lai/")  # nothing to review: a message waits for the next page
    _response, own, _queries = get(client, PAGE)
    assert PENDING_MESSAGE in own.decode()  # the user sees their message on the public page they open next
    anonymous = Client()
    _response, body, queries = get(anonymous, PAGE)
    assert queries > 0  # the signed-in user's answer was not kept: rendered again for the visitor
    assert PENDING_MESSAGE not in body.decode()
    _response, kept, queries = get(anonymous, PAGE)
    assert queries == 0 and PENDING_MESSAGE not in kept.decode()


def _unfolded(body):
    return body.decode().replace("\r\n ", "")


@pytest.mark.parametrize(
    "url",
    [
        PAGE,
        "/bac-giang/ke-hoach/2024/01/lich.ics",
        "/bac-giang/ke-hoach/rss/",
        "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/",
        "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/lich.ics",
    ],
)
def test_absolute_links_of_public_answers_come_from_site_url_not_the_requests_host_or_port(
    client, published_sample, settings, url
):
    settings.SITE_URL = "https://lich.example.gov.vn"
    first, body, _queries = get(client, url, host="testserver:8123")  # an allowed host, a foreign port
    assert first.status_code == 200
    text = _unfolded(body)
    assert "8123" not in text and "testserver" not in text
    assert "://lich.example.gov.vn/" in text  # https://… links, webcal://… subscriptions
    _response, kept, queries = get(client, url)
    assert queries == 0 and kept == body


@pytest.mark.parametrize("url", [PAGE, PDF, "/bac-giang/ke-hoach/2024/01/lich.ics"])
def test_a_kept_answer_is_not_served_to_a_host_allowed_hosts_refuses(client, published_sample, url):
    assert client.get(url).status_code == 200  # kept
    response = client.get(url, headers={"host": "attacker.example:8123"})
    assert response.status_code == 400
    assert not response.has_header("ETag")


def test_unknown_query_parameters_add_no_entry_and_are_answered_from_the_kept_copy(client, published_sample):
    _response, plain, _queries = get(client, PAGE)
    entries = len(public_cache._local.entries)
    for number in range(1, 21):
        response, body, queries = get(client, f"{PAGE}?x={number}")
        assert response.status_code == 200 and queries == 0 and body == plain
    assert len(public_cache._local.entries) == entries


def test_a_first_answer_to_unknown_parameters_is_the_plain_page_and_kept_as_it(client, published_sample):
    _response, body, _queries = get(client, f"{PAGE}?utm_source=mail&x=%3Cb%3E")
    assert "utm_source" not in body.decode() and "%3Cb%3E" not in body.decode()
    _response, plain, queries = get(client, PAGE)
    assert queries == 0 and plain == body


def test_declared_parameters_still_key_separately_in_their_canonical_form(client, published_sample):
    agency = "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/"
    _response, page, _queries = get(client, agency)
    _response, year, queries = get(client, f"{agency}?nam=2024")
    assert queries > 0 and year != page and 'aria-current="page">2024<' in year.decode()
    for variant in ("?x=1&nam=2024", "?nam=02024", "?nam=2023&nam=2024", "?nam=%202024"):
        response, body, queries = get(client, agency + variant)
        assert response.status_code == 200 and queries == 0 and body == year, variant
    _response, again, queries = get(client, f"{agency}?nam=")  # no year: the page itself
    assert queries == 0 and again == page
    assert client.get(f"{agency}?nam=hai-nghin").status_code == 404


def test_the_months_pdf_link_is_revalidated_so_an_amendment_is_seen_at_once(client, published_sample):
    response = client.get(PDF)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "no-cache" in cache_control and "max-age=3600" not in cache_control
    assert response.has_header("Last-Modified")
    assert client.get(PDF, headers={"if-none-match": response["ETag"]}).status_code == 304
    amendment = start_amendment(published_sample)
    Item.objects.filter(plan=amendment, part=Item.Part.CHAIRMAN).first().delete()
    publish_plan(amendment)
    changed = client.get(PDF, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_a_weak_etag_or_a_list_of_etags_in_if_none_match_gets_a_304(client, published_sample, url):
    etag = client.get(url)["ETag"]
    for header in (f"W/{etag}", f'"other", {etag}', f'W/"other", W/{etag}'):
        response = client.get(url, headers={"if-none-match": header})
        assert response.status_code == 304, header
        assert response["ETag"] == etag
    assert client.get(url, headers={"if-none-match": 'W/"other", "another"'}).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/bac-giang/ke-hoach/rss/", PDF, "/bac-giang/ke-hoach/2024/01/ban/1/pdf/", "/bac-giang/ke-hoach/2024/01/ban/1/"],
)
def test_every_kind_of_kept_answer_ignores_unknown_parameters(client, published_sample, url):
    first, body, _queries = get(client, url)
    response, again, queries = get(client, f"{url}?x=1")
    assert response.status_code == 200 and queries == 0 and again == body
