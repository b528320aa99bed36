"""Operations on whole plans: loading a plan file, copying, amending, and what keeps one from
being issued. Issuing itself (signing, numbering, publishing) is ``issuing.services``: the core
knows nothing of signing.

Commands, the admin and the workspace call these; none of them re-implements the rules.
"""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import Agency, MonthlyPlan, Office, PriorityTask
from agenda.text import shorten
from meetings.models import Item, ItemAgency, RegularSession
from programme.errors import PlanError, PublishedPlanError, WorkingCopyExistsError
from programme.interchange import InterchangeError, parse_plan_data

logger = logging.getLogger(__name__)


def load_plan(data, office=None):
    """Create that month's plan of ``office`` (the first office by default) from interchange ``data``, or
    replace it while it is a draft. The agencies it names are the office's, by name, created in its
    directory when it has none of that name: another office's agencies are never read nor written.

    All or nothing: a file with any problem, or a month already published, changes nothing.
    Returns ``(plan, created)``.
    """
    parsed = parse_plan_data(data)
    year, month = parsed["year"], parsed["month"]
    with transaction.atomic():
        office = office if office is not None else Office.objects.get_solo()
        plans = MonthlyPlan.objects.select_for_update().filter(office=office).for_month(year, month)
        label = dates.month_label(year, month)
        if any(plan.is_issued for plan in plans):
            raise PublishedPlanError(_("Chương trình %(month)s đã ban hành, không thể ghi đè.") % {"month": label})
        plan = next(iter(plans), None)
        if plan is not None and plan.status not in MonthlyPlan.EDITABLE_STATUSES:
            raise PlanError(
                _("Chương trình %(month)s đang trong quá trình duyệt, ký (%(status)s): không ghi đè.")
                % {"month": label, "status": plan.get_status_display()}
            )
        created = plan is None
        if created:
            plan = MonthlyPlan(office=office, year=year, month=month)
        else:
            plan.priority_tasks.all().delete()
            plan.items.all().delete()
            plan.sessions.all().delete()
            plan.touch(save=False)
        _fill_plan(plan, parsed, office)
        plan.save()
        _write_parts(plan, parsed)
    return plan, created


def _fill_plan(plan, parsed, office):
    plan.title = parsed["title"]
    plan.number = parsed["number"]
    plan.issue_date = parsed["issue_date"]
    plan.set_headings({**office.headings, **parsed["headings"]})
    plan.signer_authority = parsed["signer"]["authority"]
    plan.signer_position = parsed["signer"]["position"]
    plan.signer_name = parsed["signer"]["name"]
    plan.recipients = "\n".join(parsed["recipients"])


def _write_parts(plan, parsed):
    agencies = _agencies_by_name(parsed, plan.office)
    PriorityTask.objects.bulk_create(
        PriorityTask(plan=plan, position=index, text=text) for index, text in enumerate(parsed["priority_tasks"])
    )
    entries = []
    for session_data in parsed["regular_sessions"]:
        session = RegularSession.objects.create(
            plan=plan, date=session_data["date"], time=session_data["time"], place=session_data["place"]
        )
        for index, entry in enumerate(session_data["items"]):
            entries.append((Item(plan=plan, part=Item.Part.SESSION, session=session, position=index), entry))
    for index, entry in enumerate(parsed["chairman_items"]):
        entries.append((Item(plan=plan, part=Item.Part.CHAIRMAN, position=index), entry))
    for index, entry in enumerate(parsed["conferences"]):
        item = Item(plan=plan, part=Item.Part.CONFERENCE, position=index, date=entry["date"])
        item.time, item.place = entry["time"], entry["place"]
        entries.append((item, entry))

    for item, entry in entries:
        item.title = entry["title"]
        item.save()
    ItemAgency.objects.bulk_create(
        ItemAgency(item=item, agency=agencies[name], position=index)
        for item, entry in entries
        for index, name in enumerate(entry["agencies"])
    )


def _agencies_by_name(parsed, office):
    """The agencies of ``office`` the file names, creating the unknown ones in its directory (short name from
    the file's list)."""
    names = set(parsed["agencies"])
    for entries in (parsed["chairman_items"], parsed["conferences"]):
        names.update(name for entry in entries for name in entry["agencies"])
    for session in parsed["regular_sessions"]:
        names.update(name for entry in session["items"] for name in entry["agencies"])
    known = {agency.name: agency for agency in Agency.objects.of(office).filter(name__in=names)}
    for name in sorted(names - set(known)):
        known[name] = Agency.objects.create(
            office=office, name=name, short_name=parsed["agencies"].get(name, name), kind=Agency.guess_kind(name)
        )
    return known


def publish_problems(plan):
    """What keeps ``plan`` from being issued, as messages (empty when it can be)."""
    problems = []
    if not plan.priority_tasks.exists() and not plan.items.exists():
        problems.append(_("Chương trình chưa có nội dung."))
    if not plan.signer_name:
        problems.append(_("Chưa ghi họ tên người ký."))
    if not plan.recipient_lines:
        problems.append(_("Chưa có nơi nhận."))
    missing = Item.objects.filter(plan=plan, part__in=Item.PARTS_NEEDING_AGENCY, assignments__isnull=True)
    for item in missing:
        problems.append(_("Nội dung “%(title)s” chưa có cơ quan chuẩn bị.") % {"title": shorten(item.title, 60)})
    return problems


