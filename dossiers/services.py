"""Dossier operations: receiving an upload, a department's mark, the state of each item's dossier, the download
log."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import DossierFile, DossierSubmission, FileAccess
from dossiers.permissions import is_lead
from meetings.models import DossierMark

logger = logging.getLogger("dossiers.access")


def submit_dossier(item, agency, user, uploads, note=""):
    """Store ``uploads`` [(file, kind, name)] as ``agency``'s new dossier of ``item``; earlier ones stay."""
    with transaction.atomic():
        submission = DossierSubmission.objects.create(
            item=item, agency=agency, submitted_by=user, submitted_at=timezone.now(), note=note
        )
        for position, (upload, kind, name) in enumerate(uploads):
            dossier_file = DossierFile(submission=submission, name=name, kind=kind, size=upload.size, position=position)
            dossier_file.file.save(name, upload, save=False)
            dossier_file.save()
    return submission


def log_access(user, what, obj, name):
    """Record one download (who, what, when) in the database and the log."""
    FileAccess.objects.create(user=user if user.is_authenticated else None, what=what, object_id=obj.pk, name=name)
    logger.info("download %s %s %r by %s", what, obj.pk, name, user.get_username())


class DossierState:
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"  # nothing yet, deadline passed
    WAITING = "waiting"  # nothing yet, deadline still ahead

    LABELS = {
        ON_TIME: _("Đúng hạn"),
        LATE: _("Gửi muộn"),
        OVERDUE: _("Quá hạn, chưa gửi"),
        WAITING: _("Chưa gửi"),
    }


@dataclass
class DossierRow:
    """One item with its dossier as the Office and the departments see it."""

    item: object
    deadline: object
    today: object
    submissions: list = field(default_factory=list)  # newest first
    agency: object = None  # the reader's agency (departments), else None

    @property
    def current(self):
        return self.submissions[0] if self.submissions else None

    @property
    def first(self):
        return self.submissions[-1] if self.submissions else None

    @property
    def lead(self):
        agencies = self.item.ordered_agencies
        return agencies[0] if agencies else None

    @property
    def supporting(self):
        return self.item.ordered_agencies[1:]

    @property
    def is_lead(self):
        return self.agency is not None and is_lead(self.item, self.agency)

    @property
    def state(self):
        if self.first is not None:
            return DossierState.ON_TIME if self.first.is_on_time(self.deadline) else DossierState.LATE
        if self.deadline is not None and self.today > self.deadline:
            return DossierState.OVERDUE
        return DossierState.WAITING

    @property
    def state_label(self):
        return DossierState.LABELS[self.state]

    @property
    def is_late(self):
        return self.state in (DossierState.LATE, DossierState.OVERDUE)

    @property
    def files(self):
        return list(self.current.files.all()) if self.current else []


def dossier_rows(items, lead_days, agency=None, today=None):
    """DossierRow for each of ``items`` (agencies prefetched), in the given order: two more queries."""
    today = today or timezone.localdate()
    items = list(items)
    by_uid = {}
    # By the item's uid, which an amendment keeps: a dossier sent before the plan was amended stays.
    submissions = (
        DossierSubmission.objects.filter(item__uid__in=[item.uid for item in items])
        .annotate(item_uid=F("item__uid"))
        .select_related("submitted_by")
        .prefetch_related("files")
        .order_by("-submitted_at", "-pk")
    )
    for submission in submissions:
        by_uid.setdefault(submission.item_uid, []).append(submission)
    return [
        DossierRow(item, item.dossier_deadline(lead_days), today, by_uid.get(item.uid, []), agency) for item in items
    ]


def mark_dossier(item, agency, user, *, is_sent, note):
    """Record whether ``agency`` has sent the dossier of ``item``, with a note."""
    mark, _created = DossierMark.objects.get_or_create(item=item, agency=agency)
    if is_sent and not mark.is_sent:
        mark.sent_at = timezone.now()
    elif not is_sent:
        mark.sent_at = None
    mark.is_sent = is_sent
    mark.note = note
    mark.marked_by = user
    mark.save()
    return mark
