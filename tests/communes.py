"""The demo's commune for the tests that need a second office: its People's Committee, created as `create_office`
creates it, and its own programme of January 2024 (fixtures/xa_tan_yen_2024_01.json), loaded as `load_plan
--office` loads it."""

import io
import json

from django.conf import settings
from django.core.management import call_command

from agenda.models import MonthlyPlan, Office
from programme.services import load_plan

COMMUNE_FIXTURE = settings.BASE_DIR / "fixtures" / "xa_tan_yen_2024_01.json"
SLUG = "xa-tan-yen"


def create_commune():
    """The commune's office (a child of the first office), made once."""
    office = Office.objects.filter(slug=SLUG).first()
    if office is None:
        call_command(
            "create_office",
            SLUG,
            name="UBND XÃ TÂN YÊN",
            place="Tân Yên",
            symbol="CTr-UBND",
            code="000.00.31.H06",
            level="xa",
            parent=Office.objects.get_solo().slug,
            stdout=io.StringIO(),
        )
        office = Office.objects.get(slug=SLUG)
    return office


def commune_data():
    return json.loads(COMMUNE_FIXTURE.read_text(encoding="utf-8"))


def load_commune_plan(office=None):
    """The commune's programme of January 2024, a draft of ``office`` (the commune by default)."""
    plan, _created = load_plan(commune_data(), office=office or create_commune())
    return MonthlyPlan.objects.get(pk=plan.pk)
