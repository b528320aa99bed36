"""Writing a notice before it is issued: starting it from a session, loading a file, editing an item's
conclusion and the tasks. Every write checks the notice's state and version (a page loaded before another
change is refused rather than overwriting it) and moves the version once (``Conclusion.touch``)."""

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from agenda.models import Agency, MonthlyPlan
from conclusions.document import default_title
from conclusions.interchange import ConclusionFileError, parse_conclusion_data, session_items
from conclusions.models import Conclusion, ConclusionEntry, Task
from meetings.models import RegularSession
from ubnd_schedule.errors import ConflictError


class NotEditableError(ConflictError):
    """The notice is in review, signed or issued: its content does not change (amend it first)."""

    def __init__(self, conclusion):
        super().__init__(
            _("Thông báo kết luận đang ở trạng thái “%(status)s”: không sửa được nội dung.")
            % {"status": conclusion.get_status_display()}
        )


class StaleVersionError(ConflictError):
    def __init__(self):
        super().__init__(_("Thông báo kết luận vừa được người khác sửa: hãy tải lại trang để xem bản mới rồi sửa lại."))


def find_session(office, day):
    """The regular session of ``office`` on ``day``: the issued programme's, else the newest working copy's."""
    sessions = RegularSession.objects.filter(plan__office=office, date=day).select_related("plan")
    sessions = sessions.prefetch_related("items")
    ranked = sorted(sessions, key=lambda s: (s.plan.status != MonthlyPlan.Status.PUBLISHED, -s.plan.pk))
    return ranked[0] if ranked else None


def locked(conclusion):
    return Conclusion.objects.select_for_update().get(pk=conclusion.pk)


def check_editable(conclusion, version=None):
    if not conclusion.is_editable:
        raise NotEditableError(conclusion)
    if version is not None and int(version) != conclusion.version:
        raise StaleVersionError()


def start_conclusion(office, session, user=None):
    """A new draft for ``session``: one entry per item, in the session's order, named after the item."""
    with transaction.atomic():
        conclusion = Conclusion.objects.create(
            office=office,
            session=session,
            session_date=session.date,
            title=default_title(office, session.date),
            created_by=user,
        )
        ConclusionEntry.objects.bulk_create(
            ConclusionEntry(conclusion=conclusion, item=item, position=index, heading=item.title)
            for index, item in enumerate(session_items(session), 1)
        )
    return conclusion


def agencies_by_name(office, names):
    """The agencies of ``office`` the names name (their full or short name), creating the unknown ones in the
    office's directory as the programme's importer does."""
    known = {}
    for agency in Agency.objects.of(office).filter(name__in=names):
        known[agency.name] = agency
    for agency in Agency.objects.of(office).filter(short_name__in=set(names) - set(known)):
        known.setdefault(agency.short_name, agency)
    for name in names:
        if name not in known:
            known[name] = Agency.objects.create(office=office, name=name, short_name=name, kind=Agency.guess_kind(name))
    return known


def load_conclusion(data, office):
    """Load the decoded file ``data`` as the draft of its session's notice: ``(conclusion, created)``.

    All or nothing: a file with problems (:class:`ConclusionFileError`), a notice already in review, signed or
    issued (:class:`NotEditableError`) changes nothing. Tasks carrying the ``uid`` of one of the notice's tasks
    update it (its follow-up stays); a task already issued cannot be left out of the file."""

    def item_count(day):
        session = find_session(office, day)
        return len(session_items(session)) if session else None

    parsed = parse_conclusion_data(data, item_count)
    session = find_session(office, parsed["session_date"])
    with transaction.atomic():
        conclusion = (
            Conclusion.objects.select_for_update()
            .filter(office=office, session_date=parsed["session_date"], conference__isnull=True)
            .first()
        )
        created = conclusion is None
        if created:
            conclusion = start_conclusion(office, session)
        check_editable(conclusion)
        _write(conclusion, session, parsed)
    return conclusion, created


