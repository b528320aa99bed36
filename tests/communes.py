"""The demo's commune for the tests that need a second office: its People's Committee, created as `create_office`
creates it, and its own programme of January 2024 (fixtures/xa_tan_yen_2024_01.json), loaded as `load_plan
--office` loads it."""

import json

from django.conf import settings

from agenda.models import MonthlyPlan
from programme.services import load_plan
from tests.offices import create_commune

COMMUNE_FIXTURE = settings.BASE_DIR / "fixtures" / "xa_tan_yen_2024_01.json"


def commune_data():
    return json.loads(COMMUNE_FIXTURE.read_text(encoding="utf-8"))


def load_commune_plan(office=None):
    """The commune's programme of January 2024, a draft of ``office`` (the commune by default)."""
    plan, _created = load_plan(commune_data(), office=office or create_commune())
    return MonthlyPlan.objects.get(pk=plan.pk)
