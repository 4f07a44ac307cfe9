"""Re-assessing: a new draft carried over from a finalized assessment, and what changed between two.

A re-assessment starts from every answer, note, vendor and open action of the finalized one,
each answer flagged "carried over" until someone saves it. Answers keep the question revision
they were given against, so questions reworded since are flagged for review as usual.
"""

import calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.answering.content import current_content_version
from assessments.models import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Channel,
    Choice,
    QuestionKind,
    VendorEvaluation,
)
from assessments.scoring.engine import DIMENSIONS
from assessments.scoring.results import (
    assessment_results,
    band_label,
    channel_label,
    dimension_label,
    severity_label,
)
from assessments.vendor_link.records import statements_copy

DUE_WITHIN = timedelta(days=30)  # "due" this long before the date; "overdue" after it


class NotFinalised(Exception):
    """Only a finalized assessment can be re-assessed."""


# The readiness answer a director's re-assess-by date starts from, in months after finalizing.
REASSESS_WHEN = "reassess-when"
REASSESS_MONTHS = {"within-3-months": 3, "within-6-months": 6, "within-12-months": 12}
DEFAULT_REASSESS_MONTHS = 12


def reassess_months(assessment: Assessment) -> int:
    """Months to the next re-assessment the program chose; 12 when unanswered or not sure."""
    selected = (
        Answer.objects.filter(
            assessment=assessment,
            vendor=None,
            question__key=REASSESS_WHEN,
        )
        .values_list("selected", flat=True)
        .first()
    )
    return next(
        (REASSESS_MONTHS[key] for key in selected or () if key in REASSESS_MONTHS),
        DEFAULT_REASSESS_MONTHS,
    )


def default_reassess_by(finalised_on: date, months: int = DEFAULT_REASSESS_MONTHS) -> date:
    """`months` after finalizing; the month's last day when that day does not exist (31 Aug + 6)."""
    month_index = finalised_on.month - 1 + months
    year, month = finalised_on.year + month_index // 12, month_index % 12 + 1
    return finalised_on.replace(
        year=year, month=month, day=min(finalised_on.day, calendar.monthrange(year, month)[1])
    )


def reassess_status(assessment: Assessment, today: date) -> str | None:
    """ "overdue" past the re-assess-by date, "due" within 30 days of it, else None (finalized
    assessments and quick checks only)."""
    quick = assessment.kind == AssessmentKind.QUICK  # provisional: re-assess by its date too
    if assessment.reassess_by is None or not (
        quick or assessment.status == AssessmentStatus.FINALISED
    ):
        return None
    if today > assessment.reassess_by:
        return "overdue"
    return "due" if today >= assessment.reassess_by - DUE_WITHIN else None


@transaction.atomic
def assessment_reassess(*, assessment: Assessment, by, name: str | None = None) -> Assessment:
    """A new draft of a finalized assessment with its answers, vendors and open actions."""
    if assessment.status != AssessmentStatus.FINALISED:
        raise NotFinalised
    default_name = _("%(name)s: re-assessment") % {"name": assessment.name}
    new = Assessment.objects.create(
        organisation=assessment.organisation,
        name=(name or default_name)[:200],
        report_language=assessment.report_language,
        created_by=by,
        content_version=current_content_version(),
        started_from=assessment,
        **{f"consider_{c}": getattr(assessment, f"consider_{c}") for c in Channel.values},
    )
    vendors = {None: None}
    for vendor in assessment.vendors.all():
        vendors[vendor.pk] = VendorEvaluation.objects.create(assessment=new, name=vendor.name)
    _copy_answers(assessment, new, vendors, by)
    _copy_actions(assessment, new, vendors)
    statements_copy(vendors)
    return new


def _copy_answers(old: Assessment, new: Assessment, vendors: dict, by) -> None:
    # Answer.question is PROTECTed, so a removed question never has answers left to copy.
    Answer.objects.bulk_create(
        Answer(
            assessment=new,
            vendor=vendors[answer.vendor_id],
            question_id=answer.question_id,
            selected=answer.selected,
            number=answer.number,
            text=answer.text,
            note=answer.note,
            carried_over=True,
            from_vendor=answer.from_vendor,
            question_revision=answer.question_revision,
            content_version=new.content_version,
            updated_by=by,
        )
        for answer in old.answers.all()
    )


def _copy_actions(old: Assessment, new: Assessment, vendors: dict) -> None:
    fields = ["question_key", "description", "owner", "due_on", "status", "position", "edited"]
    ActionItem.objects.bulk_create(
        ActionItem(
            assessment=new,
            vendor=vendors[item.vendor_id],
            severity=item.severity,
            **{field: getattr(item, field) for field in fields},
        )
        for item in old.actions.exclude(status=ActionStatus.DONE)
    )


