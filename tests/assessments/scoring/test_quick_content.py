"""The shipped quick check: at most 15 questions on the topics that decide temporary use, and a
provisional verdict that never says "ready" whatever the answers."""

import itertools

import pytest

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.models import Question
from assessments.scoring.provisional import Provisional
from assessments.scoring.quick import quick_check, quick_questions
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db

TOPICS = {
    "devices-personal-use",  # program-owned devices
    "platform-survivor-account",  # no account for survivors
    "platform-survivor-download",  # no app for survivors
    "data-transcripts-kept",  # what is kept and for how long
    "policy-records-kept",  # who may see conversations
    "hotline-referral",  # first contacts referred to the national hotlines
    "urgent-scope-limited",  # ongoing or scheduled advocacy only
    "reassess-when",  # a date to come back
}


def test_at_most_fifteen_quick_questions_on_the_topics_that_decide_temporary_use():
    keys = {q.key for q in quick_questions()}
    assert len(keys) <= 15 and keys >= TOPICS
    assert not Question.objects.filter(quick=True, section__worksheet__per_vendor=True).exists()


def _answer(assessment, chosen: dict):
    inputs = [
        AnswerInput(Question.objects.get(key=key), AnswerValue(selected=(value,)), (0, ""))
        for key, value in chosen.items()
    ]
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=None)


def _best_choice(question) -> str:
    """The choice that earns the most and never blocks."""
    choices = [c for c in question.choices.all() if not c.blocks and c.key != "unsure"]
    return max(choices, key=lambda c: sum(c.weights.values())).key


@pytest.mark.parametrize("channels", [["text"], ["chat"], ["video"], ["text", "chat", "video"]])
def test_the_best_answers_may_start_temporarily_never_ready(channels):
    assessment = make_assessment(channels=channels)
    _answer(assessment, {q.key: _best_choice(q) for q in quick_questions()})
    check = quick_check(assessment=assessment)
    assert {v.verdict for v in check.verdicts} == {Provisional.START_WITH_CONDITIONS}
    assert len(check.verdicts) == len(channels)


def test_each_blocking_quick_answer_stops_its_channels():
    questions = quick_questions()
    best = {q.key: _best_choice(q) for q in questions}
    blocking = [(q, c) for q in questions for c in q.choices.all() if c.blocks]
    assert blocking, "the quick check holds critical questions"
    for number, (question, choice) in enumerate(blocking):
        assessment = make_assessment(name=f"Quick {number}")
        _answer(assessment, {**best, question.key: choice.key})
        for verdict in quick_check(assessment=assessment).verdicts:
            stops = verdict.channel in question.channels
            assert (verdict.verdict is Provisional.DO_NOT_START) == stops, (question.key, verdict)


def test_the_re_assess_by_date_is_ninety_days_unless_answered():
    assessment = make_assessment()
    started = assessment.created_at.date()
    assert (quick_check(assessment=assessment).reassess_by - started).days == 90
    _answer(assessment, {"reassess-when": "within-6-months"})
    assert (quick_check(assessment=assessment).reassess_by - started).days == 182


def test_no_combination_of_channels_ever_reads_ready():
    for size in (1, 2, 3):
        for channels in itertools.combinations(["text", "chat", "video"], size):
            check = quick_check(assessment=make_assessment(channels=list(channels)))
            assert all(v.verdict in Provisional for v in check.verdicts)
