"""Benchmark: the workspace editing page of a large working draft (GET and the save), as the editor.

    DATABASE_URL=postgres://…/<a copy of ubnd_bench> .venv/bin/python bench/edit_page.py [--items 60] [--runs 50]
    .venv/bin/python bench/edit_page.py --profile          # cProfile of the GET, the top functions
    .venv/bin/python bench/edit_page.py --gc-tuned         # the collector tuned as gunicorn.conf.py does

Production settings (DEBUG off, static files collected into a scratch folder). In the database
DATABASE_URL points at (a throw-away SQLite database when unset) it writes a working draft for the
month after the newest plan, with ``--items`` items in the shape of bench/dataset.py's plans, and a
user "bench-editor"; run again, it replaces that draft. It refuses the shared ``ubnd_bench``
database itself: copy it first (createdb -T ubnd_bench <copy>).

It prints p50/p95 (wall clock and this process's CPU time) of the GET of the page and of a save
of the unchanged page (POST; its redirect is not followed), the page's size, its number of form
inputs and its number of queries. Not a test: it measures, it asserts nothing.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(label, wall, cpu):
    print(
        f"{label:<30} p50 {statistics.median(wall):6.1f} ms   p95 {percentile(wall, 0.95):6.1f} ms"
        f"   (CPU p50 {statistics.median(cpu):6.1f} ms, p95 {percentile(cpu, 0.95):6.1f} ms; {len(wall)} requests)"
    )


def timed(run):
    """(wall-clock ms, this process's CPU ms) of run(): CPU time is what a busy machine distorts least."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def timings(label, run, runs):
    wall, cpu = zip(*(timed(run) for _run in range(runs)), strict=True)
    report(label, wall, cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="profile the GET of the whole page instead")
    parser.add_argument(
        "--gc-tuned",
        action="store_true",
        help="after the warm-up, the collector as gunicorn.conf.py sets it (GC_THRESHOLD=a,b,c tries other thresholds)",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    scratch = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch / 'bench.sqlite3'}"
    if url.rstrip("/").rsplit("/", 1)[-1] == "ubnd_bench":
        sys.exit("bench/edit_page.py writes a draft: run it on a copy (createdb -T ubnd_bench <copy>).")
    env = {
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(scratch / "static"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], check=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agenda.models import MonthlyPlan
    from bench.dataset import bench_editor, draft_data
    from programme.services import load_plan

    call_command("migrate", verbosity=0)
    newest = MonthlyPlan.objects.order_by("-year", "-month").first()
    year, month = (newest.year, newest.month) if newest else (2025, 12)
    if newest is None or not newest.is_working:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    plan, _created = load_plan(draft_data(year, month, args.items))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = bench_editor()
    client = Client()
    client.force_login(user)
    page = f"/van-phong/ke-hoach/{year}/{month:02d}/"

    response = client.get(page)
    assert response.status_code == 200, response.status_code
    html = response.content
    print(
        f"{plan}: {plan.items.count()} items, {plan.priority_tasks.count()} priority tasks, "
        f"{plan.sessions.count()} sessions; {connection.vendor}"
    )
    inputs = len(re.findall(rb"<(?:input|textarea|select)\b", html))
    print(f"whole page: {len(html) / 1024:.0f} KB, {inputs} inputs, {html.count(b'<option')} <option>s")
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    print(f"whole page: {len(queries)} queries")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _run in range(20):
            client.get(page)
        profiler.disable()
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(30)
            print(out.getvalue())
        return

    for _run in range(5):  # warm-up: templates, translations, connections
        client.get(page)
    if args.gc_tuned:
        import gc

        gc.collect()
        gc.freeze()
        gc.set_threshold(*[int(x) for x in os.environ.get("GC_THRESHOLD", "50000,50,100").split(",")])
        print("garbage collector: frozen after the warm-up, thresholds as gunicorn.conf.py (or GC_THRESHOLD)")
    timings("GET whole page", lambda: client.get(page), args.runs)

    from tests.workspace.forms import FormData, form_fields

    def save():
        data = FormData(form_fields(client.get(page).content)).encode()
        response = []
        elapsed = timed(lambda: response.append(client.post(page, data)))
        assert response[0].status_code == 302, response[0].status_code
        return elapsed

    save()
    wall, cpu = zip(*(save() for _run in range(args.saves)), strict=True)
    report("POST save (unchanged page)", wall, cpu)


if __name__ == "__main__":
    main()
