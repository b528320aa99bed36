import pytest
from django.core.management import call_command

from agenda.models import MonthlyPlan
from tests.reference import reference_data

SAMPLE_FIXTURE = "fixtures/bac_giang_2024_01.json"


@pytest.fixture
def sample_plan(db):
    """The reference programme as the sample fixture loads it: a draft for January 2024."""
    call_command("loaddata", SAMPLE_FIXTURE, verbosity=0)
    return MonthlyPlan.objects.get(year=2024, month=1)


@pytest.fixture
def reference():
    return reference_data()
