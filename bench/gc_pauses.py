"""Benchmark: the garbage collector's pauses in a heavy view, with Python's defaults and with the tuning
of gunicorn.conf.py (gc.freeze() after start-up, young generation every 50,000 objects).

    DATABASE_URL=... .venv/bin/python bench/gc_pauses.py default|tuned [URL] [--runs 40]

Renders URL (default: the busiest agency's page of bench/dataset.py) --runs times in one process with
the kept answers forgotten before each (so every request renders), timing each request and every
collection (gc.callbacks). Run it once per mode, in turns, and compare. Not a test: it measures.
"""

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["default", "tuned"])
    parser.add_argument("url", nargs="?", default="/bac-giang/co-quan/so-ke-hoach-va-dau-tu/")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="bench-gc-static-")
    env = {
        "DJANGO_SETTINGS_MODULE": "ubnd_schedule.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmem://",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from public import cache as public_cache

    client = Client()
    client.get(args.url)  # warm: imports, templates, catalogs
    if args.mode == "tuned":
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)
    pauses, started = [], {}

    def watch(phase, info):
        if phase == "start":
            started["at"] = time.perf_counter()
        else:
            pauses.append(((time.perf_counter() - started["at"]) * 1000, info["generation"]))

    gc.callbacks.append(watch)
    times = []
    for _run in range(args.runs):
        public_cache.clear_local()
        cache.clear()
        begin = time.perf_counter()
        response = client.get(args.url)
        times.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            sys.exit(f"{args.url} answered {response.status_code}")
    gc.callbacks.remove(watch)
    times.sort()
    full = [pause for pause, generation in pauses if generation == 2]
    print(
        f"{args.mode}: p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, "
        f"max {times[-1]:.1f} ms; {len(pauses)} collections ({len(full)} full, longest "
        f"{max(full, default=0):.1f} ms), {sum(pause for pause, _ in pauses):.0f} ms collecting in all"
    )


if __name__ == "__main__":
    main()
