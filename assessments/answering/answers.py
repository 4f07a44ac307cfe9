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

from assessments.answering.content import current_content_version
from assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    ContentVersion,
    Question,
    VendorEvaluation,
)


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
    if not (version.isascii() and version.isdigit()) or len(fingerprint) != 16:
        return None
    return int(version), fingerprint


@dataclass(frozen=True)
class AnswerInput:
    question: Question
    value: AnswerValue
    base: tuple[int, str]


class AssessmentLocked(Exception):
    """The assessment is finalised: its answers and vendors can no longer change."""


@dataclass
class SaveOutcome:
    # What is stored now; an answer written in one statement is not read back (it has no id).
    saved: list[Answer] = field(default_factory=list)
    conflicts: dict[str, Answer] = field(default_factory=dict)  # both people changed it
    stale: dict[str, Answer] = field(default_factory=dict)  # only someone else changed it
    unchanged: dict[str, Answer | None] = field(
        default_factory=dict
    )  # what was sent is what is stored


def answers_save(
    *,
    assessment: Assessment,
    vendor: VendorEvaluation | None,
    inputs: list[AnswerInput],
    by,
    content_version: ContentVersion | None = None,
    from_vendor: bool = False,
) -> SaveOutcome:
    """Save what the person changed, all or nothing per call; report conflicts per question.

    `from_vendor`: the values are the vendor's own answers, accepted by `by` (the answers saved
    are marked as the vendor's until someone changes them).

    Raises AssessmentLocked, with nothing written, when the assessment is finalised. Three
    statements when one answer changes from the version the person saw (the usual autosave):
    the lock (which records the change), the write (conditional on that version), the commit.
    Anything else (a first answer, a conflict, an answer left as it was) reads the stored
    answers under lock and decides per question.
    """
    outcome = SaveOutcome()
    version = content_version or current_content_version()
    with transaction.atomic():
        # Lock the assessment row first: saves to one assessment then run one after another,
        # so two first answers to one question can never both insert (a row lock cannot
        # cover a row that does not exist yet), and a concurrent finalisation is seen before
        # any write. The statement that takes the lock also checks the status and records
        # the change, so a save can never slip in after sign-off.
        mark_changed(assessment)
        where = {"assessment": assessment, "vendor": vendor}
        undecided = [
            item
            for item in inputs
            if not _write_over_base(
                item, where=where, by=by, version=version, outcome=outcome, from_vendor=from_vendor
            )
        ]
        stored = (
            {
                a.question_id: a
                for a in Answer.objects.select_for_update().filter(
                    **where, question__in=[i.question for i in undecided]
                )
            }
            if undecided
            else {}
        )
        for item in undecided:
            _save_one(
                item,
                stored.get(item.question.pk),
                assessment=assessment,
                vendor=vendor,
                by=by,
                content_version=version,
                outcome=outcome,
                from_vendor=from_vendor,
            )
        if not outcome.saved:
            transaction.set_rollback(True)  # undoes the recorded change: there was none
    return outcome


def _write_over_base(
    item: AnswerInput, *, where: dict, by, version, outcome, from_vendor: bool = False
) -> bool:
    """Write a changed answer in one statement if it is still at the version the person saw.

    The stored answer at that version holds what the person saw, so writing is what `_save_one`
    would decide; True when written. False (nothing written) when the person left the value as
    they saw it, when there was no answer yet, or when someone else saved since: `_save_one`
    decides those from the stored answer. The caller holds the assessment's lock.
    """
    base_version, base_fingerprint = item.base
    value = item.value
    if base_version == 0 or value.fingerprint() == base_fingerprint:
        return False
    written = dict(
        selected=list(value.selected),
        number=value.number,
        text=value.text,
        note=value.note,
        carried_over=False,
        from_vendor=from_vendor,
        question_revision=item.question.revision,
        content_version=version,
        updated_by=by,
    )
    if not Answer.objects.filter(**where, question=item.question, version=base_version).update(
        **written, version=base_version + 1, updated_at=timezone.now()
    ):
        return False
    # What is stored now (all a reply needs: the version and the value), without reading it back.
    outcome.saved.append(
        Answer(**where, question=item.question, version=base_version + 1, **written)
    )
    return True


def mark_changed(assessment: Assessment) -> None:
    """Record a change inside the caller's transaction; refuse it if the assessment is finalised.

    The status is checked by the same statement that writes (PostgreSQL re-reads a row that a
    concurrent finalisation locked), so a save can never slip in after sign-off.
    """
    if not Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.DRAFT).update(
        updated_at=timezone.now()
    ):
        raise AssessmentLocked


def needs_checking(answer: Answer | None, question: Question) -> bool:
    """Carried over from an earlier assessment, or given before the question was reworded."""
    return answer is not None and (
        answer.carried_over or answer.question_revision < question.revision
    )


WRITE, UNCHANGED, STALE, CONFLICT = "write", "unchanged", "stale", "conflict"


def save_decision(item: AnswerInput, stored, *, needs_check: bool = False) -> str:
    """What saving `item` over the `stored` answer (or None) should do; the caller holds the lock.

    UNCHANGED: what was sent is what is stored (unless the stored answer still needs checking:
    saving it as it is then confirms it, a WRITE). STALE: the person left the value as they
    found it and someone else changed it since. CONFLICT: both changed it. WRITE otherwise.
    """
    base_version, base_fingerprint = item.base
    sent = item.value.fingerprint()
    if sent == AnswerValue.of(stored).fingerprint():
        return WRITE if needs_check else UNCHANGED
    if sent == base_fingerprint:
        return STALE
    if (stored.version if stored else 0) != base_version:
        return CONFLICT
    return WRITE


def record_decision(outcome: SaveOutcome, decision: str, key: str, stored) -> None:
    """Note in `outcome` an answer that was not written (unchanged, stale or in conflict)."""
    {UNCHANGED: outcome.unchanged, STALE: outcome.stale, CONFLICT: outcome.conflicts}[decision][
        key
    ] = stored


def _save_one(
    item: AnswerInput,
    answer: Answer | None,
    *,
    assessment,
    vendor,
    by,
    content_version,
    outcome: SaveOutcome,
    from_vendor: bool = False,
) -> None:
    # Saving an answer as it is stored changes nothing, except for one still to be checked
    # (carried over from the earlier assessment, or given before its question was reworded):
    # the page asks the person to check it and save it, and saving confirms it.
    decision = save_decision(item, answer, needs_check=needs_checking(answer, item.question))
    if decision != WRITE:
        record_decision(outcome, decision, item.question.key, answer)
        return
    if answer is None:
        answer = Answer(assessment=assessment, vendor=vendor, question=item.question, version=0)
    # Confirming a carried-over answer as it is keeps whose answer it was.
    confirmed = (
        answer.pk is not None
        and decision == WRITE
        and (item.value.fingerprint() == AnswerValue.of(answer).fingerprint())
    )
    answer.from_vendor = from_vendor or (confirmed and answer.from_vendor)
    answer.selected = list(item.value.selected)
    answer.number = item.value.number
    answer.text = item.value.text
    answer.note = item.value.note
    answer.carried_over = False
    answer.version += 1
    answer.question_revision = item.question.revision
    answer.content_version = content_version
    answer.updated_by = by
    answer.save()
    outcome.saved.append(answer)
