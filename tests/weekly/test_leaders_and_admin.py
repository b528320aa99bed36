"""Leaders change over time without rewriting the past; the admin is the system administrator's only; the
public queries read published revisions only."""

import datetime

import pytest

from access.permissions import EDITOR_GROUP
from tests.conftest import make_user
from weekly.forms import leader_choices
from weekly.models import Leader, Week, WeekRevision
from weekly.publishing import publish_week
from weekly.queries import entries_for_agency, latest_revision, latest_revisions
from weekly.services import build_week

from .conftest import WEEK, YEAR


def test_a_leader_who_left_is_not_offered_for_a_later_week(office, leaders):
    leaders[2].active_until = datetime.date(2024, 1, 10)
    leaders[2].save()
    week = Week.objects.create(office=office, iso_year=YEAR, iso_week=WEEK)
    assert list(leader_choices(week)) == leaders[:2]
    earlier = Week.objects.create(office=office, iso_year=YEAR, iso_week=2)
    assert list(leader_choices(earlier)) == leaders
    assert list(Leader.objects.of(office).active_on(datetime.date(2024, 1, 15))) == leaders[:2]


def test_drafts_never_reach_the_public_queries(office, issued_january, leaders, week_approver):
    week = build_week(office, YEAR, WEEK)[0]
    assert latest_revision(office, YEAR, WEEK) is None
    assert latest_revisions(office) == []
    publish_week(week, week_approver)
    week.entries.update(content="Nội dung nháp chưa phát hành")
    revision = latest_revision(office, YEAR, WEEK)
    assert "Nội dung nháp chưa phát hành" not in str(revision.snapshot)
    assert [r.pk for r in latest_revisions(office, since=datetime.date(2024, 1, 1))] == [revision.pk]
    assert latest_revisions(office, since=datetime.date(2024, 2, 1)) == []
    assert entries_for_agency([revision], 999999) == []


@pytest.mark.parametrize("path", ["leader", "week", "weekrevision", "weeksettings"])
def test_the_admin_is_the_system_administrators(client, office, issued_january, leaders, path, week_approver):
    publish_week(build_week(office, YEAR, WEEK)[0], week_approver)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert client.get(f"/admin/weekly/{path}/").status_code == 200
    revision = WeekRevision.objects.get()
    assert client.get(f"/admin/weekly/weekrevision/{revision.pk}/change/").status_code == 200
    client.force_login(make_user("chuyenvien2", EDITOR_GROUP, is_staff=True))
    assert client.get(f"/admin/weekly/{path}/").status_code == 403