def needs_a_look(assessment: Assessment) -> dict:
    """Counts of carried-over answers and answers to reworded questions, per section page."""
    answers = (
        Answer.objects.filter(assessment=assessment)
        .filter(Q(carried_over=True) | Q(question_revision__lt=F("question__revision")))
        .select_related("vendor", "question__section__worksheet")
        .order_by("vendor_id", "question__section__worksheet__order", "question__section__order")
    )
    sections: dict = {}
    for answer in answers:
        section, vendor = answer.question.section, answer.vendor
        entry = sections.setdefault(
            (vendor, section), {"vendor": vendor, "section": section, "carried": 0, "review": 0}
        )
        entry["carried"] += answer.carried_over
        entry["review"] += answer.question_revision < answer.question.revision
    for (vendor, section), entry in sections.items():
        entry["url"] = _section_url(assessment, vendor, section)
    items = list(sections.values())
    return {
        "carried": sum(item["carried"] for item in items),
        "review": sum(item["review"] for item in items),
        "sections": items,
    }


def _section_url(assessment, vendor, section) -> str:
    where = [section.worksheet.key, section.key]
    if vendor:
        return reverse("assessments:vendor_section", args=[assessment.pk, vendor.pk, *where])
    return reverse("assessments:section", args=[assessment.pk, *where])


@dataclass(frozen=True)
class ScoreChange:
    dimension: str
    before: int | None
    after: int | None
    change: int | None
    band_before: str
    band_after: str


@dataclass(frozen=True)
class ChannelChange:
    channel: str
    band_before: str
    band_after: str
    dimensions: tuple[ScoreChange, ...]


@dataclass(frozen=True)
class FindingChange:
    question: str
    severity: str


@dataclass(frozen=True)
class AnswerChange:
    question: str
    vendor: str
    before: str
    after: str
    free_text: bool  # written by the program: left out of the report


@dataclass(frozen=True)
class Comparison:
    """Two assessments of one program side by side, as plain data (JSON-ready with asdict)."""

    earlier: str
    later: str
    channels: tuple[ChannelChange, ...]
    resolved: tuple[FindingChange, ...]
    new: tuple[FindingChange, ...]
    changed_answers: tuple[AnswerChange, ...]

    def as_data(self) -> dict:
        return asdict(self)


def _channel_change(channel: str, before, after) -> ChannelChange:
    rows = []
    for index, dimension in enumerate(DIMENSIONS):
        old = before.dimensions[index] if before else None
        new = after.dimensions[index] if after else None
        old_score, new_score = old and old.score, new and new.score
        both = old_score is not None and new_score is not None
        rows.append(
            ScoreChange(
                dimension_label(dimension),
                old_score,
                new_score,
                new_score - old_score if both else None,
                band_label(old and old.band),
                band_label(new and new.band),
            )
        )
    return ChannelChange(
        channel_label(channel),
        band_label(before and before.band),
        band_label(after and after.band),
        tuple(rows),
    )


def _finding_changes(keys, findings: dict, questions) -> tuple[FindingChange, ...]:
    return tuple(
        FindingChange(questions[key].text, severity_label(findings[key].severity)) for key in keys
    )


def _answer_words(answer: Answer | None) -> str:
    if answer is None or not answer.is_answered:
        return _("Not answered")
    if answer.question.has_choices:
        labels = {choice.key: choice.label for choice in answer.question.choices.all()}
        return ", ".join(labels.get(key, key) for key in answer.selected)
    if answer.number is not None:
        return f"{answer.number.normalize():f} {answer.question.unit}".strip()
    return answer.text


def _answers(assessment: Assessment) -> dict:
    choices = Prefetch("question__choices", queryset=Choice.objects.order_by("order", "key"))
    rows = (
        Answer.objects.filter(assessment=assessment)
        .select_related("vendor", "question")
        .prefetch_related(choices)
    )
    return {(a.vendor.name if a.vendor else "", a.question.key): a for a in rows}


def _changed_answers(earlier: Assessment, later: Assessment) -> tuple[AnswerChange, ...]:
    before, after = _answers(earlier), _answers(later)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1])):
        old, new = before.get(key), after.get(key)
        old_words, new_words = _answer_words(old), _answer_words(new)
        if old_words != new_words:
            question = (new or old).question
            free = not question.has_choices and question.kind != QuestionKind.NUMBER
            changes.append(AnswerChange(question.text, key[0], old_words, new_words, free))
    return tuple(changes)


def assessment_compare(*, earlier: Assessment, later: Assessment) -> Comparison:
    """Scores, bands, findings and answers of two assessments, scored with today's content.

    A finalized assessment is scored live here (its frozen report may differ if admins changed
    weights since): both sides then use the same rules, so the change is the program's own.
    """
    first, second = assessment_results(assessment=earlier), assessment_results(assessment=later)
    channels = [c for c in Channel.values if c in earlier.channels or c in later.channels]
    old = {f.question_key: f for f in first.program.findings}
    new = {f.question_key: f for f in second.program.findings}
    questions = {**first.questions, **second.questions}
    before = {result.channel: result for result in first.program.channels}
    after = {result.channel: result for result in second.program.channels}
    return Comparison(
        earlier.name,
        later.name,
        tuple(_channel_change(c, before.get(c), after.get(c)) for c in channels),
        _finding_changes([k for k in old if k not in new], old, questions),
        _finding_changes([k for k in new if k not in old], new, questions),
        _changed_answers(earlier, later),
    )
