"""Rendered PDFs of the sample, shared by the PDF tests (rendering takes about a second).

Each is rendered once per session inside a transaction that is rolled back, so the
database the other tests see is untouched.
"""

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import transaction

from agenda.models import MonthlyPlan
from exports.pdf import RenderedPdf, render_plan
from programme.document import plans_for_document
from tests.conftest import SAMPLE_FIXTURE

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
VERIFICATION_URL = "https://vanphong.example.gov.vn/xac-thuc/?ma=7F3K-22QX"


@dataclass
class SamplePdf:
    path: Path
    rendered: RenderedPdf
    plan: MonthlyPlan

    @property
    def content(self):
        return self.rendered.content

    def open(self):
        return pdfplumber.open(self.path)


def pdftotext(path, *, body_only=False, first=None, last=None):
    """Text by poppler's pdftotext; ``body_only`` crops every page to the area inside the margins."""
    command = ["pdftotext", "-enc", "UTF-8"]
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    if body_only:
        width, height = A4
        top, bottom = MARGINS["top"], MARGINS["bottom"]
        command += ["-r", "72", "-x", "0", "-y", str(int(top)), "-W", str(int(width) + 1)]
        command += ["-H", str(int(height - top - bottom) + 1)]
    return subprocess.run([*command, str(path), "-"], check=True, capture_output=True, text=True).stdout


def _render_sample(directory, name, *, publish, amendment_number=0, **kwargs):
    """The sample rendered as a draft, or (``publish``) as the signing step renders it: final, with
    the number and date the register gave (here the real one's: 15, 28/12/2023)."""
    with transaction.atomic():
        call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
        plan = plans_for_document().get(year=2024, month=1)
        plan.amendment_number = amendment_number
        if publish:
            plan.number = "15"
            plan.issue_date = datetime.date(2023, 12, 28)
        rendered = render_plan(plan, final=publish, **kwargs)
        transaction.set_rollback(True)
    path = directory / f"{name}.pdf"
    path.write_bytes(rendered.content)
    return SamplePdf(path, rendered, plan)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def draft_pdf(django_db_setup, django_db_blocker, pdf_dir):
    """The sample as loaded: a draft, no number, no date."""
    with django_db_blocker.unblock():
        return _render_sample(pdf_dir, "draft", publish=False)


@pytest.fixture(scope="session")
def published_pdf(django_db_setup, django_db_blocker, pdf_dir):
    """The sample issued as the real one was: number 15, dated 28/12/2023."""
    with django_db_blocker.unblock():
        return _render_sample(pdf_dir, "published", publish=True)


@pytest.fixture(scope="session")
def verified_pdf(django_db_setup, django_db_blocker, pdf_dir):
    """The issued sample as the signing step renders it: QR code of the verification URL, amendment label."""
    with django_db_blocker.unblock():
        return _render_sample(
            pdf_dir,
            "verified",
            publish=True,
            verification_url=VERIFICATION_URL,
            amendment_number=1,
        )
