"""The version rules of answers_save, without going through a view."""

from decimal import Decimal

import pytest

from assessments.answering.answers import (
    AnswerInput,
    AnswerValue,
    answers_save,
    base_token,
    parse_base_token,
)
from assessments.models import Answer, Question
from tests.factories import make_assessment, make_user

pytestmark = pytest.mark.database_dependent(
    "answer versions stop lost updates through conditional writes"
)


def save(assessment, question, value, base, by=None):
    return answers_save(
        assessment=assessment,
        vendor=None,
        by=by,
        inputs=[AnswerInput(question, value, parse_base_token(base))],
    )


@pytest.mark.django_db
def test_versions_grow_and_stale_bases_conflict():
    assessment, question = make_assessment(), Question.objects.get(key="purpose-goals-written")
    first = save(assessment, question, AnswerValue(selected=("yes",)), base_token(None))
    assert [a.version for a in first.saved] == [1]
    stale = save(assessment, question, AnswerValue(selected=("no",)), base_token(None))
    assert list(stale.conflicts) == ["purpose-goals-written"] and not stale.saved
    fresh = save(
        assessment, question, AnswerValue(selected=("no",)), base_token(Answer.objects.get())
    )
    assert [a.version for a in fresh.saved] == [2]


@pytest.mark.django_db
def test_untouched_or_equal_values_write_nothing():
    assessment, question = make_assessment(), Question.objects.get(key="staffing-hours-per-week")
    save(assessment, question, AnswerValue(number=Decimal("40")), base_token(None))
    outcome = save(assessment, question, AnswerValue(number=Decimal("40.00")), base_token(None))
    assert (
        list(outcome.unchanged) == ["staffing-hours-per-week"] and Answer.objects.get().version == 1
    )


def test_fingerprints_ignore_number_formatting_and_choice_order():
    assert (
        AnswerValue(number=Decimal("40")).fingerprint()
        == AnswerValue(number=Decimal("40.00")).fingerprint()
    )
    assert (
        AnswerValue(selected=("a", "b")).fingerprint()
        == AnswerValue(selected=("b", "a")).fingerprint()
    )
    assert AnswerValue(note="x").fingerprint() != AnswerValue().fingerprint()


@pytest.mark.parametrize(
    "token", ["", ":", "1:", "a:0123456789abcdef", "1:0123", "-1:0123456789abcdef"]
)
def test_malformed_tokens_do_not_parse(token):
    assert parse_base_token(token) is None


@pytest.mark.django_db
def test_saving_records_who_and_which_content(director):
    assessment = make_assessment(organisation=director.organisation)
    question = Question.objects.get(key="purpose-goals-written")
    user = make_user()
    save(assessment, question, AnswerValue(selected=("yes",), note="ok"), base_token(None), by=user)
    answer = Answer.objects.get()
    assert answer.updated_by == user and answer.question_revision == question.revision
    assert answer.content_version == assessment.content_version and answer.note == "ok"
