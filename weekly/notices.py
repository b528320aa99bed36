"""E-mails to the departments about a published week: each department user whose agency prepares or is invited
to an entry that is new, changed or removed hears once, in their language, from the office that published it."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from access.permissions import department_users
from agenda import dates
from jobs import outbox
from ubnd_schedule import mail
from weekly import snapshots


def week_url(revision, base_url=None):
    """The public page of the week (the public side's /<office>/lich-tuan/<yyyy>/<ww>/)."""
    base_url = settings.SITE_URL if base_url is None else base_url
    return f"{base_url}/{revision.office.slug}/lich-tuan/{revision.iso_year}/{revision.iso_week:02d}/"


def lines_for_agency(revision, agency_id):
    """The changelog's lines (weekly.snapshots.describe) naming ``agency_id`` (the first publishing: every
    entry of the agency)."""
    previous = revision.week.revisions.filter(number=revision.number - 1).first()
    old = {e["uid"]: e for e in previous.snapshot["entries"]} if previous else {}
    lines = []
    if previous is None:
        lines = [("added", entry, []) for entry in revision.entries]
    else:
        lines = snapshots.describe(revision.changelog, revision.snapshot)
    lines = [line for line in lines if _names(line[1], agency_id) or _names(old.get(line[1]["uid"], {}), agency_id)]
    return [(kind, {**entry, "date_label": _date_label(entry["date"])}, fields) for kind, entry, fields in lines]


def _date_label(iso):
    return dates.dated_label(datetime.date.fromisoformat(iso), start=True)


def _names(entry, agency_id):
    return any(row["id"] == agency_id for row in entry.get("agencies", []) + entry.get("invited", []))


def week_changed(revision, agency_ids, base_url=None):
    """Tell the department users of ``agency_ids`` what ``revision`` changed for their agency: one e-mail each.
    Returns the number sent."""
    if not agency_ids:
        return 0
    office = revision.office

    def subject():
        if revision.number == 1:
            return _("Lịch công tác tuần %(week)02d/%(year)s đã phát hành") % {
                "week": revision.iso_week,
                "year": revision.iso_year,
            }
        return _("Lịch công tác tuần %(week)02d/%(year)s: %(label)s") % {
            "week": revision.iso_week,
            "year": revision.iso_year,
            "label": revision.label,
        }

    messages, keys, seen = [], [], set()
    for user in department_users(sorted(agency_ids)):
        if user.pk in seen:
            continue
        seen.add(user.pk)
        agency = user.department.agency
        context = {
            "revision": revision,
            "agency": agency,
            "lines": lines_for_agency(revision, agency.pk),
            "url": week_url(revision, base_url),
        }
        messages.append(
            mail.message_to(user, subject, "weekly/email/week_changed.txt", context, office_name=office.reading_name)
        )
        keys.append(f"week-changed:{revision.pk}:{user.pk}")  # one e-mail per publication and person
    return outbox.send(messages, keys)
