"""Benchmark: the public pages, the signed PDF and the editing page under load, each measured against a
reference served by the same server in the same run (the machine's noise cancels in the ratio).

    .venv/bin/python bench/load.py [--seconds 5] [--connections 16] [--memory-requests 10000]

Starts gunicorn (gunicorn.conf.py: 2 workers, preloaded, DEBUG off, static files collected and served
by whitenoise, the file cache under a scratch VAR_DIR) on 127.0.0.1 against the database DATABASE_URL
points at (build it with bench/dataset.py), runs wrk (Debian's package; `make bench` installs it) for a
bounded time per URL, and stops the server. Traffic goes to 127.0.0.1 only.

Prints:
- P1: requests/s of the newest issued plan's page and of its calendar, divided by /healthz's (16 connections);
- P2: requests/s of its signed PDF divided by the same bytes served as a static file by whitenoise;
- P5: p50/p95 of every public page, the busiest agency's page and calendar, the search and the editing
  page of a 60-item draft, one request at a time (the latency is the page's, not a queue's: gunicorn's sync
  workers take one connection each, and two connections may wait on the same worker):
  "kept" is the steady state (a kept answer where there is one), "rendered" the median of 5 requests
  each made just after the kept answers were made stale (the cost of rendering the page);
- the workers' memory after 100 and after --memory-requests requests over a mix of pages.
Not a test: it measures; it prints whether each goal of issue #11 is met and asserts nothing.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUSIEST = "Sở Kế hoạch và Đầu tư"
REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %.3f %.3f\\n", summary.requests, summary.duration, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Wrk:
    def __init__(self, base, scratch, cookie=None):
        self.base = base
        self.script = scratch / "report.lua"
        self.script.write_text(REPORT)
        self.cookie = cookie

    def run(self, path, *, seconds, connections, cookie=False):
        """(requests/s, p50 ms, p95 ms); exits if any answer was an error or not a 200."""
        command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s"]
        command += ["-s", str(self.script)]
        if cookie:
            command += ["-H", f"Cookie: {self.cookie}"]
        output = subprocess.run(
            [*command, self.base + path], capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
        match = re.search(r"^BENCH (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)$", output, re.M)
        requests, duration, errors = int(match[1]), int(match[2]), int(match[3])
        if errors or "Non-2xx" in output:
            sys.exit(f"bench/load.py: {path} answered errors or non-2xx/3xx statuses:\n{output}")
        return requests / (duration / 1e6), float(match[4]), float(match[5])


def fetch(base, path, cookie=None):
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status != 200:
            sys.exit(f"bench/load.py: {path} answered {response.status}")
        return response.read()


def rendered_ms(base, path, cookie, make_stale, runs=5):
    """Median time of ``runs`` requests, each just after every kept answer was made stale."""
    times = []
    for _run in range(runs):
        make_stale()
        started = time.perf_counter()
        fetch(base, path, cookie)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def worker_memory(master_pid):
    """{pid: resident memory in KiB} of the gunicorn master's workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    memory = {}
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        memory[int(pid)] = int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])
    return memory


