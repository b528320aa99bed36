"""demo_setup issues the sample notices of the province (19/01/2024) and of the commune (26/01/2024)."""

import io

import pytest
from django.core.management import call_command

from conclusions.models import ConclusionRevision, Task

pytestmark = pytest.mark.django_db


def test_demo_setup_issues_both_sample_notices_once():
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())
    call_command("demo_setup", username="demo", password="mat-khau-dai-2024", stdout=io.StringIO())  # harmless
    revisions = sorted(ConclusionRevision.objects.values_list("office__slug", "register_label", "session_date"))
    assert [(slug, label) for slug, label, _day in revisions] == [
        ("bac-giang", "01/TB-UBND"),
        ("xa-tan-yen", "01/TB-UBND"),
    ]
    assert ConclusionRevision.objects.get(office__slug="xa-tan-yen").approved_by.username == "xa.lanhdao"
    assert Task.objects.published().filter(office__slug="bac-giang").count() == 7
    assert Task.objects.published().filter(lead__short_name="Sở KHĐT").exists()
