"""Proposals: receiving them (late or not), and the Office's decisions on them.

Accepting a proposal writes an item into the month's working draft, in place, with its agencies
(lead first), and links it back (a session item goes to the session of its wished day, added when
missing); the plan's version goes up so that an editor with the editing page open is told to reload
rather than overwrite it.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import MonthlyPlan
from meetings.models import Item, RegularSession
from proposals import notifications
from proposals.models import Proposal


class DecisionError(Exception):
    """A decision that cannot be applied (a Vietnamese message)."""


def deadline_for(year, month, office):
    """The last day to propose items for ``year``/``month`` to ``office``: its day of the month before."""
    previous_year, previous_month = dates.shift_month(year, month, -1)
    day = min(office.proposal_deadline_day, calendar.monthrange(previous_year, previous_month)[1])
    return datetime.date(previous_year, previous_month, day)


def save_proposal(proposal, supporting, user=None, letter=None):
    """Save a new or changed proposal; a new one is flagged late after the deadline."""
    with transaction.atomic():
        if proposal.pk is None:
            proposal.submitted_by = user
            proposal.submitted_at = timezone.now()
            deadline = deadline_for(proposal.year, proposal.month, proposal.agency.office)
            proposal.is_late = timezone.localdate() > deadline
        if letter is not None:
            upload, kind, name = letter
            proposal.letter_kind = kind
            proposal.letter_name = name
            proposal.letter.save(name, upload, save=False)
        proposal.save()
        proposal.supporting.set([agency for agency in supporting if agency.pk != proposal.lead_id])
    return proposal


def working_plan(office, year, month):
    return MonthlyPlan.objects.of(office).for_month(year, month).working().first()


def _session_for(plan, wished):
    """(session, created): the plan's session on the wished day, created when the draft has none that
    day; without a wished day in the plan's month, the first session (or, for a day outside the month,
    the first one after it, else the last one)."""
    sessions = sorted(plan.sessions.all(), key=lambda s: (s.date, s.time or datetime.time.min, s.pk))
    if wished is not None and plan.contains(wished):
        for session in sessions:
            if session.date == wished:
                return session, False
        session = RegularSession(plan=plan, date=wished)
        if sessions:  # the month's sessions are usually held at one time and place
            session.time, session.place = sessions[0].time, sessions[0].place
        session.full_clean()
        session.save()
        return session, True
    if not sessions:
        raise DecisionError(_("Dự thảo chưa có phiên họp thường kỳ nào: hãy thêm phiên họp trước."))
    if wished is not None:
        for session in sessions:
            if session.date >= wished:
                return session, False
    return (sessions[-1] if wished is not None else sessions[0]), False


def _new_item(plan, proposal, new_sessions):
    item = Item(plan=plan, part=proposal.part, title=proposal.title)
    if proposal.part == Item.Part.SESSION:
        item.session, created = _session_for(plan, proposal.wished_date)
        if created:
            new_sessions.append(item.session)
    elif proposal.part == Item.Part.CONFERENCE:
        if proposal.wished_date is None or not plan.contains(proposal.wished_date):
            raise DecisionError(_("Hội nghị cần một ngày trong tháng của chương trình."))
        item.date = proposal.wished_date
    last = Item.objects.filter(plan=plan, part=item.part, session=item.session).aggregate(last=Max("position"))
    item.position = (last["last"] + 1) if last["last"] is not None else 0
    try:
        item.full_clean(exclude=["uid"])
    except ValidationError as error:
        raise DecisionError(" ".join(error.messages))
    item.save()
    try:
        item.set_agencies(proposal.ordered_agencies)  # refused when one is another office's agency
    except ValidationError as error:
        raise DecisionError(" ".join(error.messages))
    return item


def _decided(proposal, user, status, reason=""):
    proposal.status = status
    proposal.reason = reason
    proposal.decided_by = user
    proposal.decided_at = timezone.now()


def accept(proposals, user, plan, base_url=""):
    """Add each proposal to ``plan`` (the month's working draft); a session item goes to the session of
    its wished day, which is added to the draft when missing. Returns (accepted, [(proposal, error)],
    the sessions added)."""
    accepted, errors, new_sessions = [], [], []
    with transaction.atomic():
        plan = MonthlyPlan.objects.select_for_update().get(pk=plan.pk)
        for proposal in proposals:
            try:
                with transaction.atomic():
                    added = []
                    proposal.item = _new_item(plan, proposal, added)
                    _decided(proposal, user, Proposal.Status.ACCEPTED)
                    proposal.save()
            except DecisionError as error:
                errors.append((proposal, str(error)))
            else:
                accepted.append(proposal)
                new_sessions += added
        if accepted:
            plan.touch(_("Đưa %(count)s nội dung đăng ký vào dự thảo") % {"count": len(accepted)})
        notifications.decisions_made(accepted, base_url=base_url)  # queued with the decision (jobs.outbox)
    return accepted, errors, new_sessions


def defer(proposals, user, year, month, reason="", base_url=""):
    """Move each proposal to the later month ``year``/``month``, where it waits in that month's inbox."""
    with transaction.atomic():
        for proposal in proposals:
            if (year, month) <= (proposal.year, proposal.month):
                raise DecisionError(_("Chỉ chuyển được sang một tháng sau tháng đã đăng ký."))
            proposal.deferred_from = f"{proposal.month:02d}/{proposal.year}"
            proposal.year, proposal.month = year, month
            _decided(proposal, user, Proposal.Status.DEFERRED, reason)
            proposal.save()
        notifications.decisions_made(proposals, base_url=base_url)
    return proposals


def reject(proposals, user, reason, base_url=""):
    if not reason.strip():
        raise DecisionError(_("Hãy ghi lý do không đưa vào chương trình."))
    with transaction.atomic():
        for proposal in proposals:
            _decided(proposal, user, Proposal.Status.REJECTED, reason)
            proposal.save()
        notifications.decisions_made(proposals, base_url=base_url)
    return proposals


def month_choices(today=None, count=3):
    """(value, label) of the months a department may propose for: the next ``count`` months."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    choices = []
    for _index in range(count):
        year, month = dates.shift_month(year, month, 1)
        choices.append((f"{year:04d}-{month:02d}", dates.month_label(year, month)))
    return choices
