"""Issue 21's figures: the same public traffic through one app node and through two, and the storage an office adds.

1. Traffic. `deploy/cluster.py` starts the whole deployment (nginx, two gunicorn nodes of WEB_CONCURRENCY workers,
   Celery, Redis, moto's S3 server, PostgreSQL database ``ubnd_cluster_bench``); wrk then runs the public pages in
   turn (the platform home, two offices' home, archive, programme, agencies, calendar; kept answers from the shared
   Redis cache, as in production) in the same run: node a directly (no nginx), nginx with node a only, nginx with
   both, each twice in alternation. On this 2-CPU machine two nodes share the same two cores as one: the ratio
   shows what a second node and the front server cost, not how a cluster scales (each node on its own machine).
2. Storage. The bytes one issued programme adds (its revision's row with the signed PDF, the approver's signed
   copy, items, search text, history, register), measured as the growth of each table's rows (pg_column_size)
   when the province issues an amendment through nginx; a dossier: its rows plus the file as uploaded (in S3).
   The database size per office-year comes from ``bench/dataset.py``'s data (docs/deployment.md).

    python bench/cluster.py [--seconds 10] [--connections 8]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402

from deploy.cluster import Cluster  # noqa: E402
from tests.cluster.web import Visitor, amend, open_signing_page, parse_wrk, seal, sign, wrk  # noqa: E402

DATABASE = "ubnd_cluster_bench"
PUBLIC_PAGES = [
    "/",
    "/bac-giang/",
    "/bac-giang/ke-hoach/",
    "/bac-giang/ke-hoach/2024/01/",
    "/bac-giang/co-quan/",
    "/xa-tan-yen/",
    "/xa-tan-yen/ke-hoach/2024/01/",
    "/bac-giang/ke-hoach/2024/01/lich.ics",
]
#: The tables an issued programme writes to (its working copy's rows are counted as well: they stay).
ROW_BYTES = """
SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM {table} t
"""


def traffic(cluster, seconds, connections, scratch):
    """{setup: [req/s, ...]} for node a direct, nginx -> a, nginx -> a + b, in alternation."""
    for path in PUBLIC_PAGES:  # every answer kept once before measuring
        requests.get(cluster.url + path, timeout=60)
    node_a = f"http://127.0.0.1:{cluster.node_ports['a']}"
    runs = {"node a directly": [], "nginx, one node": [], "nginx, two nodes": []}
    for _round in range(2):
        for setup in runs:
            if setup == "nginx, one node":
                cluster.set_upstream(["a"])
            elif setup == "nginx, two nodes":
                cluster.set_upstream(["a", "b"])
            url = node_a if setup == "node a directly" else cluster.url
            command = wrk(url, PUBLIC_PAGES, seconds, scratch, connections=connections)
            output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
            figures = parse_wrk(output)
            if figures["non_2xx_3xx"] or figures["socket_errors"]:
                print(f"  {setup}: {figures['non_2xx_3xx']} non-2xx/3xx, {figures['socket_errors']} socket errors")
            runs[setup].append(figures["rps"])
    return runs


def table_bytes(connection, tables):
    return {table: connection.execute(ROW_BYTES.format(table=table)).fetchone()[0] for table in tables}


def tables_of(connection):
    rows = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'django_%'"
        " AND tablename NOT LIKE 'auth_%' AND tablename NOT LIKE 'axes_%'"
    ).fetchall()
    return [row[0] for row in rows]


def issue_growth(cluster, connection):
    """Bytes of rows one issued amendment adds, by table (the largest first), and in all."""
    tables = tables_of(connection)
    before = table_bytes(connection, tables)
    amend(Visitor(cluster.url, "chuyenvien"), "bac-giang")
    approver = Visitor(cluster.url, "lanhdao")
    sign(approver, "bac-giang", open_signing_page(approver, "bac-giang"))
    seal(Visitor(cluster.url, "vanthu"), "bac-giang")
    after = table_bytes(connection, tables)
    growth = {table: after[table] - before[table] for table in tables if after[table] != before[table]}
    return dict(sorted(growth.items(), key=lambda pair: -pair[1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    print("Starting the cluster (nginx, two gunicorn nodes, Celery, Redis, S3, PostgreSQL)...", flush=True)
    with Cluster(database=DATABASE, redis_db=4, quiet=True) as cluster, tempfile.TemporaryDirectory() as scratch:
        runs = traffic(cluster, args.seconds, args.connections, scratch)
        print(f"\nPublic pages through the cluster ({args.connections} connections, {args.seconds} s per run, 2 runs):")
        print(f"{'setup':24} {'req/s (each run)':>22} {'mean':>8} {'ratio':>7}")
        reference = statistics.mean(runs["nginx, one node"])
        for setup, values in runs.items():
            each = " ".join(f"{value:.0f}" for value in values)
            mean = statistics.mean(values)
            print(f"{setup:24} {each:>22} {mean:8.0f} {mean / reference:7.2f}")
        print(
            "Two nodes on the same 2 CPUs share them: the ratio two/one shows the cost of a second node and\n"
            "of nginx's balancing, not scaling. On separate machines each node adds its own CPUs (docs/deployment.md)."
        )
        with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={DATABASE}", autocommit=True) as connection:
            growth = issue_growth(cluster, connection)
            pdf = connection.execute(
                "SELECT octet_length(pdf) FROM issuing_revision ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
        print(
            f"\nOne issued programme (an amendment of the province's January 2024, 20 items): {sum(growth.values()):,} "
            f"bytes of rows, of which the signed PDF {pdf:,} bytes"
        )
        for table, size in list(growth.items())[:8]:
            print(f"  {table:36} {size:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
