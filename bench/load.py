"""Benchmark: requests per second and latency of pages, each against a reference served by the
same server in the same run (the machine's noise cancels in the ratio).

    .venv/bin/python bench/load.py [--seconds 8] [--connections 16]

Starts gunicorn (2 workers, production settings: DEBUG off, static files collected and served by
whitenoise) on 127.0.0.1 against the database DATABASE_URL points at (build it with
bench/dataset.py), then runs wrk (Debian's package; `make bench` installs it) against each URL
for a bounded time, and stops the server. Traffic goes to 127.0.0.1 only.

Prints, per URL: requests/s, p50 and p95 latency, and the ratio to its reference:
- P1: the newest issued plan's page and its calendar against /healthz;
- P2: the plan's signed PDF against the same bytes as a static file served by whitenoise;
- P5: p50/p95 of the public pages, the busiest agency's page and calendar included.

Not a test: it measures, it asserts nothing.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, connections):
    """(requests/s, p50 ms, p95 ms) from wrk's --latency report."""
    output = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, _latency(output, "50%"), _latency(output, "90%")


def _latency(output, percentile):
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)", output)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
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
        "STATIC_ROOT": str(scratch / "static"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
    import django

    django.setup()
    from django.conf import settings

    from agenda.models import MonthlyPlan
    from issuing.models import Revision

    plan = MonthlyPlan.objects.published().order_by("-year", "-month").first()
    if plan is None:
        sys.exit("bench/load.py: no issued plan; build the data with bench/dataset.py first.")
    revision = Revision.objects.for_month(plan.year, plan.month).order_by("-number").first()
    static_pdf = Path(settings.STATIC_ROOT) / "bench-plan.pdf"
    static_pdf.write_bytes(bytes(revision.pdf))  # the same bytes, as a static file
    from agenda.models import Agency

    busiest = (
        Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
        if Agency.objects.filter(name="Sở Kế hoạch và Đầu tư").exists()
        else Agency.objects.first()
    )
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "ubnd_schedule.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        plan_url = plan.get_absolute_url()
        rows = [
            ("/healthz", "/healthz", None),
            ("P1 plan page", plan_url, "/healthz"),
            ("P1 plan calendar", f"{plan_url}lich.ics", "/healthz"),
            ("static PDF (reference)", "/static/bench-plan.pdf", None),
            ("P2 signed PDF", revision.get_pdf_url(), "/static/bench-plan.pdf"),
            ("home", "/", "/healthz"),
            ("archive", "/ke-hoach/", "/healthz"),
            ("agency list", "/co-quan/", "/healthz"),
            ("busiest agency page", busiest.get_absolute_url(), "/healthz"),
            ("busiest agency calendar", f"{busiest.get_absolute_url()}lich.ics", "/healthz"),
            ("search", "/tim-kiem/?q=phat+trien+kinh+te", "/healthz"),
        ]
        results = {}
        print(f"{'page':28} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'ratio':>7}")
        for name, path, reference in rows:
            urllib.request.urlopen(base + path, timeout=30).read()  # warm
            rate, p50, p90 = wrk(base + path, args.seconds, args.connections)
            results[path] = rate
            ratio = f"{rate / results[reference]:.2f}" if reference else ""
            print(f"{name:28} {rate:8.0f} {p50:8.1f} {p90:8.1f} {ratio:>7}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
