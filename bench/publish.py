"""Benchmark: issuing the sample programme, against rendering it once (goal P3 of issue #11).

    .venv/bin/python bench/publish.py [--runs 7] [--profile]

Not a test: it measures, it asserts nothing. It uses a throw-away database (SQLite, or
``--database-url``: a database of its own, migrated and loaded with the sample if need be) and a throw-away test PKI
(PKCS#12 keys), loads the sample (January 2024, 55 items) and rolls every run back.

What is timed, all in one process and one run so that the machine's noise cancels:

* **render**: what issuing renders, alone: the plan read as the document needs it, rendered final
  (number, date, verification QR code, no draft mark) — the denominator of both ratios;
* **command path**: ``publish_plan`` on the draft (submit, reserve the number, render, the
  approver's signature, the Office's seal, the revision, snapshot, history), the
  render cache emptied before each run: P3 = command path / render;
* **workspace path**: the approver's ``sign`` on the render their signing page showed (already in
  the render cache, as after ``prepare_signing``), then the văn thư's ``seal``, each as its own
  request would call it with real users: P3 (workspace) = (sign + seal) / render.

Medians of ``--runs`` runs after one warm-up run of each (the first signature of a process loads
the key, the stamp font and the images; its time is printed apart). ``--profile`` adds a cProfile
breakdown of the command path by stage. The timed runs use the collector settings of
gunicorn.conf.py, where the workspace path runs (``--gc-default``: Python's own).
"""

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def summary(timings):
    return f"median {ms(statistics.median(timings))} (min {ms(min(timings))}, max {ms(max(timings))})"


