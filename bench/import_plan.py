"""Benchmark: import a 10-page programme from PDF, Word and text, and report the timings.

    make bench                      # or: .venv/bin/python bench/import_plan.py [--runs 10]

Not a test: it measures, it asserts nothing. A throw-away SQLite database; the long plan of
the round-trip tests (tests/importing/plans.py, 52 long items for the Chairman: 10 pages) is loaded,
exported as draft PDF and as Word, and each file is imported (``import_programme``: text
extraction, layout, agency matching, validation; nothing written) once to warm up, then
``--runs`` times. The results for this machine are written down in docs/performance.md.
"""

import argparse
import io
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
    parser.add_argument("--runs", type=int, default=10, help="timed imports per format (after one warm-up)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    database = Path(tempfile.mkdtemp(prefix="bench-import-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    from django.core.management import call_command
    from pypdf import PdfReader

    from exports.docx import render_plan_docx
    from exports.pdf import render_plan_pdf
    from programme.document import plans_for_document
    from programme.importing import import_programme
    from programme.services import load_plan
    from tests.importing.plans import long_plan

    call_command("migrate", verbosity=0)
    data = long_plan(chairman_items=52)
    load_plan(data)
    plan = plans_for_document().get(year=data["year"], month=data["month"])
    pdf = render_plan_pdf(plan)
    text = "\n\f".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    files = {
        "programme.pdf": pdf,
        "programme.docx": render_plan_docx(plan),
        "programme.txt": text.encode("utf-8"),
    }
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; {pages} pages A4")
    for name, content in files.items():
        started = time.perf_counter()
        result = import_programme(content, name)
        cold = time.perf_counter() - started
        assert result.data["chairman_items"] == data["chairman_items"], name
        timings = []
        for _run in range(args.runs):
            started = time.perf_counter()
            import_programme(content, name)
            timings.append(time.perf_counter() - started)
        print(
            f"{name:15} {len(content) // 1024:4d} KiB  first {cold * 1000:6.0f} ms  "
            f"median {statistics.median(timings) * 1000:6.0f} ms  "
            f"min {min(timings) * 1000:6.0f} ms  max {max(timings) * 1000:6.0f} ms"
        )


if __name__ == "__main__":
    main()