def _write(conclusion, session, parsed):
    items = session_items(session)
    kept = {task.uid: task for task in conclusion.tasks.all()}
    wanted = {task["uid"] for task in parsed["tasks"] if task["uid"]}
    dropped = [task for uid, task in kept.items() if uid not in wanted]
    if any(task.published_at for task in dropped):
        raise ConclusionFileError([_("tasks: không bỏ được nhiệm vụ đã ban hành (giữ lại nhiệm vụ có “uid” của nó).")])
    Task.objects.filter(pk__in=[task.pk for task in dropped]).delete()
    conclusion.entries.all().delete()
    entries = {}
    written = parsed["conclusions"] or [
        {"item": i, "text": "", "heading": "", "deferred_to": None} for i in range(1, len(items) + 1)
    ]
    for position, row in enumerate(written, 1):
        item = items[row["item"] - 1] if row["item"] else None
        deferred = row["deferred_to"] or (None, None)
        entries[row["item"]] = ConclusionEntry.objects.create(
            conclusion=conclusion,
            item=item,
            position=position,
            heading=item.title if item else row["heading"],
            text=row["text"],
            deferred_year=deferred[0],
            deferred_month=deferred[1],
        )
    agencies = agencies_by_name(
        conclusion.office, list(dict.fromkeys(n for t in parsed["tasks"] for n in [t["lead"], *t["supporting"]]))
    )
    for position, row in enumerate(parsed["tasks"], 1):
        task = kept.get(row["uid"]) or Task(office=conclusion.office, conclusion=conclusion)
        if row["uid"] and task.pk is None:
            task.uid = row["uid"]
        task.position, task.text, task.deadline = position, row["text"], row["deadline"]
        task.lead = agencies[row["lead"]]
        task.item = items[row["item"] - 1] if row["item"] else None
        task.entry = entries.get(row["item"]) if row["item"] else None
        task.save()
        task.supporting.set([agencies[name] for name in row["supporting"]])
    if parsed["title"]:
        conclusion.title = parsed["title"]
    conclusion.touch(save=False)
    conclusion.save()


# -- the workspace's edits -----------------------------------------------------------------------


def save_entry(conclusion, entry_pk, version, *, text, deferred=None):
    """Write one item's conclusion (and whether it is deferred to ``deferred`` = (year, month))."""
    with transaction.atomic():
        conclusion = locked(conclusion)
        check_editable(conclusion, version)
        entry = conclusion.entries.get(pk=entry_pk)
        entry.text = text
        entry.deferred_year, entry.deferred_month = deferred or (None, None)
        entry.save()
        conclusion.touch()
    return conclusion


def save_task(conclusion, task_pk, version, *, text, lead, supporting, deadline, entry=None):
    """Add (``task_pk`` None) or change a task; the lead is not also a supporting agency."""
    with transaction.atomic():
        conclusion = locked(conclusion)
        check_editable(conclusion, version)
        if task_pk is None:
            last = conclusion.tasks.aggregate(last=Max("position"))["last"] or 0
            task = Task(office=conclusion.office, conclusion=conclusion, position=last + 1)
        else:
            task = conclusion.tasks.get(pk=task_pk)
        task.text, task.lead, task.deadline = text, lead, deadline
        task.entry = entry
        task.item_id = entry.item_id if entry is not None else None
        task.save()
        task.supporting.set([agency for agency in supporting if agency.pk != lead.pk])
        conclusion.touch()
    return task


def delete_task(conclusion, task_pk, version):
    with transaction.atomic():
        conclusion = locked(conclusion)
        check_editable(conclusion, version)
        task = conclusion.tasks.get(pk=task_pk)
        if task.published_at is not None:
            raise ConflictError(_("Nhiệm vụ đã ban hành không xóa được; hãy sửa nội dung hoặc thời hạn."))
        task.delete()
        conclusion.touch()


def save_title(conclusion, version, title):
    with transaction.atomic():
        conclusion = locked(conclusion)
        check_editable(conclusion, version)
        conclusion.title = title
        conclusion.touch()
    return conclusion


def conclusions_for_document():
    """Notices with what the document and the interchange need, in a fixed number of queries."""
    return Conclusion.objects.select_related("office", "session__plan").prefetch_related(
        "session__items",
        Prefetch("entries", queryset=ConclusionEntry.objects.order_by("position", "pk")),
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related("lead").prefetch_related("supporting").order_by("position", "pk"),
        ),
    )
