"""A week's entries frozen as a revision keeps them (WeekRevision.snapshot), and what changed between two.

The snapshot keeps names, not only ids: the leaders' names and titles and the agencies' names as they were
when the week was published, so that a later change of a leader's title does not rewrite a past week.
"""

from django.utils.translation import gettext_lazy as _

#: The fields of an entry a reader sees, compared between revisions (the changelog names them).
COMPARED_FIELDS = (
    "date",
    "half_day",
    "start_time",
    "content",
    "place",
    "leaders",
    "participants",
    "invited",
    "invited_text",
    "agencies",
    "accompanying",
)

FIELD_LABELS = {
    "date": _("ngày"),
    "half_day": _("buổi"),
    "start_time": _("giờ"),
    "content": _("nội dung"),
    "place": _("địa điểm"),
    "leaders": _("lãnh đạo"),
    "participants": _("thành phần"),
    "invited": _("cơ quan được mời"),
    "invited_text": _("mời thêm"),
    "agencies": _("cơ quan chuẩn bị"),
    "accompanying": _("Văn phòng phục vụ"),
}


def entry_snapshot(entry):
    """One entry (with its links prefetched: weekly.services.with_links) as the revision keeps it."""
    return {
        "uid": str(entry.uid),
        "date": entry.date.isoformat(),
        "half_day": entry.half_day,
        "half_day_label": str(entry.get_half_day_display()),
        "start_time": entry.start_time.strftime("%H:%M") if entry.start_time else "",
        "content": entry.content,
        "place": entry.place,
        "leaders": [
            {
                "id": link.leader_id,
                "slug": link.leader.slug,
                "name": link.leader.name,
                "title": link.leader.title,
                "role": link.role,
            }
            for link in entry.leader_links.all()
        ],
        "participants": entry.participants,
        "invited": [{"id": agency.pk, "name": agency.name} for agency in entry.invited_agencies.all()],
        "invited_text": entry.invited_text,
        "agencies": [
            {"id": link.agency_id, "name": link.agency.name, "role": link.role} for link in entry.agency_links.all()
        ],
        "accompanying": entry.accompanying,
        "source": entry.source,
        "changed": False,
    }


def week_snapshot(week, entries, week_settings):
    replaces = week.replaces_invitation
    if replaces is None:
        replaces = week_settings.replaces_invitation
    return {
        "replaces_invitation": replaces,
        "invitation_text": week_settings.invitation_text,
        "note": week.note,
        "entries": [entry_snapshot(entry) for entry in entries],
    }


def changed_fields(old, new):
    return [field for field in COMPARED_FIELDS if old.get(field) != new.get(field)]


def changelog(previous, current):
    """What changed from the ``previous`` snapshot (None: the first publishing) to ``current``, by entry uid;
    marks each new or changed entry of ``current`` (``changed``: True). A first publishing marks nothing."""
    if previous is None:
        return {"added": [], "removed": [], "changed": []}
    before = {entry["uid"]: entry for entry in previous["entries"]}
    now = {entry["uid"] for entry in current["entries"]}
    added, changed = [], []
    for entry in current["entries"]:
        old = before.get(entry["uid"])
        if old is None:
            added.append(entry["uid"])
            entry["changed"] = True
            continue
        fields = changed_fields(old, entry)
        if fields:
            changed.append({"uid": entry["uid"], "fields": fields})
            entry["changed"] = True
    removed = [
        {"uid": uid, "date": entry["date"], "half_day": entry["half_day"], "content": entry["content"]}
        for uid, entry in before.items()
        if uid not in now
    ]
    return {"added": added, "removed": removed, "changed": changed}


def is_empty(log):
    return not (log["added"] or log["removed"] or log["changed"])


def concerned_agencies(previous, current, log):
    """The ids of the agencies that prepare or are invited to an entry added, removed or changed (before or
    after the change), every entry's at the first publishing: the ones to tell."""
    touched = set(log["added"]) | {row["uid"] for row in log["removed"]} | {row["uid"] for row in log["changed"]}
    if previous is None:  # the first publishing: every entry is news
        touched = {entry["uid"] for entry in current["entries"]}
    agencies = set()
    for snapshot in (previous or {"entries": []}, current):
        for entry in snapshot["entries"]:
            if entry["uid"] in touched:
                agencies.update(row["id"] for row in entry["agencies"] + entry["invited"])
    return agencies


def describe(log, snapshot, previous=None):
    """The changelog as lines a reader (the preview, the e-mail) understands: ("added"|"removed"|"changed",
    entry dict, [field labels])."""
    entries = {entry["uid"]: entry for entry in snapshot["entries"]}
    lines = [("added", entries[uid], []) for uid in log["added"] if uid in entries]
    lines += [("changed", entries[row["uid"]], [str(FIELD_LABELS[f]) for f in row["fields"]]) for row in log["changed"]]
    lines += [("removed", row, []) for row in log["removed"]]
    return lines
