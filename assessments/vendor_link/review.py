"""The program reviews what a vendor submitted: each answer accepted, or the program's kept.

Nothing of the vendor's becomes the program's answer without someone accepting it. Accepting
saves the vendor's value through `answers_save`, from the program's answer as the reviewer saw
it: if someone changed that answer since, it is a conflict and nothing is written for it. The
program's own note stays; the vendor's comment stays with the vendor's answer.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.models import (
    Answer,
    VendorAnswer,
    VendorEvaluation,
    VendorRequest,
    VendorRequestStatus,
    VendorReview,
)

from .links import history_record
from .statements import vendor_sections

ACCEPT, KEEP, LATER = "accept", "keep", "later"


@dataclass
class ReviewRow:
    question: object
    said: VendorAnswer  # what the vendor answered
    ours: Answer | None  # the program's answer now

    @property
    def same(self) -> bool:
        """The vendor gave the answer the program has (notes aside)."""
        return self.ours is not None and _value_of(self.said) == _value_of(self.ours)


def _value_of(answer) -> tuple:
    value = AnswerValue.of(answer)
    number = None if value.number is None else value.number.normalize()
    return tuple(sorted(value.selected)), number, value.text


def _as_accepted(said: VendorAnswer, ours: Answer | None) -> AnswerValue:
    """The program's answer once the vendor's is accepted: the vendor's value, our note."""
    return AnswerValue(tuple(said.selected), said.number, said.text, ours.note if ours else "")


def submitted_link(vendor: VendorEvaluation) -> VendorRequest | None:
    """The vendor's newest submitted answers, if any."""
    return (
        vendor.requests.filter(status=VendorRequestStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def vendor_said(vendor: VendorEvaluation) -> dict[int, VendorAnswer]:
    """{question id: the vendor's answer} from its newest submission (empty without one)."""
    link = submitted_link(vendor)
    return {a.question_id: a for a in link.answers.all() if a.is_answered} if link else {}


def review_rows(*, link: VendorRequest, assessment, version) -> list[ReviewRow]:
    """Each question the vendor answered, in worksheet order, with the program's answer."""
    said = {a.question_id: a for a in link.answers.all() if a.is_answered}
    ours = {
        a.question_id: a
        for a in Answer.objects.filter(assessment=assessment, vendor_id=link.vendor_id)
    }
    return [
        ReviewRow(question, said[question.pk], ours.get(question.pk))
        for section in vendor_sections(assessment, version)
        for question in section.questions
        if question.pk in said
    ]


@dataclass(frozen=True)
class Decision:
    row: ReviewRow
    choice: str  # ACCEPT, KEEP or LATER
    note: str  # why the program keeps its own answer
    base: tuple[int, str]  # the program's answer as the reviewer saw it


@dataclass
class ReviewOutcome:
    accepted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # someone changed our answer meanwhile


def vendor_answers_review(
    *, assessment, link: VendorRequest, decisions: list[Decision], by
) -> ReviewOutcome:
    """Apply the reviewer's choices in one transaction; AssessmentLocked if it is finalized."""
    outcome = ReviewOutcome()
    accepting = [d for d in decisions if d.choice == ACCEPT]
    with transaction.atomic():
        saved = answers_save(
            assessment=assessment,
            vendor=link.vendor,
            inputs=[
                AnswerInput(d.row.question, _as_accepted(d.row.said, d.row.ours), d.base)
                for d in accepting
            ],
            by=by,
            from_vendor=True,
        )
        refused = set(saved.conflicts) | set(saved.stale)
        same = [d.row.question for d in accepting if d.row.question.key in saved.unchanged]
        Answer.objects.filter(assessment=assessment, vendor=link.vendor, question__in=same).update(
            from_vendor=True
        )
        for decision in decisions:
            key = decision.row.question.key
            if decision.choice == ACCEPT and key in refused:
                outcome.conflicts.append(key)
            elif decision.choice in (ACCEPT, KEEP):
                _mark(decision, by=by)
                (outcome.accepted if decision.choice == ACCEPT else outcome.kept).append(key)
        if outcome.accepted or outcome.kept:
            history_record(
                link=link,
                by=by,
                message=f"Reviewed: {len(outcome.accepted)} accepted, {len(outcome.kept)} kept",
            )
    return outcome


def _mark(decision: Decision, *, by) -> None:
    said = decision.row.said
    said.review = VendorReview.ACCEPTED if decision.choice == ACCEPT else VendorReview.KEPT_OWN
    said.review_note = decision.note if decision.choice == KEEP else ""
    said.reviewed_by, said.reviewed_at = by, timezone.now()
    said.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
