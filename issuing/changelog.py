"""What an amendment changed, item by item, and which agencies each change concerns.

Items are matched across revisions by ``Item.uid``, which ``copy_plan`` keeps in an
amendment: an item whose uid disappears was removed, a new uid was added, a changed
meeting date is a move, a changed list of agencies a re-assignment.
"""

from dataclasses import dataclass, field

from agenda import dates
from issuing.models import ChangeEntry
from meetings.models import Item


@dataclass
class Change:
    kind: str
    item_uid: object
    part: str
    title: str
    old_date: object = None
    new_date: object = None
    old_agencies: list = field(default_factory=list)
    new_agencies: list = field(default_factory=list)
    affected: list = field(default_factory=list)  # Agency rows
    edits: list = field(default_factory=list)  # [field, old, new] of a changed item (ChangeEntry.edits)

    def entry(self):
        """The unsaved ChangeEntry of this change: what record_changes stores, and what the signing page shows."""
        return ChangeEntry(
            kind=self.kind,
            item_uid=self.item_uid,
            part=self.part,
            title=self.title,
            old_date=self.old_date,
            new_date=self.new_date,
            old_agencies=self.old_agencies,
            new_agencies=self.new_agencies,
            edits=self.edits,
        )

    def get_kind_display(self):
        return ChangeEntry.Kind(self.kind).label

    @property
    def details(self):
        return self.entry().details


def _items_by_uid(plan, items=None):
    if items is None:
        items = Item.objects.filter(plan=plan).select_related("session").with_agencies()
    return {item.uid: item for item in sorted(items, key=lambda item: item.document_key)}


def _unique(agencies):
    seen = {}
    for agency in agencies:
        seen.setdefault(agency.pk, agency)
    return list(seen.values())


def compute_changes(previous_plan, plan, *, new_items=None):
    """The changes from ``previous_plan`` (issued) to ``plan`` (about to be issued), in document order.

    ``new_items``: the items of ``plan`` when already read with their session and agencies.
    """
    old_items, new_items = _items_by_uid(previous_plan), _items_by_uid(plan, new_items)
    changes = []
    for uid, item in new_items.items():
        new_agencies = item.ordered_agencies
        old = old_items.get(uid)
        if old is None:
            changes.append(_change(ChangeEntry.Kind.ADDED, item, new_agencies=new_agencies, affected=new_agencies))
            continue
        old_agencies = old.ordered_agencies
        if old.meeting_date != item.meeting_date:
            changes.append(
                _change(
                    ChangeEntry.Kind.MOVED,
                    item,
                    old_date=old.meeting_date,
                    old_agencies=old_agencies,
                    new_agencies=new_agencies,
                    affected=_unique(old_agencies + new_agencies),
                )
            )
        if [agency.pk for agency in old_agencies] != [agency.pk for agency in new_agencies]:
            changes.append(
                _change(
                    ChangeEntry.Kind.REASSIGNED,
                    item,
                    old_date=old.meeting_date,
                    old_agencies=old_agencies,
                    new_agencies=new_agencies,
                    affected=_reassignment_affects(old_agencies, new_agencies),
                )
            )
        edits = _edits(old, item)
        if edits:
            change = _change(
                ChangeEntry.Kind.CHANGED,
                item,
                old_date=old.meeting_date,
                old_agencies=old_agencies,
                new_agencies=new_agencies,
                affected=new_agencies,
            )
            change.edits = edits
            changes.append(change)
    for uid, old in old_items.items():
        if uid not in new_items:
            agencies = old.ordered_agencies
            changes.append(_change(ChangeEntry.Kind.REMOVED, old, old_agencies=agencies, affected=agencies, new=False))
    return changes


def _edits(old, item):
    """[field, old, new] for each of the item's title, time, place and part that changed (JSON values)."""
    edits = []
    for name in ("title", "time", "place", "part"):
        before, after = getattr(old, name), getattr(item, name)
        if before != after:
            if name == "time":
                before, after = (value.strftime("%H:%M") if value else "" for value in (before, after))
            edits.append([name, before, after])
    return edits


def _reassignment_affects(old_agencies, new_agencies):
    """Agencies that gained or lost the item, and both leads when the lead changed."""
    old_ids, new_ids = {agency.pk for agency in old_agencies}, {agency.pk for agency in new_agencies}
    affected = [agency for agency in old_agencies + new_agencies if agency.pk in old_ids ^ new_ids]
    if old_agencies and new_agencies and old_agencies[0].pk != new_agencies[0].pk:
        affected += [old_agencies[0], new_agencies[0]]
    return _unique(affected)


def _change(kind, item, *, old_date=None, old_agencies=(), new_agencies=(), affected=(), new=True):
    return Change(
        kind=kind,
        item_uid=item.uid,
        part=item.part,
        title=item.title,
        old_date=old_date if new else item.meeting_date,
        new_date=item.meeting_date if new else None,
        old_agencies=[agency.name for agency in old_agencies],
        new_agencies=[agency.name for agency in new_agencies],
        affected=list(affected),
    )


def record_changes(revision, changes):
    """Store ``changes`` as the revision's changelog (at issue time; never changed afterwards)."""
    entries = []
    for position, change in enumerate(changes):
        entry = change.entry()
        entry.revision, entry.position = revision, position
        entries.append(entry)
    ChangeEntry.objects.bulk_create(entries)  # one INSERT; the rows get their ids back
    entries = list(zip(entries, changes, strict=True))
    Through = ChangeEntry.agencies.through
    Through.objects.bulk_create(
        Through(changeentry=entry, agency=agency) for entry, change in entries for agency in change.affected
    )


def changes_for_agency(agency, limit=20, since=None, year=None):
    """The latest changes that concern ``agency``, newest revision first (one query).

    ``since`` (year, month): only the revisions of that month's plan and later ones, so that the query
    reads a window of the agency's changes, not all of its history. ``year``: only the revisions of
    that year's plans (an agency's page of that year); ``limit`` None: all of them.
    """
    changes = ChangeEntry.objects.filter(agencies=agency)
    if since is not None:
        changes = changes.filter(dates.from_month(*since, prefix="revision__"))
    if year is not None:
        changes = changes.filter(revision__year=year)
    return list(
        changes.select_related("revision")
        .defer("revision__pdf", "revision__snapshot")
        .order_by("-revision__issued_at", "position")[:limit]
    )
