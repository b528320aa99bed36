"""Many offices (issue 20, "Scale"): every public page of a sample of offices, uncached, on bench/dataset.py's data.

    DATABASE_URL=postgres://…/ubnd_bench_offices VAR_DIR=var/bench-offices \\
        .venv/bin/python bench/offices.py [--repeat 20] [--budget 240]

On the data of `bench/dataset.py --offices 150` (`make bench-offices` builds both), in one process through
Django's test client (DEBUG off, every middleware), it measures:

1. p50/p95 of every public page of the first office, a middle one and the last one, and of the platform's
   home and search, each rendered from scratch: every kept answer is forgotten before each request. Each
   request of a page is paired with a request of `/healthz` made right before it (the machine is shared:
   the ratio of the two p95 moves less than either). Goal: every p95 under 100 ms.
2. The queries each page runs with every office, then with the three sampled offices only (the others deleted inside a
   transaction rolled back afterwards): they must be equal; the script fails if not.
3. Issuing in one office leaves the others' kept answers kept: the sample's pages are kept (one request
   each), the first office issues its working draft (issuing.services.publish_plan, rolled back afterwards),
   then the other offices' pages are answered with no query and the first office's are rendered again.

Exit status 1 when a goal is missed. Not a test: numbers for docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 100.0
SEARCH = "phat+trien+kinh+te"


class Rollback(Exception):
    """Raised to leave a transaction whose changes are not to be kept."""


def setup():
    """Django as in production (DEBUG off, hashed static files collected into a scratch directory)."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    signing = Path(os.environ.get("VAR_DIR", ROOT / "var")) / "signing"  # bench/dataset.py's test identities
    os.environ.setdefault("SIGNING_P12_PATH", str(signing / "dev-signer.p12"))
    os.environ.setdefault("SIGNING_P12_PASSWORD", "dev-only-not-secret")
    os.environ.setdefault("SIGNING_DEV_IDENTITIES", "true")
    os.environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 40),
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "CACHE_URL": "",
            "LOG_LEVEL": "ERROR",
            "STATIC_ROOT": tempfile.mkdtemp(prefix="bench-offices-static-"),
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def office_pages(office):
    """Every public page of ``office``: (name, url)."""
    from django.db.models import Count

    from agenda.models import Agency, MonthlyPlan
    from issuing.models import Revision

    plan = MonthlyPlan.objects.of(office).published().order_by("-year", "-month").first()
    revision = Revision.objects.of(office).filter(year=plan.year, month=plan.month).order_by("-number").first()
    agency = (
        Agency.objects.of(office).annotate(count=Count("assignments")).order_by("-count", "pk").first()
    )  # its busiest
    base = f"/{office.slug}/"
    month = plan.get_absolute_url()
    return [
        ("home", base),
        ("archive", f"{base}ke-hoach/"),
        ("feed", f"{base}ke-hoach/rss/"),
        ("plan page", month),
        ("plan PDF", f"{month}pdf/"),
        ("plan calendar", f"{month}lich.ics"),
        ("revision", revision.get_absolute_url()),
        ("revision PDF", revision.get_pdf_url()),
        ("verification", revision.get_verify_url()),
        ("agency list", f"{base}co-quan/"),
        ("busiest agency", agency.get_absolute_url()),
        ("its calendar", f"{agency.get_absolute_url()}lich.ics"),
        ("search", f"{base}tim-kiem/?q={SEARCH}"),
    ]


def forget_kept_answers():
    from django.core.cache import cache

    from public import cache as public_cache

    cache.clear()
    public_cache.clear_local()


