"""Issue 20, "Scale": a page's queries are the same whether its office is alone or one of five.

test_many_offices.py compares two offices with five; this starts from the installation as it was before offices
were many (one office), which bench/offices.py measures on 150 offices (docs/performance.md). The platform's
home is not compared: with one office `/` is that office's home, with many the list of offices (3 queries
whatever their number: test_many_offices.py).
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import Office
from public import cache as public_cache
from tests.public.conftest import create_office, office_plan

PAGES = [
    "/bac-giang/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/rss/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/ke-hoach/2024/01/lich.ics",
    "/bac-giang/ke-hoach/2024/01/ban/1/",
    "/bac-giang/co-quan/",
    "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/",
    "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/lich.ics",
    "/bac-giang/tim-kiem/?q=bao+cao",
    "/tim-kiem/?q=nong+thon+moi",  # the province's words: the same hits at both sizes
]


def query_counts(client, urls):
    counts = {}
    for url in urls:
        cache.clear()
        public_cache.clear_local()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_an_offices_pages_run_the_same_queries_alone_and_among_five(client, published_sample, today):
    today(published_sample.first_day)
    alone = query_counts(client, PAGES)
    for number in range(4):
        office = create_office(f"xa-so-{number}", name=f"UBND XÃ SỐ {number}", place="Xã", code=f"000.00.33.H0{number}")
        office_plan(office, 2024, 1, words=f"chương trình của xã số {number}")
    assert Office.objects.count() == 5
    assert query_counts(client, PAGES) == alone
    assert alone["/bac-giang/ke-hoach/2024/01/"] == 8  # with the month's conclusion notices (conclusions)
