import io

import pytest
from django.core.management import call_command

from agenda.models import Agency, MonthlyPlan
from meetings.models import Item
from tests.reference import reference_data

CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"


@pytest.fixture
def directory(db):
    """The Office's agency directory: the reference programme's agencies and two more."""
    entries = reference_data()["agencies"] + [
        {"name": CULTURE, "short_name": "Sở VHTTDL"},
        {"name": ENVIRONMENT, "short_name": "Sở TN&MT"},
    ]
    return [Agency.objects.create(name=e["name"], short_name=e["short_name"]) for e in entries]


def run_import(path, *args):
    """``manage.py import_plan PATH ARGS``: (stdout, stderr) as text."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def database_snapshot():
    """Everything an import could change, to prove that a refused import changed nothing."""
    return (
        list(MonthlyPlan.objects.values()),
        list(Item.objects.values()),
        list(Agency.objects.values()),
    )
