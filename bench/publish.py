"""Benchmark: publish the sample programme (render + sign + store) several times and report the timings.

    make bench                      # or: .venv/bin/python bench/publish.py [--runs 10]

Not a test: it measures, it asserts nothing. It uses a throw-away SQLite database and a
throw-away test certificate (PKCS#12), loads the sample and calls ``publish_plan`` the way
the command and the workspace do, rolling each run back. It also times signing alone and
checking a signature. The results for this machine are written down in docs/performance.md.
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


def summary(timings):
    return (
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed publications (after one warm-up)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    scratch = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["VAR_DIR"] = str(scratch / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")

    import logging

    import django
    import django.utils.timezone

    django.setup()
    for name in ("weasyprint", "weasyprint.progress", "fontTools", "agenda.services", "issuing.services"):
        logging.getLogger(name).setLevel(logging.ERROR)

    from importlib.metadata import version

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from agenda.models import MonthlyPlan, Office
    from issuing import appearance, signing
    from issuing.certificates import create_test_pki
    from issuing.models import Revision
    from issuing.services import publish_plan

    pki, _created = create_test_pki(scratch / "signing", organisation="VĂN PHÒNG UBND TỈNH BẮC GIANG", password="x")
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSWORD = str(pki.signer_p12), "x"
    settings.SIGNING_TRUST_ROOTS = [str(pki.ca_cert)]
    settings.SIGNING_DIR, settings.SIGNING_DEV_IDENTITIES = str(pki.directory), True
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/bac_giang_2024_01.json", verbosity=0)

    started = time.perf_counter()
    appearance.stamp_font_path()
    font_conversion = time.perf_counter() - started

    def publish_once():
        with transaction.atomic():
            plan = MonthlyPlan.objects.get(year=2024, month=1)
            started = time.perf_counter()
            publish_plan(plan)
            elapsed = time.perf_counter() - started
            revision = Revision.objects.get(year=2024, month=1, number=1)
            content = bytes(revision.pdf)
            transaction.set_rollback(True)
        return elapsed, content

    cold, content = publish_once()
    timings = [publish_once()[0] for _run in range(args.runs)]

    from agenda.document import plans_for_document
    from exports.pdf import render_plan
    from issuing import identities

    office = Office.objects.get_solo()
    render_timings, sign_timings, check_timings = [], [], []
    for _run in range(args.runs):
        started = time.perf_counter()
        rendered = render_plan(plans_for_document().get(year=2024, month=1), final=True)
        render_timings.append(time.perf_counter() - started)
    approver = identities.dev_identity("Lê Tuấn Phú")
    image = appearance.signature_image(b"", "Lê Tuấn Phú")
    for _run in range(args.runs):
        started = time.perf_counter()
        stamp, layout = appearance.approver_stamp(rendered.signature_box, image)
        approved = signing.sign_pdf(
            rendered.content, identity=approver, stamp=stamp, signer_name="A", location="", reason="x"
        )
        moment = django.utils.timezone.now()
        signed = signing.sign_pdf(
            approved,
            identity=signing.office_identity(),
            stamp=appearance.office_stamp(office, layout, moment),
            signer_name="B",
            location="",
            reason="y",
            moment=moment,
        )
        sign_timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert signing.check_signature(signed).ours
        check_timings.append(time.perf_counter() - started)

    versions = f"pyHanko {version('pyHanko')}, WeasyPrint {version('weasyprint')}"
    print(f"{versions}, Python {platform.python_version()}, {os.cpu_count()} CPU(s)")
    print(f"signed sample: {len(content) / 1024:.0f} KiB (RSA 2048, two PAdES B-B signatures, PKCS#12 keys)")
    print(f"stamp font conversion to 1000 units/em (once per VAR_DIR): {font_conversion * 1000:.0f} ms")
    print(f"first publication in a process: {cold * 1000:.0f} ms")
    print(f"{args.runs} publications (submit, render, sign twice, store): {summary(timings)}")
    print(f"{args.runs} renders of the final document alone: {summary(render_timings)}")
    print(f"{args.runs} two signatures alone (approver + Office): {summary(sign_timings)}")
    print(f"{args.runs} signature checks (verification page): {summary(check_timings)}")


if __name__ == "__main__":
    main()
