import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from access.roles import APPROVER_GROUP, CLERK_GROUP, EDITOR_GROUP
from conclusions.models import Conclusion
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "bac_giang_2024_01_ket_luan.json"
COMMUNE_SAMPLE = ROOT / "fixtures" / "xa_tan_yen_2024_01_ket_luan.json"


def sample_data():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def pdfsig(path):
    """poppler's report, one block per signature (its exit code is 0 even on failure: read the text)."""
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    return report.split("Signature #")[1:]


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def loaded(sample_plan):
    """The sample's conclusion of 19/01/2024 loaded as a draft (the command)."""
    call_command("load_conclusion", str(SAMPLE), verbosity=0)
    return Conclusion.objects.get(session_date="2024-01-19")


@pytest.fixture
def people(db):
    return {
        "editor": make_user("chuyenvien", EDITOR_GROUP),
        "approver": make_user("lanhdao", APPROVER_GROUP, first_name="Lê Tuấn", last_name="Phú"),
        "clerk": make_user("vanthu", CLERK_GROUP),
    }
