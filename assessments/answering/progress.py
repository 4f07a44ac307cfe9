"""How far an assessment has got: answered questions out of those it asks (`Question.applies_to`).

Progress needs only a few columns of each question and answer, so it reads them as plain rows
(no model instances): the list of an organization's assessments and every section page count
questions and answers this way. Which questions an assessment asks is decided by the one rule,
`scoring.applies` (what `Question.applies_to` calls), and whether an answer counts as answered
by `Answer.is_answered`, applied to the plain rows.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from assessments.models import Answer, Channel, Question
from assessments.scoring.engine import applies

CHANNEL_FIELDS = [f"applies_{channel}" for channel in Channel.values]


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


class QuestionScope(NamedTuple):
    """What progress needs of a question: where it sits and which channels it applies to."""

    pk: int
    section_id: int
    worksheet_id: int
    per_vendor: bool
    channels: frozenset

    def applies_to(self, channels) -> bool:
        return applies(self.channels, channels)


def _channels(flags: tuple) -> frozenset:
    return frozenset(c for c, on in zip(Channel.values, flags, strict=True) if on)


def question_scopes(worksheet=None) -> list[QuestionScope]:
    """Every question (or one worksheet's), with just what progress needs, in one query."""
    if worksheet is not None:  # known: no need to join the sections and worksheets
        rows = (
            Question.objects.filter(section__worksheet_id=worksheet.pk)
            .order_by()  # no ordering needed (the model's joins the worksheets to sort)
            .values_list("pk", "section_id", *CHANNEL_FIELDS)
        )
        rows = ((pk, s_id, worksheet.pk, worksheet.per_vendor, *flags) for pk, s_id, *flags in rows)
    else:
        rows = Question.objects.order_by().values_list(
            "pk",
            "section_id",
            "section__worksheet_id",
            "section__worksheet__per_vendor",
            *CHANNEL_FIELDS,
        )
    channels = {}  # the few distinct channel sets, built once each
    return [
        QuestionScope(
            pk,
            section_id,
            worksheet_id,
            per_vendor,
            channels.get(tuple(flags)) or channels.setdefault(tuple(flags), _channels(flags)),
        )
        for pk, section_id, worksheet_id, per_vendor, *flags in rows
    ]


class _Stored(NamedTuple):
    selected: list
    number: object
    text: str


_is_answered = Answer.is_answered.fget  # the model's rule, applied to plain rows


def is_answered(selected, number, text) -> bool:
    return _is_answered(_Stored(selected, number, text))


def answered_questions(assessment_ids, **filters) -> dict:
    """(assessment id, vendor id) -> set of answered question ids, for these assessments only."""
    answered = defaultdict(set)
    rows = Answer.objects.filter(assessment_id__in=list(assessment_ids), **filters).values_list(
        "assessment_id", "vendor_id", "question_id", "selected", "number", "text"
    )
    for assessment_id, vendor_id, question_id, selected, number, text in rows:
        if is_answered(selected, number, text):
            answered[assessment_id, vendor_id].add(question_id)
    return answered


def worksheet_progress(assessment, worksheets, vendors) -> dict:
    """{(worksheet id, vendor id or None): Progress} for one assessment, in two queries."""
    by_worksheet = defaultdict(set)
    for question in question_scopes():
        if question.applies_to(assessment.channels):
            by_worksheet[question.worksheet_id].add(question.pk)
    answered = answered_questions([assessment.pk])
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
    """{assessment id: Progress} over every worksheet (vendor worksheet once per vendor).

    Two queries whatever the number of assessments; the answers read are those of the given
    assessments only (a page of the list), so the work grows with them, not with the total.
    The vendors must be prefetched (`prefetch_related("vendors")`).
    """
    by_channels = defaultdict(list)  # the channels a question applies to -> those questions
    for question in question_scopes():
        by_channels[question.channels].append(question)
    answered = answered_questions(a.pk for a in assessments)
    vendor_answers = defaultdict(list)  # assessment id -> answered question ids per vendor
    for (a_id, v_id), ids in answered.items():
        if v_id:
            vendor_answers[a_id].append(ids)
    asked = {}  # channels -> (shared question ids, per-vendor question ids), computed once each
    result = {}
    for assessment in assessments:
        channels = tuple(assessment.channels)
        if channels not in asked:
            applicable = [
                question
                for question_channels, questions in by_channels.items()
                if applies(question_channels, channels)
                for question in questions
            ]
            asked[channels] = (
                {q.pk for q in applicable if not q.per_vendor},
                {q.pk for q in applicable if q.per_vendor},
            )
        shared, per_vendor = asked[channels]
        done = len(answered.get((assessment.pk, None), set()) & shared) + sum(
            len(ids & per_vendor) for ids in vendor_answers.get(assessment.pk, ())
        )
        vendor_count = len(assessment.vendors.all())
        result[assessment.pk] = Progress(done, len(shared) + vendor_count * len(per_vendor))
    return result


def asked_by_section(scopes, channels) -> dict:
    """{section id: set of question ids the assessment asks}; sections asking none are left out."""
    asked = defaultdict(set)
    for question in scopes:
        if question.applies_to(channels):
            asked[question.section_id].add(question.pk)
    return dict(asked)


def section_progress(asked: dict, answered: set) -> dict:
    """{section id: Progress} from the questions asked per section and the answered ones."""
    return {
        section_id: Progress(len(ids & answered), len(ids)) for section_id, ids in asked.items()
    }
