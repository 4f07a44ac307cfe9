"""A section page runs a fixed number of queries whatever the number of questions and answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answers import AnswerInput, AnswerValue, answers_save, base_token
from assessments.content import current_content_version
from assessments.models import Question, Section
from tests.assessments.helpers import section_url
from tests.factories import client_for, make_assessment


def answer_everything(assessment, section, by):
    inputs = []
    for question in Question.objects.filter(section=section).prefetch_related("choices"):
        choices = [c.key for c in question.choices.all()]
        value = (
            AnswerValue(selected=(choices[0],))
            if choices
            else AnswerValue(text="x")
            if "text" in question.kind
            else AnswerValue(number=1)
        )
        inputs.append(
            AnswerInput(
                question, AnswerValue(value.selected, value.number, value.text, "note"), (0, "")
            )
        )
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=by)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_section_page_queries_do_not_grow_with_questions_or_answers(director, staff):
    assessment = make_assessment(organisation=director.organisation)
    sections = sorted(
        Section.objects.filter(worksheet__key="readiness"), key=lambda s: s.questions.count()
    )
    small, large = sections[0], sections[-1]
    assert large.questions.count() >= 2 * small.questions.count()
    client = client_for(director.user)
    empty_small = count_queries(client, section_url(assessment, "readiness", small.key))
    empty_large = count_queries(client, section_url(assessment, "readiness", large.key))
    answer_everything(assessment, large, staff.user)
    answer_everything(assessment, small, director.user)
    full_small = count_queries(client, section_url(assessment, "readiness", small.key))
    full_large = count_queries(client, section_url(assessment, "readiness", large.key))
    assert empty_small == empty_large == full_small == full_large
    print("queries per section page:", full_large)
    assert full_large <= 16, full_large


@pytest.mark.django_db
def test_autosave_of_one_answer_loads_only_what_that_answer_needs(director):
    """It loaded the whole section, its choices and every answer (19 queries); now: the session,
    the person, the membership, the assessment, the question and its choices, the content
    version, the assessment's lock, the locked answer, the write, the assessment's timestamp and
    the session's."""
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    client.get(section_url(assessment, "readiness", "purpose"))  # session and cache warmed up
    data = {
        "content_version": current_content_version().number,
        "worksheet": "readiness",
        "section": "purpose",
        "question": "purpose-goals-written",
        "q-purpose-goals-written": "yes",
        "b-purpose-goals-written": base_token(None),
    }
    with CaptureQueriesContext(connection) as queries:
        reply = client.post(f"/en/assessments/{assessment.pk}/autosave/", data)
    assert reply.json()["status"] == "saved"
    # Savepoints exist only because the test itself runs in a transaction.
    real = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    print("queries per autosave:", len(real))
    assert len(real) <= 12, real
