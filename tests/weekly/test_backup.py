"""The weeks are in the backups: an archive of the office holds its leaders, weeks, entries (with their invited
agencies) and published revisions, and restores them into an empty database as they were."""

import io

from django.core.management import call_command

from agenda.models import Agency, Office
from issuing.services import publish_plan
from tests.backups.test_archive import everything
from weekly.models import Entry, WeekRevision
from weekly.publishing import publish_week
from weekly.services import build_week

from .conftest import WEEK, YEAR, add_leaders


def test_a_published_week_round_trips_through_an_office_archive(transactional_db, sample_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    publish_plan(sample_plan)
    office = Office.objects.get_solo()
    add_leaders(office)
    week = build_week(office, YEAR, WEEK)[0]
    entry = week.entries.get(source=Entry.Source.CONFERENCE, content__startswith="Hội nghị tổng kết")
    entry.invited_agencies.set([Agency.objects.get(short_name="Sở KHĐT")])
    publish_week(week, None)
    archive = tmp_path / "tinh.zip"
    out = io.StringIO()
    call_command("backup_archive", str(archive), "--office", office.slug, stdout=out)
    before = everything()

    call_command("flush", interactive=False, verbosity=0)
    assert not WeekRevision.objects.exists()
    call_command("restore_archive", str(archive), verbosity=0)
    assert everything() == before
    restored = Entry.objects.get(pk=entry.pk)
    assert [agency.short_name for agency in restored.invited_agencies.all()] == ["Sở KHĐT"]
    assert WeekRevision.objects.get().number == 1
