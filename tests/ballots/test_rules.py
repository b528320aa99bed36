"""The one pure function that decides a ballot (ballots.rules.decide): the working regulation's rule and its
edges, exact examples and hypothesis for the properties."""

from hypothesis import given
from hypothesis import strategies as st

from ballots.rules import ABSTAIN, AGREE, BASE_ALL, BASE_ANSWERS, DISAGREE, YES_NO_CHOICES, Rule, ballot_passed, decide

REGULATION = Rule()  # silence agrees; more than 50% of all members
NO_SILENCE = Rule(silence_counts_as_agreement=False)


def yes_no(agree, disagree, abstain, members, rule):
    silent = members - agree - disagree - abstain
    return decide(YES_NO_CHOICES, {AGREE: agree, DISAGREE: disagree, ABSTAIN: abstain}, silent, members, rule)


def test_one_member_agrees_the_others_are_silent():
    assert yes_no(1, 0, 0, 5, REGULATION).passed  # 1 + 4 silent of 5
    assert not yes_no(1, 0, 0, 5, NO_SILENCE).passed  # 1 of 5


def test_exactly_half_is_not_more_than_half_but_is_at_least_half():
    assert not yes_no(2, 2, 0, 4, NO_SILENCE).passed
    assert yes_no(2, 2, 0, 4, Rule(silence_counts_as_agreement=False, strict=False)).passed


def test_all_silent():
    assert yes_no(0, 0, 0, 7, REGULATION).passed
    assert not yes_no(0, 0, 0, 7, NO_SILENCE).passed
    assert not yes_no(0, 0, 0, 7, Rule(silence_counts_as_agreement=False, base=BASE_ANSWERS)).passed  # of no one


def test_share_of_the_answers_leaves_the_silent_out():
    rule = Rule(silence_counts_as_agreement=False, base=BASE_ANSWERS)
    assert yes_no(2, 1, 0, 9, rule).passed  # 2 of 3 answers
    assert not yes_no(2, 1, 0, 9, NO_SILENCE).passed  # 2 of 9 members


def test_two_thirds():
    two_thirds = Rule(silence_counts_as_agreement=False, numerator=2, denominator=3, strict=False)
    assert yes_no(4, 2, 0, 6, two_thirds).passed
    assert not yes_no(3, 3, 0, 6, two_thirds).passed


def test_choice_list_most_votes_with_the_threshold():
    options = ["1", "2", "3"]
    rule = NO_SILENCE
    assert decide(options, {"1": 4, "2": 1}, 0, 5, rule, yes_no=False).winner == "1"
    assert decide(options, {"1": 4, "2": 1}, 0, 5, rule, yes_no=False).passed
    tie = decide(options, {"1": 2, "2": 2}, 1, 5, rule, yes_no=False)
    assert (tie.winner, tie.passed, tie.tied) == (None, False, ["1", "2"])
    plurality = decide(options, {"1": 2, "2": 1, "3": 1}, 1, 5, rule, yes_no=False)
    assert plurality.winner == "1" and not plurality.passed  # most votes, but 2 of 5 is not more than half
    # silence never chooses an option, even when it counts as agreement on yes/no questions
    assert not decide(options, {"1": 1}, 4, 5, REGULATION, yes_no=False).passed


def test_a_ballot_passes_when_each_question_does():
    passed, failed = yes_no(3, 0, 0, 3, NO_SILENCE), yes_no(0, 3, 0, 3, NO_SILENCE)
    assert ballot_passed([passed, passed]) and not ballot_passed([passed, failed]) and not ballot_passed([])


rules = st.builds(
    Rule,
    silence_counts_as_agreement=st.booleans(),
    numerator=st.integers(0, 9),
    denominator=st.integers(1, 9),
    strict=st.booleans(),
    base=st.sampled_from([BASE_ALL, BASE_ANSWERS]),
)


@st.composite
def votes(draw):
    members = draw(st.integers(0, 40))
    agree = draw(st.integers(0, members))
    disagree = draw(st.integers(0, members - agree))
    abstain = draw(st.integers(0, members - agree - disagree))
    return agree, disagree, abstain, members


@given(votes(), rules)
def test_the_outcome_is_the_share_compared_exactly(counts, rule):
    agree, disagree, abstain, members = counts
    silent = members - agree - disagree - abstain
    result = yes_no(*counts, rule)
    yes = agree + (silent if rule.silence_counts_as_agreement else 0)
    base = members if rule.base == BASE_ALL else agree + disagree + abstain + (yes - agree)
    share = rule.numerator / rule.denominator
    if base == 0:
        assert not result.passed
    elif yes * rule.denominator != rule.numerator * base:  # away from the edge, floats agree
        assert result.passed == (yes / base > share)
    else:  # exactly at the share: only ">=" passes
        assert result.passed == (not rule.strict)


@given(votes(), rules)
def test_one_more_agreement_never_turns_a_pass_into_a_failure(counts, rule):
    agree, disagree, abstain, members = counts
    if disagree:
        before = yes_no(agree, disagree, abstain, members, rule)
        after = yes_no(agree + 1, disagree - 1, abstain, members, rule)
        assert after.passed or not before.passed


@given(st.integers(1, 40))
def test_exactly_half_of_an_even_number(half):
    members = 2 * half
    assert not yes_no(half, half, 0, members, NO_SILENCE).passed
    assert yes_no(half + 1, half - 1, 0, members, NO_SILENCE).passed
    assert yes_no(half, half, 0, members, Rule(silence_counts_as_agreement=False, strict=False)).passed


@given(st.lists(st.integers(0, 10), min_size=2, max_size=6), st.integers(0, 10))
def test_a_tie_at_the_top_never_passes(counts, silent):
    options = [str(index) for index in range(len(counts))]
    top = max(counts)
    result = decide(
        options, dict(zip(options, counts, strict=True)), silent, sum(counts) + silent, NO_SILENCE, yes_no=False
    )
    if counts.count(top) > 1 or top == 0:
        assert not result.passed and result.winner is None
    else:
        assert result.winner == options[counts.index(top)]