def profile_breakdown(profile, runs):
    stats = pstats.Stats(profile)
    found = {}
    for (filename, _line, name), (_calls, _primitive, _tottime, cumtime, _callers) in stats.stats.items():
        found[(filename, name)] = found.get((filename, name), 0) + cumtime
    total = sum(value for (filename, name), value in found.items() if name == "publish_plan")

    def cumulative(suffix, name):
        return sum(
            value for (filename, found_name), value in found.items() if found_name == name and filename.endswith(suffix)
        )

    lines = [f"profile of {runs} publications (cProfile inflates the times; read the shares):"]
    rows = [
        ("publish_plan", total),
        ("render (WeasyPrint)", cumulative("exports/pdf.py", "render_plan")),
        ("two signatures (pyHanko)", cumulative("pyhanko/sign/signers/pdf_signer.py", "sign_pdf")),
        ("snapshot (plan_to_data)", cumulative("programme/interchange.py", "plan_to_data")),
        ("changelog", cumulative("issuing/changelog.py", "record_changes")),
        ("submit (state, history)", cumulative("issuing/services.py", "submit")),
        ("register number", cumulative("issuing/services.py", "reserve_number")),
        ("database (all queries)", cumulative("django/db/backends/utils.py", "execute")),
    ]
    for label, value in rows:
        share = f"{value / total * 100:4.0f} %" if total else ""
        lines.append(f"  {label:28s} {value / runs * 1000:7.1f} ms/run {share}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measure (after one warm-up)")
    parser.add_argument("--profile", action="store_true", help="add a cProfile breakdown of the command path")
    parser.add_argument("--database-url", default="", help="default: a throw-away SQLite file")
    parser.add_argument(
        "--gc-default",
        action="store_true",
        help="keep Python's collector settings (default: tuned as gunicorn.conf.py, where the workspace path runs)",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    scratch = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["VAR_DIR"] = str(scratch / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")

    import logging

    import django
    import django.utils.timezone

    django.setup()
    for name in ("weasyprint", "weasyprint.progress", "fontTools", "programme.services", "issuing.services"):
        logging.getLogger(name).setLevel(logging.ERROR)

    from importlib.metadata import version

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction

    from access.models import Membership
    from access.roles import APPROVER, CLERK
    from agenda.models import MonthlyPlan, Office
    from exports.pdf import render_plan
    from issuing import services, verification
    from issuing.certificates import create_test_pki
    from programme.document import plans_for_document

    pki, _created = create_test_pki(scratch / "signing", organisation="VĂN PHÒNG UBND TỈNH BẮC GIANG", password="x")
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSWORD = str(pki.signer_p12), "x"
    settings.SIGNING_TRUST_ROOTS = [str(pki.ca_cert)]
    settings.SIGNING_DIR, settings.SIGNING_DEV_IDENTITIES = str(pki.directory), True
    settings.SIGNING_PKCS11_LIB, settings.SIGNING_TSA_URL = "", ""
    call_command("migrate", verbosity=0)
    call_command("loaddata", "fixtures/bac_giang_2024_01.json", verbosity=0)
    approver, _new = User.objects.get_or_create(
        username="lanh-dao-bench", defaults={"first_name": "Lê Tuấn", "last_name": "Phú"}
    )
    Membership.objects.grant(approver, Office.objects.get_solo(), APPROVER)
    clerk, _new = User.objects.get_or_create(username="van-thu-bench")
    Membership.objects.grant(clerk, Office.objects.get_solo(), CLERK)

    def plan():
        return MonthlyPlan.objects.get(year=2024, month=1)

    def render_once():
        started = time.perf_counter()
        document_plan = plans_for_document().get(year=2024, month=1)
        document_plan.number, document_plan.issue_date = "1", django.utils.timezone.localdate()
        rendered = render_plan(
            document_plan, verification_url=services.verification_url(document_plan.office, 2024, 1, 1), final=True
        )
        elapsed = time.perf_counter() - started
        return elapsed, rendered.content

    def command_path_once():
        with transaction.atomic():
            cache.clear()  # the render is part of this path
            started = time.perf_counter()
            services.publish_plan(plan())
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    def workspace_path_once():
        with transaction.atomic():
            services.submit(plan(), approver)
            draft = services.prepare_signing(plan())  # the signing page: renders, keeps it in the cache
            started = time.perf_counter()
            services.sign(plan(), approver, expected_sha256=draft.sha256)
            signed = time.perf_counter()
            revision = services.seal(plan(), clerk)
            sealed = time.perf_counter()
            content = bytes(revision.pdf)
            transaction.set_rollback(True)
        return signed - started, sealed - signed, content

    cold = command_path_once()  # the first in this process: key, stamp font, images loaded here
    render_once()
    if not args.gc_default:  # as a gunicorn worker runs (gunicorn.conf.py): start-up objects frozen, fewer collections
        import gc
        import runpy

        gc.collect()
        gc.freeze()
        gc.set_threshold(*runpy.run_path(str(ROOT / "gunicorn.conf.py"))["GC_THRESHOLDS"])
    _sign, _seal, content = workspace_path_once()
    size = len(content)

    renders, commands, signs, seals, both = [], [], [], [], []
    for _run in range(args.runs):  # interleaved: a busy moment of the machine hits every measure
        renders.append(render_once()[0])
        commands.append(command_path_once())
        sign_time, seal_time, _size = workspace_path_once()
        signs.append(sign_time)
        seals.append(seal_time)
        both.append(sign_time + seal_time)

    render = statistics.median(renders)
    versions = f"pyHanko {version('pyHanko')}, WeasyPrint {version('weasyprint')}, asn1crypto {version('asn1crypto')}"
    print(f"{versions}, Python {platform.python_version()}, {os.cpu_count()} CPU(s), {connection.vendor}")
    print(f"signed sample: {size / 1024:.0f} KiB (RSA 2048, two PAdES B-B signatures, PKCS#12 keys)")
    print(f"first publication in a process (loads the keys, the stamp font, the images): {ms(cold)}")
    print(f"{args.runs} renders of the final document alone: {summary(renders)}")
    print(f"{args.runs} command paths (publish_plan: submit, render, sign, seal, store): {summary(commands)}")
    print(f"{args.runs} approver signatures on the cached render (sign): {summary(signs)}")
    print(f"{args.runs} seals by the văn thư (seal: sign, revision, snapshot): {summary(seals)}")
    checks = []
    for _run in range(args.runs):
        started = time.perf_counter()
        verification.check_signature(content)
        checks.append(time.perf_counter() - started)
    print(f"{args.runs} full checks of both signatures (the verification page): {summary(checks)}")
    print(f"P3 command path   = publish_plan / render = {statistics.median(commands) / render:.2f}  (goal ≤ 1.3)")
    print(f"P3 workspace path = (sign + seal) / render = {statistics.median(both) / render:.2f}  (goal ≤ 1.3)")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _run in range(args.runs):
            command_path_once()
        profile.disable()
        print(profile_breakdown(profile, args.runs))


if __name__ == "__main__":
    main()