def plan_warnings(plan):
    """What a reviewer should look at before signing (nothing here blocks issuing): dates on
    weekends or holidays, conferences without an agency, empty parts."""
    warnings = []
    if not plan.priority_tasks.exists():
        warnings.append(_("Phần A (nhiệm vụ trọng tâm) trống."))
    sessions = list(plan.sessions.all())
    if not sessions:
        warnings.append(_("Chưa có phiên họp UBND tỉnh thường kỳ."))
    items = list(Item.objects.filter(plan=plan).select_related("session").with_agencies())
    for session in sessions:
        if not any(item.session_id == session.pk for item in items):
            warnings.append(_("Phiên họp %(date)s chưa có nội dung.") % {"date": dates.dated_label(session.date)})
        warnings.extend(dates.date_warnings(session.date))
    if not any(item.part == Item.Part.CHAIRMAN for item in items):
        warnings.append(_("Mục trình Chủ tịch UBND tỉnh trống."))
    for item in items:
        if item.part == Item.Part.CONFERENCE:
            warnings.extend(f"{warning} ({item.title[:60]})" for warning in dates.date_warnings(item.date))
            if not item.ordered_agencies:
                warnings.append(_("Hội nghị “%(title)s” chưa ghi cơ quan chuẩn bị.") % {"title": item.title[:60]})
    return warnings


def new_plan(year, month, *, template, **fields):
    """Create a draft for ``year``/``month`` whose office, signer, recipients and headings come from
    ``template``: the plan it follows, or an office's defaults. ``fields`` set other plan fields.
    """
    office = template if isinstance(template, Office) else template.office
    if not fields.get("title") and office.committee != "UBND tỉnh":  # blank reads "UBND tỉnh": say its own
        fields["title"] = MonthlyPlan.default_title(year, month, office)
    plan = MonthlyPlan(
        office=office,
        year=year,
        month=month,
        signer_authority=template.signer_authority,
        signer_position=template.signer_position,
        signer_name=template.signer_name,
        recipients=template.recipients,
        **fields,
    )
    plan.set_headings(template.headings)
    plan.full_clean(exclude=["amends"])
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a refusal
            plan.save()
    except IntegrityError as error:
        if not MonthlyPlan.objects.working().filter(office=office).for_month(year, month).exists():
            raise
        raise WorkingCopyExistsError(
            _("Tháng %(month)02d/%(year)s vừa có bản đang soạn do một thao tác khác tạo; hãy mở bản đó.")
            % {"month": month, "year": year}
        ) from error
    return plan


def copy_plan(source, *, year, month, with_items=True, **fields):
    """A new draft for ``year``/``month`` with ``source``'s header, signer, recipients and headings.

    With ``with_items`` the priority tasks, sessions and items (and their agencies) are copied
    too; the caller shifts dates when the month changes. ``fields`` override plan fields.
    """
    same_month = (year, month) == (source.year, source.month)
    with transaction.atomic():
        plan = new_plan(year, month, template=source, **{"title": source.title if same_month else "", **fields})
        if with_items:
            _copy_parts(source, plan, keep_identity=same_month)
    return plan


def _copy_parts(source, plan, keep_identity):
    PriorityTask.objects.bulk_create(
        PriorityTask(plan=plan, position=task.position, text=task.text) for task in source.priority_tasks.all()
    )
    sessions = {}
    for session in source.sessions.all():
        sessions[session.pk] = RegularSession.objects.create(
            plan=plan, date=session.date, time=session.time, place=session.place
        )
    assignments = []
    for item in source.items.with_agencies():
        agencies = item.ordered_agencies
        item.pk = None
        item.plan = plan
        if not keep_identity:
            item.uid = uuid.uuid4()
        item.session = sessions.get(item.session_id)
        item.save()
        assignments.extend(
            ItemAgency(item=item, agency=agency, position=index) for index, agency in enumerate(agencies)
        )
    ItemAgency.objects.bulk_create(assignments)


def start_amendment(plan):
    """The working copy in which an issued plan is amended; the issued plan stays as it is."""
    if not plan.is_published:
        raise PlanError(_("Chỉ điều chỉnh được chương trình đã ban hành."))
    existing = MonthlyPlan.objects.working().filter(amends=plan).first()
    if existing is not None:
        return existing
    try:
        return copy_plan(
            plan, year=plan.year, month=plan.month, amends=plan, amendment_number=plan.amendment_number + 1
        )
    except WorkingCopyExistsError:  # another request started it meanwhile: that one is the working copy
        existing = MonthlyPlan.objects.working().filter(amends=plan).first()
        if existing is None:
            raise
        return existing


__all__ = [
    "InterchangeError",
    "PlanError",
    "PublishedPlanError",
    "WorkingCopyExistsError",
    "copy_plan",
    "new_plan",
    "load_plan",
    "plan_warnings",
    "publish_problems",
    "start_amendment",
]
