"""What a worksheet page shows, loaded in a fixed number of queries.

Which questions an assessment asks is decided by one rule, `Question.applies_to` (the rule
scoring uses); sections without an applicable question are skipped.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from .models import Answer, Choice, Question, Section, VendorEvaluation, Worksheet

CHANNEL_FIELDS = ["applies_text", "applies_chat", "applies_video"]


@dataclass
class SectionPage:
    assessment: object
    worksheet: Worksheet
    vendor: VendorEvaluation | None
    sections: list
    section: Section
    questions: list
    answers: dict

    @property
    def number(self) -> int:
        return self.sections.index(self.section) + 1

    @property
    def next_section(self):
        return self.sections[self.number] if self.number < len(self.sections) else None


@dataclass
class QuestionTarget:
    """One question of a section: what saving one answer needs."""

    question: Question
    vendor: VendorEvaluation | None


def _worksheet_and_vendor(
    assessment, worksheet_key: str, vendor_pk
) -> tuple[Worksheet, VendorEvaluation | None]:
    """The worksheet, and the vendor exactly when the worksheet is answered once per vendor."""
    if vendor_pk is not None and not (str(vendor_pk).isascii() and str(vendor_pk).isdigit()):
        raise Http404
    worksheet = Worksheet.objects.filter(key=worksheet_key).first()
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    if worksheet is None or worksheet.per_vendor != (vendor is not None):
        raise Http404
    return worksheet, vendor


def applicable_sections(assessment, worksheet) -> list[Section]:
    """The worksheet's sections that ask at least one question of the assessment's channels."""
    asked = {
        q.section_id
        for q in Question.objects.filter(section__worksheet=worksheet).only(
            "section_id", *CHANNEL_FIELDS
        )
        if q.applies_to(assessment.channels)
    }
    return [s for s in worksheet.sections.order_by("order", "key") if s.pk in asked]


def load_section_page(
    *, assessment, worksheet_key: str, section_key: str, vendor_pk=None
) -> SectionPage:
    """The section of a worksheet with its applicable questions and this assessment's answers."""
    worksheet, vendor = _worksheet_and_vendor(assessment, worksheet_key, vendor_pk)
    sections = applicable_sections(assessment, worksheet)
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        raise Http404
    questions = [
        q
        for q in section.questions.select_related("guide")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "key")))
        .order_by("order", "key")
        if q.applies_to(assessment.channels)
    ]
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(
            assessment=assessment, vendor=vendor, question__in=questions
        ).select_related("updated_by")
    }
    return SectionPage(assessment, worksheet, vendor, sections, section, questions, answers)


def load_question(
    *, assessment, worksheet_key: str, section_key: str, question_key: str, vendor_pk=None
) -> QuestionTarget | None:
    """One applicable question of a section (no stored answer: saving reads it under a lock)."""
    if vendor_pk is not None and not (str(vendor_pk).isascii() and str(vendor_pk).isdigit()):
        return None
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    question = (
        Question.objects.filter(
            key=question_key, section__key=section_key, section__worksheet__key=worksheet_key
        )
        .select_related("section__worksheet")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "key")))
        .first()
    )
    if (
        question is None
        or question.section.worksheet.per_vendor != (vendor is not None)
        or not question.applies_to(assessment.channels)
    ):
        return None
    return QuestionTarget(question, vendor)


def first_section_key(*, assessment, worksheet) -> str | None:
    sections = applicable_sections(assessment, worksheet)
    return sections[0].key if sections else None
