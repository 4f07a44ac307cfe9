"""Saving answers safely when several people work on one assessment at once.

Every answer carries a version. A person's save names the version they started from and a
fingerprint of the value they saw; if someone else changed the answer since, and the person
changed it too, the save is refused for that question as a conflict (never last-write-wins).
"""
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .content import current_content_version
from .models import Answer, Assessment, Question, VendorEvaluation


@dataclass(frozen=True)
class AnswerValue:
    selected: tuple[str, ...] = ()
    number: Decimal | None = None
    text: str = ""
    note: str = ""

    @classmethod
    def of(cls, answer: Answer | None) -> "AnswerValue":
        if answer is None:
            return cls()
        return cls(tuple(answer.selected), answer.number, answer.text, answer.note)

    def fingerprint(self) -> str:
        number = None if self.number is None else format(self.number.normalize(), "f")
        raw = json.dumps([sorted(self.selected), number, self.text, self.note])
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def base_token(answer: Answer | None) -> str:
    """What a form carries to say which stored answer it started from."""
    return f"{answer.version if answer else 0}:{AnswerValue.of(answer).fingerprint()}"


def parse_base_token(token: str) -> tuple[int, str] | None:
    version, _, fingerprint = (token or "").partition(":")
    if not version.isdigit() or len(fingerprint) != 16:
        return None
    return int(version), fingerprint


@dataclass(frozen=True)
class AnswerInput:
    question: Question
    value: AnswerValue
    base: tuple[int, str]


@dataclass
class SaveOutcome:
    saved: list[Answer] = field(default_factory=list)
    conflicts: dict[str, Answer] = field(default_factory=dict)  # question key -> the other answer
    unchanged: list[str] = field(default_factory=list)


def answers_save(*, assessment: Assessment, vendor: VendorEvaluation | None,
                 inputs: list[AnswerInput], by) -> SaveOutcome:
    """Save what the person changed, all or nothing per call; report conflicts per question."""
    outcome = SaveOutcome()
    version = current_content_version()
    with transaction.atomic():
        stored = {a.question_id: a for a in Answer.objects.select_for_update().filter(
            assessment=assessment, vendor=vendor, question__in=[i.question for i in inputs])}
        for item in inputs:
            _save_one(item, stored.get(item.question.pk), assessment=assessment, vendor=vendor,
                      by=by, content_version=version, outcome=outcome)
        if outcome.saved:
            Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return outcome


def _save_one(item: AnswerInput, answer: Answer | None, *, assessment, vendor, by, content_version,
              outcome: SaveOutcome) -> None:
    base_version, base_fingerprint = item.base
    current = AnswerValue.of(answer)
    if item.value.fingerprint() in {base_fingerprint, current.fingerprint()}:
        outcome.unchanged.append(item.question.key)  # untouched by this person, or already equal
        return
    if (answer.version if answer else 0) != base_version:
        outcome.conflicts[item.question.key] = answer
        return
    if answer is None:
        answer = Answer(assessment=assessment, vendor=vendor, question=item.question, version=0)
    answer.selected = list(item.value.selected)
    answer.number = item.value.number
    answer.text = item.value.text
    answer.note = item.value.note
    answer.version += 1
    answer.question_revision = item.question.revision
    answer.content_version = content_version
    answer.updated_by = by
    answer.save()
    outcome.saved.append(answer)
