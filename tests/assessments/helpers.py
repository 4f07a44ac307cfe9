"""Helpers for posting worksheet sections the way a browser would."""

import re

from assessments.answering.answers import base_token
from assessments.answering.content import current_content_version
from assessments.models import Answer, Question


def section_url(assessment, worksheet, section, lang="en", vendor=None):
    if vendor:
        return f"/{lang}/assessments/{assessment.pk}/vendors/{vendor.pk}/{worksheet}/{section}/"
    return f"/{lang}/assessments/{assessment.pk}/{worksheet}/{section}/"


def form_state(html: str) -> dict:
    """The hidden fields of a rendered section form (base tokens and content version)."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        data[name] = value
    return data


def base_for(assessment, question_key, vendor=None) -> str:
    answer = Answer.objects.filter(
        assessment=assessment, vendor=vendor, question__key=question_key
    ).first()
    return base_token(answer)


def section_post(assessment, questions, values: dict, vendor=None, **extra) -> dict:
    """POST data for a section: every question's base token, plus the given values."""
    data = {"content_version": current_content_version().number, **extra}
    for question in questions:
        data[f"b-{question.key}"] = base_for(assessment, question.key, vendor)
    for key, value in values.items():
        data[key] = value
    return data


def questions_of(worksheet, section):
    return list(Question.objects.filter(section__worksheet__key=worksheet, section__key=section))


def answer(assessment, by, vendor=None, **selected) -> None:
    """Save answers the way the worksheet pages do; keyword names use _ for -."""
    from assessments.answering.answers import AnswerInput, AnswerValue, answers_save

    inputs = [
        AnswerInput(
            Question.objects.get(key=key.replace("_", "-")), AnswerValue(selected=(value,)), (0, "")
        )
        for key, value in selected.items()
    ]
    answers_save(assessment=assessment, vendor=vendor, inputs=inputs, by=by)


def purpose_page_with_one_answer(director):
    """The readiness "Purpose" page holding one saved answer ("goals written": yes).

    Returns the signed-in client, the page's URL and the assessment.
    """
    from tests.factories import client_for, make_assessment

    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    url = section_url(assessment, "readiness", "purpose")
    client.post(
        url, {**form_state(client.get(url).content.decode()), "q-purpose-goals-written": "yes"}
    )
    return client, url, assessment


def purpose_autosave(value: str = "yes") -> dict:
    """An autosave of "goals written" on the Purpose page, as the page's script sends it first."""
    return {
        "content_version": current_content_version().number,
        "worksheet": "readiness",
        "section": "purpose",
        "question": "purpose-goals-written",
        "q-purpose-goals-written": value,
        "b-purpose-goals-written": base_token(None),
    }
