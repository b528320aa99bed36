"""Publishing a week: the next immutable WeekRevision (1: the week; N: "Điều chỉnh lần N-1"), its changelog
against the last one, the notices to the agencies concerned, and the public pages told to refresh."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.signals import public_content_changed
from weekly import notices, snapshots
from weekly.errors import WeekError
from weekly.models import Week, WeekRevision, WeekSettings
from weekly.permissions import require_publish
from weekly.services import locked_week, with_links


def last_revision(week):
    return week.revisions.order_by("-number").first()


def draft_snapshot(week, week_settings=None):
    week_settings = week_settings or WeekSettings.for_office(week.office)
    return snapshots.week_snapshot(week, with_links(week.entries.all()), week_settings)


def preview(week):
    """(snapshot, changelog, previous revision) the week would be published with now: the preview page."""
    previous = last_revision(week)
    snapshot = draft_snapshot(week)
    log = snapshots.changelog(previous.snapshot if previous else None, snapshot)
    return snapshot, log, previous


@transaction.atomic
def publish_week(week, user, *, version=None, notify=True):
    """Publish ``week`` as its next revision, if ``user`` may (None: the system, from a command) and the week is
    still at ``version`` (None: not checked). Refused (WeekError) when there is nothing new to publish. After
    the commit, the agencies concerned by a change hear of it and the office's public pages refresh."""
    week_settings = WeekSettings.for_office(week.office)
    require_publish(user, week.office, week_settings)
    current = locked_week(week, version)
    previous = last_revision(current)
    snapshot = draft_snapshot(current, week_settings)
    if not snapshot["entries"] and previous is None:
        raise WeekError(_("Tuần này chưa có mục nào để phát hành."))
    log = snapshots.changelog(previous.snapshot if previous else None, snapshot)
    if previous is not None and snapshots.is_empty(log) and _same_header(previous.snapshot, snapshot):
        raise WeekError(_("Lịch tuần không có thay đổi nào so với lần phát hành trước."))
    revision = WeekRevision.objects.create(
        week=current,
        office_id=current.office_id,
        iso_year=current.iso_year,
        iso_week=current.iso_week,
        number=(previous.number + 1) if previous else 1,
        snapshot=snapshot,
        changelog=log,
        published_at=timezone.now(),
        published_by=user,
    )
    Week.objects.filter(pk=current.pk).update(state=Week.State.PUBLISHED, version=current.version + 1)
    week.state, week.version = Week.State.PUBLISHED, current.version + 1
    office = current.office
    transaction.on_commit(lambda: public_content_changed.send(sender=WeekRevision, offices=[office.pk]))
    if notify:
        concerned = snapshots.concerned_agencies(previous.snapshot if previous else None, snapshot, log)
        transaction.on_commit(lambda: notices.week_changed(revision, concerned))
    return revision


def _same_header(old, new):
    return all(old.get(key) == new.get(key) for key in ("replaces_invitation", "invitation_text", "note"))
