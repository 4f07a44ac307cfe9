"""The vendor's side: which questions it is asked, and saving and submitting its answers.

Saving follows the program's rules (assessments/answering/answers.py): a save names the version
it started from, and a value someone else changed since is a conflict, never overwritten. Every
write first updates the request's row on the condition that the link is still open (not
submitted, withdrawn, replaced or past its deadline, its assessment not finalized): that one
statement both checks the link and serialises the saves made through it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.answering.answers import (
    WRITE,
    AnswerInput,
    SaveOutcome,
    record_decision,
    save_decision,
)
from assessments.answering.worksheet_cache import worksheets_in
from assessments.models import (
    AssessmentStatus,
    ContentVersion,
    LinkState,
    VendorAnswer,
    VendorRequest,
    VendorRequestStatus,
)

from .links import history_record

WRITABLE = {LinkState.SENT, LinkState.OPENED}


class LinkClosed(Exception):
    """The link no longer takes answers: its state says why."""


@dataclass(frozen=True)
class VendorSection:
    worksheet: object
    section: object
    questions: tuple

    @property
    def key(self) -> str:
        return self.section.key


def vendor_sections(assessment, version: ContentVersion) -> list[VendorSection]:
    """The sections of the per-vendor worksheets with a question asked of the vendor.

    A question is asked when it applies to the assessment's channels and its content does not
    keep it for the program (`ask_vendor`). No query: the content is kept in memory.
    """
    found = []
    for content in worksheets_in(version, per_vendor=True):
        for section in content.sections:
            questions = tuple(
                q
                for q in content.questions.get(section.pk, ())
                if q.ask_vendor and q.applies_to(assessment.channels)
            )
            if questions:
                found.append(VendorSection(content.worksheet, section, questions))
    return found


def link_state(link: VendorRequest) -> str:
    """The link's state now (its vendor and assessment loaded with it)."""
    finalised = link.vendor.assessment.status == AssessmentStatus.FINALISED
    return link.state(assessment_finalised=finalised)


def link_opened(link: VendorRequest) -> None:
    """Record the first time the vendor opened its link."""
    if link.opened_at is None:
        now = timezone.now()
        VendorRequest.objects.filter(pk=link.pk, opened_at__isnull=True).update(opened_at=now)
        link.opened_at = now


def vendor_answers(link: VendorRequest) -> dict[int, VendorAnswer]:
    """{question id: the vendor's answer} given through this link."""
    return {a.question_id: a for a in VendorAnswer.objects.filter(request=link)}


def _lock_open(link: VendorRequest, **changes) -> None:
    """Inside a transaction: record the change if the link is still open; LinkClosed if not."""
    now = timezone.now()
    changed = VendorRequest.objects.filter(
        pk=link.pk,
        status=VendorRequestStatus.OPEN,
        expires_at__gt=now,
        vendor__assessment__status=AssessmentStatus.DRAFT,
    ).update(**{"last_saved_at": now, **changes})
    if not changed:
        raise LinkClosed


def vendor_answers_save(*, link: VendorRequest, inputs: list[AnswerInput]) -> SaveOutcome:
    """Save what the vendor changed, all or nothing; LinkClosed (nothing written) if it is closed."""
    outcome = SaveOutcome()
    with transaction.atomic():
        _lock_open(link)
        stored = {
            a.question_id: a
            for a in VendorAnswer.objects.select_for_update().filter(
                request=link, question__in=[i.question for i in inputs]
            )
        }
        for item in inputs:
            _save_one(item, stored.get(item.question.pk), link=link, outcome=outcome)
        if not outcome.saved:
            transaction.set_rollback(True)
    return outcome


def _save_one(item: AnswerInput, answer, *, link, outcome: SaveOutcome) -> None:
    decision = save_decision(item, answer)
    if decision != WRITE:
        record_decision(outcome, decision, item.question.key, answer)
        return
    if answer is None:
        answer = VendorAnswer(request=link, question=item.question, version=0)
    answer.selected = list(item.value.selected)
    answer.number = item.value.number
    answer.text = item.value.text
    answer.note = item.value.note
    answer.version += 1
    answer.question_revision = item.question.revision
    answer.save()
    outcome.saved.append(answer)


def vendor_answers_submit(*, link: VendorRequest) -> None:
    """The vendor hands in its answers: the link then stops taking them. LinkClosed if closed."""
    now = timezone.now()
    with transaction.atomic():
        _lock_open(link, status=VendorRequestStatus.SUBMITTED, submitted_at=now)
        history_record(link=link, by=None, message="Submitted by the vendor")
    link.status, link.submitted_at = VendorRequestStatus.SUBMITTED, now
