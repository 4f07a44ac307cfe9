"""How far an assessment has got: answered questions out of those it asks (`Question.applies_to`)."""

from collections import defaultdict
from dataclasses import dataclass

from .models import Answer, Question

QUESTION_FIELDS = [
    "pk",
    "section_id",
    "section__worksheet_id",
    "section__worksheet__per_vendor",
    "applies_text",
    "applies_chat",
    "applies_video",
]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(self.answered + other.answered, self.total + other.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def _questions(**filters) -> list[Question]:
    """Every question (optionally filtered), with just what progress needs, in one query."""
    return list(
        Question.objects.filter(**filters)
        .select_related("section__worksheet")
        .only(*QUESTION_FIELDS)
    )


def _answered(assessments) -> dict:
    """(assessment id, vendor id) -> set of answered question ids."""
    answered = defaultdict(set)
    rows = Answer.objects.filter(assessment__in=assessments).only(
        "assessment_id", "vendor_id", "question_id", "selected", "number", "text"
    )
    for answer in rows:
        if answer.is_answered:
            answered[answer.assessment_id, answer.vendor_id].add(answer.question_id)
    return answered


def worksheet_progress(assessment, worksheets, vendors) -> dict:
    """{(worksheet id, vendor id or None): Progress} for one assessment, in two queries."""
    by_worksheet = defaultdict(set)
    for question in _questions():
        if question.applies_to(assessment.channels):
            by_worksheet[question.section.worksheet_id].add(question.pk)
    answered = _answered([assessment])
    result = {}
    for worksheet in worksheets:
        for vendor in vendors if worksheet.per_vendor else [None]:
            questions = by_worksheet[worksheet.pk]
            done = answered[assessment.pk, vendor.pk if vendor else None] & questions
            result[worksheet.pk, vendor.pk if vendor else None] = Progress(
                len(done), len(questions)
            )
    return result


def overall_progress(assessments) -> dict:
    """{assessment id: Progress} over every worksheet (vendor worksheet once per vendor)."""
    questions = _questions()
    answered = _answered(assessments)
    vendor_answers = defaultdict(list)  # assessment id -> answered question ids per vendor
    for (a_id, v_id), ids in answered.items():
        if v_id:
            vendor_answers[a_id].append(ids)
    asked = {}  # channels -> (shared question ids, per-vendor question ids), computed once each
    result = {}
    for assessment in assessments:
        channels = tuple(assessment.channels)
        if channels not in asked:
            applicable = [q for q in questions if q.applies_to(channels)]
            asked[channels] = (
                {q.pk for q in applicable if not q.section.worksheet.per_vendor},
                {q.pk for q in applicable if q.section.worksheet.per_vendor},
            )
        shared, per_vendor = asked[channels]
        done = len(answered.get((assessment.pk, None), set()) & shared) + sum(
            len(ids & per_vendor) for ids in vendor_answers[assessment.pk]
        )
        vendor_count = len(assessment.vendors.all())
        result[assessment.pk] = Progress(done, len(shared) + vendor_count * len(per_vendor))
    return result


def section_progress(assessment, worksheet, vendor=None) -> dict:
    """{section id: Progress} for one worksheet (and one vendor), in two queries."""
    by_section = defaultdict(set)
    for question in _questions(section__worksheet=worksheet):
        if question.applies_to(assessment.channels):
            by_section[question.section_id].add(question.pk)
    answered = _answered([assessment])[assessment.pk, vendor.pk if vendor else None]
    return {
        section_id: Progress(len(ids & answered), len(ids))
        for section_id, ids in by_section.items()
    }
