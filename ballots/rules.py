"""The rule of a written ballot and the one pure function that decides its outcome (no database, no clock).

Bắc Giang's working regulation: each member answers in writing within the deadline; no answer counts as
agreement; a matter passes when MORE than 50% of ALL members agree. An office may change each part: whether
silence counts as agreement, the share needed (a fraction, reached strictly ">" or with ">="), and what the
share is of (all members the ballot was sent to, or the answers). Fractions are compared as integers
(agree × denominator against numerator × base), so 50% of 4 is exactly 2, never 1.9999.

A question is either agree / disagree / abstain, or a list of options: the option with the most votes wins
when it alone has the most and reaches the share; silence is never a choice among options (it counts as
agreement only on an agree / disagree question).
"""

from dataclasses import dataclass, field

AGREE = "agree"
DISAGREE = "disagree"
ABSTAIN = "abstain"
YES_NO_CHOICES = (AGREE, DISAGREE, ABSTAIN)

BASE_ALL = "all"
BASE_ANSWERS = "answers"


@dataclass(frozen=True)
class Rule:
    """How a ballot is decided: ``numerator``/``denominator`` of the base, strictly more (``strict``) or at least."""

    silence_counts_as_agreement: bool = True
    numerator: int = 1
    denominator: int = 2
    strict: bool = True
    base: str = BASE_ALL

    def reached(self, votes, base):
        """Whether ``votes`` out of ``base`` reach the share; nothing is reached out of no one."""
        if base <= 0:
            return False
        left, right = votes * self.denominator, self.numerator * base
        return left > right if self.strict else left >= right


@dataclass(frozen=True)
class QuestionResult:
    """One question's result: the votes per choice (silence apart), the winning choice and whether it passed."""

    counts: dict
    silent: int
    base: int
    winner: str | None
    winner_votes: int
    passed: bool
    silence_added: bool = False
    tied: list = field(default_factory=list)


def decide(choices, counts, silent, members, rule, *, yes_no=True):
    """The result of one question.

    ``choices``: the options in order (agree/disagree/abstain for a yes/no question); ``counts``: {choice:
    votes} of the confirmed answers; ``silent``: the members the ballot was sent to who did not answer;
    ``members``: how many it was sent to; ``rule``: a Rule. A yes/no question passes when "agree" (plus the
    silent, when silence counts) reaches the share of the base; an option list passes when one option alone
    has the most votes and they reach the share."""
    counts = {choice: int(counts.get(choice, 0)) for choice in choices}
    answered = sum(counts.values())
    if yes_no:
        silence_added = rule.silence_counts_as_agreement
        agree = counts.get(AGREE, 0) + (silent if silence_added else 0)
        base = members if rule.base == BASE_ALL else answered + (silent if silence_added else 0)
        passed = rule.reached(agree, base)
        return QuestionResult(counts, silent, base, AGREE, agree, passed, silence_added)
    base = members if rule.base == BASE_ALL else answered
    most = max(counts.values(), default=0)
    leaders = [choice for choice in choices if counts[choice] == most] if most else []
    if len(leaders) != 1:
        return QuestionResult(counts, silent, base, None, most, False, tied=leaders)
    return QuestionResult(counts, silent, base, leaders[0], most, rule.reached(most, base))


def ballot_passed(results):
    """A ballot passes when each of its questions does (and it has one)."""
    return bool(results) and all(result.passed for result in results)
