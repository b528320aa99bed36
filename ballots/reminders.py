"""Reminders to the members who have not confirmed an answer: automatically on the last working day before
the deadline (send_ballot_reminders, run by the job queue or the command), and when the Office asks. Each is
sent once per ballot, member and kind (a ``Reminder`` row): running the command again sends nothing twice."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda import dates
from ballots.models import Answer, Ballot, Reminder, Voter
from ballots.services import notify

BEFORE_DEADLINE = "before_deadline"


def waiting_voters(ballot):
    """The voters of ``ballot`` who have not confirmed an answer, with their users."""
    confirmed = Answer.objects.filter(ballot=ballot, confirmed_at__isnull=False).values("member_id")
    voters = Voter.objects.filter(ballot=ballot).exclude(user__in=confirmed).select_related("user")
    return [voter.user for voter in voters]


def remind(ballot, kind, base_url="", now=None):
    """Remind the waiting voters of ``ballot`` once for ``kind``; returns how many e-mails were sent."""
    now = now or timezone.now()
    users = []
    for user in waiting_voters(ballot):
        try:
            with transaction.atomic():
                Reminder.objects.create(ballot=ballot, user=user, kind=kind, sent_at=now)
        except IntegrityError:  # reminded already for this kind
            continue
        users.append(user)

    def subject():
        return _("Nhắc trả lời phiếu lấy ý kiến: %(title)s") % {"title": ballot.title[:120]}

    return notify(ballot, users, "ballots/email/ballot_reminder.txt", base_url, subject=subject)


def reminder_day(ballot):
    """The day the automatic reminder goes: the working day before the deadline's day."""
    return dates.working_days_before(timezone.localdate(ballot.deadline), 1)


def send_ballot_reminders(now=None, office=None, base_url=""):
    """Send the reminders due at ``now`` (for ``office``'s ballots, or every office's); how many e-mails."""
    now = now or timezone.now()
    ballots = Ballot.objects.filter(state=Ballot.State.SENT, deadline__gt=now).select_related("office")
    if office is not None:
        ballots = ballots.filter(office=office)
    today = timezone.localdate(now)
    return sum(remind(ballot, BEFORE_DEADLINE, base_url, now) for ballot in ballots if reminder_day(ballot) <= today)


def remind_now(ballot, base_url="", now=None):
    """The Office's reminder from the ballot's page: once a day per member."""
    now = now or timezone.now()
    return remind(ballot, f"office:{timezone.localdate(now):%Y-%m-%d}", base_url, now)