def request(client, url):
    """(status, milliseconds, queries) of one GET, its body read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = (time.perf_counter() - started) * 1000
    # Not response.close(): the test client closes it without closing the connection, which request_finished
    # would do once this process is older than CONN_MAX_AGE (inside the transactions below).
    return response.status_code, elapsed, len(queries)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latencies(client, pages, repeat, budget):
    """For each page: (p50, p95, /healthz p50, /healthz p95, queries), every request uncached."""
    results = {}
    deadline = time.monotonic() + budget
    for office, name, url in pages:
        request(client, url)  # the process's first use of this page (imports, templates) is not measured
        times, references = [], []
        for _round in range(repeat):
            forget_kept_answers()
            status, reference, _queries = request(client, "/healthz")
            forget_kept_answers()
            status, elapsed, queries = request(client, url)
            if status != 200:
                sys.exit(f"bench/offices.py: {url} answered {status}.")
            times.append(elapsed)
            references.append(reference)
            if time.monotonic() > deadline and len(times) >= 5:
                break
        results[(office, name, url)] = (
            statistics.median(times),
            percentile(times, 0.95),
            statistics.median(references),
            percentile(references, 0.95),
            queries,
            len(times),
        )
    return results


def query_counts(client, pages):
    counts = {}
    for _office, _name, url in pages:
        forget_kept_answers()
        status, _elapsed, counts[url] = request(client, url)
        if status != 200:
            sys.exit(f"bench/offices.py: {url} answered {status}.")
    return counts


def with_only(client, pages, keep):
    """``pages``' query counts once every office but ``keep`` is deleted (rolled back afterwards)."""
    from django.db import connection, transaction

    from agenda import offices as office_names

    ids = ", ".join(str(office.pk) for office in keep)
    others = f"SELECT id FROM agenda_office WHERE id NOT IN ({ids})"
    plans = f"SELECT id FROM agenda_monthlyplan WHERE office_id IN ({others})"
    revisions = f"SELECT id FROM issuing_revision WHERE office_id IN ({others})"
    statements = [
        "DELETE FROM issuing_changeentry_agencies WHERE changeentry_id IN "
        f"(SELECT id FROM issuing_changeentry WHERE revision_id IN ({revisions}))",
        f"DELETE FROM issuing_changeentry WHERE revision_id IN ({revisions})",
        f"DELETE FROM issuing_approversignature WHERE plan_id IN ({plans})",
        f"DELETE FROM issuing_registerentry WHERE office_id IN ({others})",
        f"DELETE FROM issuing_revision WHERE office_id IN ({others})",
        f"DELETE FROM meetings_itemagency WHERE item_id IN (SELECT id FROM meetings_item WHERE plan_id IN ({plans}))",
        f"DELETE FROM meetings_item WHERE plan_id IN ({plans})",
        f"DELETE FROM meetings_regularsession WHERE plan_id IN ({plans})",
        f"DELETE FROM agenda_prioritytask WHERE plan_id IN ({plans})",
        f"DELETE FROM agenda_monthlyplan WHERE office_id IN ({others})",
        f"DELETE FROM agenda_agency WHERE office_id IN ({others})",
        f"DELETE FROM access_membership WHERE office_id IN ({others})",
        f"DELETE FROM issuing_officesigningkey WHERE office_id IN ({others})",
        f"DELETE FROM agenda_office WHERE id NOT IN ({ids})",
    ]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                cursor.execute("SELECT count(*) FROM agenda_office")
                remaining = cursor.fetchone()[0]
            office_names._slugs.clear()
            counts = query_counts(client, pages)
            raise Rollback
    except Rollback:
        pass
    office_names._slugs.clear()
    return remaining, counts


