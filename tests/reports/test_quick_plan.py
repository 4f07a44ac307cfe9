"""The temporary-use plan is one page, always: every combination of channels, both languages,
both paper sizes, with the most it can hold (every answer the worst, or none); tagged, in the
language of the page, never saying "ready"."""

import io
import itertools

import pytest
from django.utils import translation
from pypdf import PdfReader

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.quick.plan import quick_plan
from assessments.scoring.quick import quick_questions
from reports.quick_plan import render_quick_plan_pdf
from tests.factories import make_assessment

pytestmark = pytest.mark.database_dependent(
    "the plan's findings come from answers read back from each engine"
)

CHANNELS = [
    list(c) for size in (1, 2, 3) for c in itertools.combinations(["text", "chat", "video"], size)
]


def _worst(question) -> str:
    """A blocking choice where there is one, else the one that earns least (never unsure)."""
    choices = [c for c in question.choices.all() if c.key not in ("unsure", "not-applicable")]
    blocking = [c for c in choices if c.blocks]
    return (blocking or sorted(choices, key=lambda c: sum(c.weights.values())))[0].key


def _answered_worst(channels):
    assessment = make_assessment(channels=channels, name="A" * 200)
    inputs = [
        AnswerInput(q, AnswerValue(selected=(_worst(q),)), (0, ""))
        for q in quick_questions()
        if q.has_choices
    ]
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=None)
    return assessment


def _pages(plan, language, paper):
    reader = PdfReader(io.BytesIO(render_quick_plan_pdf(plan=plan, language=language, paper=paper)))
    return reader


@pytest.mark.django_db
@pytest.mark.parametrize("channels", CHANNELS, ids=["-".join(c) for c in CHANNELS])
def test_the_plan_is_one_page_for_every_combination(channels):
    worst = _answered_worst(channels)
    empty = make_assessment(channels=channels)
    for language, paper in itertools.product(["en", "es"], ["letter", "a4"]):
        with translation.override(language):
            plans = [quick_plan(assessment=worst), quick_plan(assessment=empty)]
        for plan in plans:
            reader = _pages(plan, language, paper)
            assert len(reader.pages) == 1, (channels, language, paper, plan["name"][:10])
            root = reader.trailer["/Root"]
            assert root["/Lang"] == language and "/StructTreeRoot" in root
            text = reader.pages[0].extract_text()
            assert ("Listo" if language == "es" else "Ready") not in text


@pytest.mark.django_db
def test_the_worst_answers_stop_every_channel_with_their_reasons():
    plan = quick_plan(assessment=_answered_worst(["text", "chat", "video"]))
    assert all(not channel["may_start"] for channel in plan["channels"])
    assert all(channel["reasons"] for channel in plan["channels"])
    assert len(plan["this_week"]) == 5 and len(plan["avoid"]) == 5
