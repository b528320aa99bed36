"""A ballot's result and its closing: the confirmed answers counted per question (rules.decide, the one pure
function), the voters who stayed silent, the outcome; at the deadline the ballot closes (once, whoever runs
it: the command, the job queue, twice at the same time), its result sheet is stored and the item's status
follows the outcome (passed: done; not passed: postponed to a later month, for the agency to rework)."""

import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ballots import rules
from ballots.models import Answer, AnswerChoice, Ballot, Question, Voter
from ballots.result_pdf import render_result
from meetings.models import Item

logger = logging.getLogger(__name__)


@dataclass
class VoterRow:
    """One voter on the result sheet and the Office's page: their answer (None: silent) and its choices."""

    voter: Voter
    answer: Answer | None
    choices: dict  # question pk -> AnswerChoice
    lines: list = field(default_factory=list)  # (choice's label, comment) per question, once tallied

    @property
    def confirmed(self):
        return self.answer is not None and self.answer.confirmed_at is not None


@dataclass
class Tally:
    ballot: Ballot
    questions: list
    rows: list
    results: list  # (question, rules.QuestionResult, [(label, votes)])
    passed: bool

    @property
    def silent(self):
        return [row for row in self.rows if not row.confirmed]

    @property
    def answered(self):
        return [row for row in self.rows if row.confirmed]


def voter_rows(ballot):
    """Each voter with their answer and choices: four queries whatever the number of voters."""
    voters = list(Voter.objects.filter(ballot=ballot).select_related("user").order_by("position", "pk"))
    answers = {
        answer.member_id: answer for answer in Answer.objects.filter(ballot=ballot).select_related("prepared_by")
    }
    choices = {}
    for choice in AnswerChoice.objects.filter(answer__ballot=ballot):
        choices.setdefault(choice.answer_id, {})[choice.question_id] = choice
    rows = []
    for voter in voters:
        answer = answers.get(voter.user_id)
        rows.append(VoterRow(voter, answer, choices.get(answer.pk, {}) if answer else {}))
    return rows


def tally(ballot, rows=None, questions=None):
    """The ballot's result as it stands: only confirmed answers count, the others are silence."""
    questions = questions if questions is not None else list(Question.objects.filter(ballot=ballot))
    rows = rows if rows is not None else voter_rows(ballot)
    rule = ballot.rule
    confirmed = [row for row in rows if row.confirmed]
    results = []
    for question in questions:
        labels = question.choices
        counts = {}
        for row in confirmed:
            choice = row.choices.get(question.pk)
            if choice is not None:
                counts[choice.choice] = counts.get(choice.choice, 0) + 1
        silent = len(rows) - sum(counts.values())
        yes_no = question.kind == Question.Kind.YES_NO
        result = rules.decide([value for value, _label in labels], counts, silent, len(rows), rule, yes_no=yes_no)
        results.append((question, result, [(label, result.counts[value]) for value, label in labels]))
    for row in rows:
        row.lines = [_line(question, row.choices.get(question.pk)) for question in questions]
    passed = rules.ballot_passed([result for _question, result, _counts in results])
    return Tally(ballot, questions, rows, results, passed)


def _line(question, choice):
    if choice is None:
        return ("", "")
    return (dict(question.choices).get(choice.choice, choice.choice), choice.comment)


def follow_item(ballot):
    """The item's status after the outcome: its current row (the same item in an amendment, if any)."""
    if ballot.item_id is None:
        return None
    item = ballot.item
    current = (
        Item.objects.filter(uid=item.uid, plan__office=ballot.office_id, plan__year=item.plan.year)
        .filter(plan__month=item.plan.month)
        .exclude(plan__status="superseded")
        .order_by("-plan_id")
        .first()
    ) or item
    status = Item.Status.DONE if ballot.outcome == Ballot.Outcome.PASSED else Item.Status.POSTPONED
    current.set_status(status)
    return current


def close_ballot(ballot, now=None, render=None):
    """Close ``ballot`` (sent, its deadline passed or not: the Office may close it when all have answered):
    the outcome, the result sheet, the item's status. Closing a ballot closed already does nothing: False."""
    from_pdf = render or render_result
    now = now or timezone.now()
    with transaction.atomic():
        locked = Ballot.objects.select_for_update(skip_locked=True, of=("self",)).filter(pk=ballot.pk)
        ballot = locked.filter(state=Ballot.State.SENT).select_related("office", "item__plan").first()
        if ballot is None:  # closed (or being closed) already
            return False
        result = tally(ballot)
        ballot.state, ballot.closed_at = Ballot.State.CLOSED, now
        ballot.outcome = Ballot.Outcome.PASSED if result.passed else Ballot.Outcome.NOT_PASSED
        ballot.version += 1
        content = from_pdf(ballot, result)
        ballot.result_file.save(f"ket-qua-{ballot.pk}.pdf", ContentFile(content), save=False)
        ballot.save()
        follow_item(ballot)
    logger.info("ballot %s closed: %s", ballot.pk, ballot.outcome)
    return True


def close_due_ballots(now=None, office=None):
    """Close every sent ballot whose deadline has passed at ``now``; returns how many this call closed."""
    now = now or timezone.now()
    due = Ballot.objects.filter(state=Ballot.State.SENT, deadline__lte=now)
    if office is not None:
        due = due.filter(office=office)
    return sum(1 for ballot in due.order_by("deadline", "pk") if close_ballot(ballot, now))
