"""Benchmark: render the sample programme to PDF several times and report the timings.

    make bench                      # or: .venv/bin/python bench/pdf_render.py [--runs 10]

Not a test: it measures, it asserts nothing. It uses a throw-away SQLite database, loads
the sample (fixtures/bac_giang_2024_01.json) and renders it the way the PDF view does.
The results for this machine are written down in docs/performance.md.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed renders (after one warm-up render)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    database = Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)

    import weasyprint
    from django.core.management import call_command

    from exports.pdf import render_plan
    from programme.document import plans_for_document

    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/bac_giang_2024_01.json", verbosity=0)

    def load():
        return plans_for_document().get(year=2024, month=1)

    started = time.perf_counter()
    first = render_plan(load())
    cold = time.perf_counter() - started

    timings = []
    for _run in range(args.runs):
        started = time.perf_counter()
        rendered = render_plan(load())
        timings.append(time.perf_counter() - started)
        assert rendered.content == first.content  # reproducible while we are at it

    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(first.content)) as pdf:
        pages = len(pdf.pages)
    print(f"WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU(s)")
    print(f"sample: {len(first.content) / 1024:.0f} KiB, {pages} pages")
    print(f"first render (cold, fonts loaded): {cold * 1000:.0f} ms")
    print(
        f"{args.runs} renders: median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