def kept_after_publishing(client, sample, first_office):
    """Issue the first office's working draft (rolled back): [(url, queries before, queries after)] of the sample."""
    from django.db import transaction

    from agenda.models import MonthlyPlan
    from issuing.services import publish_plan

    draft = MonthlyPlan.objects.of(first_office).working().order_by("-year", "-month").first()
    if draft is None:
        sys.exit("bench/offices.py: the first office has no working draft to issue (bench/dataset.py makes one).")
    forget_kept_answers()
    for _office, _name, url in sample:
        request(client, url)  # kept from here on
    kept = {url: request(client, url)[2] for _office, _name, url in sample}
    rows = []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            publish_plan(draft)
            took = (time.perf_counter() - started) * 1000
            for office, _name, url in sample:
                rows.append((office, url, kept[url], request(client, url)[2]))
            raise Rollback
    except Rollback:
        pass
    forget_kept_answers()
    return draft, took, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests of each page (and of /healthz)")
    parser.add_argument("--budget", type=float, default=240, help="seconds for the latencies, about")
    args = parser.parse_args()
    setup()
    import logging

    from django.test import Client

    from agenda.models import MonthlyPlan, Office

    logging.disable(logging.WARNING)
    offices = list(Office.objects.order_by("pk"))
    if len(offices) < 3:
        sys.exit("bench/offices.py: build the data with bench/dataset.py --offices 150 first.")
    first, middle, last = offices[0], offices[len(offices) // 2], offices[-1]
    print(
        f"Data: {len(offices)} offices, {MonthlyPlan.objects.published().count()} issued programmes; "
        f"sample: {first.slug}, {middle.slug}, {last.slug}."
    )
    client = Client()
    platform = [
        ("platform", "home", "/"),
        ("platform", "search", f"/tim-kiem/?q={SEARCH}"),  # three items in four match: the worst case
        ("platform", "search", "/tim-kiem/?q=hoi+nghi+chuyen+de"),  # the province's conferences only
    ]
    pages = platform + [
        (office.slug, name, url) for office in (first, middle, last) for name, url in office_pages(office)
    ]

    failures = []
    results = latencies(client, pages, args.repeat, args.budget)
    print(f"\n{'page (uncached)':58} {'p50':>6} {'p95':>6} {'hz p50':>7} {'hz p95':>7} {'ratio':>6} {'q':>3} {'n':>3}")
    for (office, name, url), (p50, p95, ref50, ref95, queries, count) in results.items():
        print(
            f"{office + ' ' + name:58} {p50:6.1f} {p95:6.1f} {ref50:7.1f} {ref95:7.1f} {p95 / ref95:6.1f} "
            f"{queries:3d} {count:3d}",
            flush=True,
        )
        if p95 >= GOAL_MS:
            failures.append(f"{url}: p95 {p95:.1f} ms (goal < {GOAL_MS:.0f})")
    slowest = max(p95 for _p50, p95, *_rest in results.values())
    print(f"slowest p95: {slowest:.1f} ms (goal < {GOAL_MS:.0f} ms)")

    many = query_counts(client, pages)
    remaining, few = with_only(client, pages, [first, middle, last])
    print(f"\nqueries per page, {len(offices)} offices vs {remaining} offices:")
    for _office, _name, url in pages:
        same = "" if many[url] == few[url] else "  DIFFERENT"
        print(f"  {url:60} {many[url]:3d} {few[url]:3d}{same}")
        if same:
            failures.append(f"{url}: {many[url]} queries with {len(offices)} offices, {few[url]} with {remaining}")

    kept = [row for row in pages if row[1] != "search"]  # a search is never kept
    sample = [row for row in kept if row[0] in {middle.slug, last.slug}] + [row for row in kept if row[0] == first.slug]
    draft, took, rows = kept_after_publishing(client, sample, first)
    print(f"\n{first.slug} issues {draft.month:02d}/{draft.year} ({took:.0f} ms, rolled back); queries after:")
    for office, url, before, after in rows:
        print(f"  {url:60} kept: {before} queries, after: {after}")
        expected_kept = office != first.slug
        if before != 0:
            failures.append(f"{url}: not kept before the publication ({before} queries)")
        elif expected_kept and after != 0:
            failures.append(f"{url}: another office's publication made it stale")
        elif url == f"/{first.slug}/" and after == 0:
            failures.append(f"{url}: the publishing office's home was not rendered again")
    if failures:
        print("\nNOT met:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nGoals of issue 20 (Scale): met.")


if __name__ == "__main__":
    main()