def send_requests(base, paths, count, threads=4):
    """``count`` GET requests over keep-alive connections, cycling through ``paths``."""
    host, port = base.removeprefix("http://").split(":")
    counter = iter(range(count))
    lock = threading.Lock()

    def run():
        connection = HTTPConnection(host, int(port), timeout=60)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            connection.request("GET", paths[index % len(paths)])
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"bench/load.py: {paths[index % len(paths)]} answered {response.status}")
        connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--memory-requests", type=int, default=10000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk (apt-get install wrk; `make bench` installs it).")

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(scratch / "static"),
        "VAR_DIR": str(scratch / "var"),
        "CACHE_URL": "",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from agenda.models import Agency, MonthlyPlan
    from issuing.models import Revision
    from public import cache as public_cache

    plan = MonthlyPlan.objects.published().order_by("-year", "-month").first()
    if plan is None:
        sys.exit("bench/load.py: no issued plan; build the data with bench/dataset.py first.")
    revision = Revision.objects.for_month(plan.year, plan.month).order_by("-number").first()
    static_pdf = Path(settings.STATIC_ROOT) / "bench-plan.pdf"
    static_pdf.write_bytes(bytes(revision.pdf))  # the same bytes, as a static file
    busiest = Agency.objects.filter(name=BUSIEST).first() or Agency.objects.first()
    draft = MonthlyPlan.objects.working().order_by("-year", "-month").first()
    editor = User.objects.filter(username="bench-editor").first()
    cookie = None
    if draft is not None and editor is not None:
        client = Client()
        client.force_login(editor)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "ubnd_schedule.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    wrk = Wrk(base, scratch, cookie)
    try:
        for _attempt in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        plan_url = plan.get_absolute_url()
        office_url = f"/{plan.office.slug}/"  # the office's pages (the old unprefixed ones redirect there)
        print(f"Data: {MonthlyPlan.objects.published().count()} issued plans; busiest agency: {busiest.name}.")

        # P1, P2: throughput against a reference, 16 connections.
        heading = f"throughput ({args.connections} connections)"
        print(f"\n{heading:40} {'req/s':>8} {'p50 ms':>8} {'ratio':>7}")
        throughput = {}
        for name, path, reference in [
            ("/healthz (reference)", "/healthz", None),
            ("P1 plan page", plan_url, "/healthz"),
            ("P1 plan calendar", f"{plan_url}lich.ics", "/healthz"),
            ("the PDF as a static file (reference)", "/static/bench-plan.pdf", None),
            ("P2 signed PDF (month link)", f"{plan_url}pdf/", "/static/bench-plan.pdf"),
            ("P2 signed PDF (revision link)", revision.get_pdf_url(), "/static/bench-plan.pdf"),
        ]:
            fetch(base, path)
            rate, p50, _p95 = wrk.run(path, seconds=args.seconds, connections=args.connections)
            throughput[path] = rate
            ratio = rate / throughput[reference] if reference else None
            shown = f"{ratio:7.2f}" if ratio else ""
            print(f"{name:40} {rate:8.0f} {p50:8.1f} {shown}", flush=True)
            if reference:
                throughput[name] = ratio

        # P5: latency of one request at a time per worker.
        pages = [
            ("home", "/", False),
            ("plan page", plan_url, False),
            ("plan calendar", f"{plan_url}lich.ics", False),
            ("archive", f"{office_url}ke-hoach/", False),
            ("agency list", f"{office_url}co-quan/", False),
            ("busiest agency page", busiest.get_absolute_url(), False),
            ("busiest agency calendar", f"{busiest.get_absolute_url()}lich.ics", False),
            ("search 'phat trien kinh te'", "/tim-kiem/?q=phat+trien+kinh+te", False),
            ("search 'ke hoach'", "/tim-kiem/?q=k%E1%BA%BF+ho%E1%BA%A1ch", False),
        ]
        if cookie:
            edit_url = f"/van-phong/ke-hoach/{draft.year}/{draft.month:02d}/"
            pages.append((f"editing page ({draft.items.count()} items)", edit_url, True))
        print(f"\n{'P5 latency (one request at a time)':40} {'kept p50':>9} {'kept p95':>9} {'rendered':>9}  (ms)")
        slowest = 0.0
        for name, path, with_cookie in pages:
            page_cookie = cookie if with_cookie else None
            rendered = rendered_ms(base, path, page_cookie, public_cache._new_generation)
            _rate, p50, p95 = wrk.run(path, seconds=max(2, args.seconds // 2), connections=1, cookie=with_cookie)
            slowest = max(slowest, p95, rendered)
            print(f"{name:40} {p50:9.1f} {p95:9.1f} {rendered:9.1f}", flush=True)

        # Memory: the same mix of pages, after 100 and after --memory-requests requests.
        months = [month.get_absolute_url() for month in MonthlyPlan.objects.published()[:24]]
        agencies = [agency.get_absolute_url() for agency in Agency.objects.order_by("pk")[:40]]
        mix = list(months)
        mix += [f"{month}pdf/" for month in months[:6]]
        mix += agencies + ["/", f"{office_url}ke-hoach/", f"{office_url}co-quan/", "/healthz"]
        mix += ["/tim-kiem/?q=de+an", "/tim-kiem/?q=phat+trien", "/tim-kiem/?q=thu+nghiem+so", "/tim-kiem/?q=to+trinh"]
        send_requests(base, mix, 100)
        before = worker_memory(server.pid)
        started = time.perf_counter()
        send_requests(base, mix, args.memory_requests)
        elapsed = time.perf_counter() - started
        after = worker_memory(server.pid)
        growth = max((after[pid] - before[pid]) / before[pid] for pid in before if pid in after)
        print(f"\nMemory over {args.memory_requests} requests ({elapsed:.0f} s, {len(mix)} URLs):")
        for pid in before:
            print(f"  worker {pid}: {before[pid] / 1024:.1f} MiB after 100, {after.get(pid, 0) / 1024:.1f} MiB after")

        p1 = min(throughput["P1 plan page"], throughput["P1 plan calendar"])
        p2 = min(throughput["P2 signed PDF (month link)"], throughput["P2 signed PDF (revision link)"])
        print("\nGoals of issue #11:")
        print(f"  P1 = {p1:.2f} (goal >= 0.8): {'met' if p1 >= 0.8 else 'NOT met'}")
        print(f"  P2 = {p2:.2f} (goal >= 0.8): {'met' if p2 >= 0.8 else 'NOT met'}")
        print(f"  P5 slowest p95 or render = {slowest:.1f} ms (goal < 100): {'met' if slowest < 100 else 'NOT met'}")
        print(f"  memory growth = {growth * 100:+.1f} % (goal within 10 %): {'met' if growth <= 0.10 else 'NOT met'}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
