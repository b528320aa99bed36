"""What the public side reads of the weeks: published revisions only (a draft's entries never leak).

Every function reads the immutable ``WeekRevision`` snapshots, never ``Entry`` rows: what the public sees is
what was published, with the leaders' names and titles as they were then. Each runs a fixed number of queries.
"""

import datetime

from weekly.models import Leader, WeekRevision


def latest_revision(office, iso_year, iso_week):
    """The week's last published revision, or None (a week never published, or only a draft)."""
    return WeekRevision.objects.of(office).for_week(iso_year, iso_week).order_by("-number").first()


def revisions_of_week(office, iso_year, iso_week):
    """Every published revision of the week, newest first (the "Điều chỉnh lần N" history)."""
    return list(WeekRevision.objects.of(office).for_week(iso_year, iso_week).order_by("-number"))


def latest_revisions(office, *, since=None, limit=None):
    """The last revision of each published week of ``office``, newest week first (RSS, the week picker, the
    leaders' and agencies' calendars). ``since``: only weeks whose Monday is on or after that date."""
    revisions = WeekRevision.objects.of(office).order_by("iso_year", "iso_week", "-number")
    if since is not None:
        year, week, _day = since.isocalendar()
        revisions = revisions.filter(iso_year__gt=year) | revisions.filter(iso_year=year, iso_week__gte=week)
    revisions = revisions.order_by("-iso_year", "-iso_week", "-number").distinct("iso_year", "iso_week")
    revisions = list(revisions[:limit] if limit else revisions)
    return revisions


def week_of(day):
    """(ISO year, ISO week) of ``day``."""
    year, week, _weekday = day.isocalendar()
    return year, week


def monday_of(iso_year, iso_week):
    return datetime.date.fromisocalendar(iso_year, iso_week, 1)


def entries_for_leader(revisions, leader):
    """(revision, entry dict) of the revisions' entries where ``leader`` (a Leader or its slug) chairs or
    attends, matched by the leader's id (its slug when given a slug)."""
    if isinstance(leader, Leader):
        match = lambda row: row.get("id") == leader.pk  # noqa: E731
    else:
        match = lambda row: row.get("slug") == leader  # noqa: E731
    return [
        (revision, entry)
        for revision in revisions
        for entry in revision.entries
        if any(match(row) for row in entry.get("leaders", []))
    ]


def entries_for_agency(revisions, agency):
    """(revision, entry dict) of the revisions' entries that ``agency`` (an Agency or its pk) prepares or is
    invited to."""
    pk = getattr(agency, "pk", agency)
    return [
        (revision, entry)
        for revision in revisions
        for entry in revision.entries
        if any(row.get("id") == pk for row in [*entry.get("agencies", []), *entry.get("invited", [])])
    ]


def active_leaders(office, day=None):
    """The office's leaders in office on ``day`` (default today), in order (the leaders' calendars list)."""
    day = day or datetime.date.today()
    return list(Leader.objects.of(office).active_on(day).order_by("order", "pk"))
