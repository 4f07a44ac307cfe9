"""What a worksheet page shows, loaded in a fixed number of queries.

Which questions an assessment asks is decided by one rule, `Question.applies_to` (the rule
scoring uses); sections without an applicable question are skipped.
"""

from dataclasses import dataclass, field

from django.http import Http404

from assessments.answering.progress import asked_by_section, question_scopes, section_progress
from assessments.answering.worksheet_cache import worksheet_content
from assessments.models import Answer, Question, Section, VendorEvaluation, Worksheet
from platforms.models import Guide

GUIDE_FIELDS = ["slug", "title"]  # what a question's "Read the guide" link shows
# A person's password and dates: the page shows only who changed an answer.
AUTHOR_UNUSED = [
    f"updated_by__{name}"
    for name in ("password", "last_login", "is_superuser", "is_staff", "is_active", "date_joined")
]


@dataclass
class SectionPage:
    assessment: object
    worksheet: Worksheet
    vendor: VendorEvaluation | None
    sections: list
    section: Section
    questions: list
    answers: dict  # question id -> Answer, for this section's questions
    asked: dict = field(default_factory=dict)  # section id -> ids of the questions it asks
    stored: dict = field(default_factory=dict)  # question id -> Answer, the whole worksheet
    guides: dict = field(default_factory=dict)  # guide id -> Guide, those the questions link to

    @property
    def number(self) -> int:
        return self.sections.index(self.section) + 1

    @property
    def next_section(self):
        return self.sections[self.number] if self.number < len(self.sections) else None

    def load_answers(self) -> None:
        """This assessment's (or vendor's) answers to the worksheet, in one query.

        The section's questions show theirs; the others count towards each section's progress.
        """
        asked = set().union(*self.asked.values())
        self.stored = {
            a.question_id: a
            for a in Answer.objects.filter(
                assessment=self.assessment, vendor=self.vendor, question_id__in=sorted(asked)
            )
            .select_related("updated_by")
            .defer(*AUTHOR_UNUSED)
        }
        self.answers = {q.pk: self.stored[q.pk] for q in self.questions if q.pk in self.stored}

    def progress_by_section(self) -> dict:
        """{section id: Progress} for every section of the worksheet, from the loaded answers."""
        answered = {pk for pk, answer in self.stored.items() if answer.is_answered}
        return section_progress(self.asked, answered)


@dataclass
class QuestionTarget:
    """One question of a section: what saving one answer needs."""

    question: Question
    vendor: VendorEvaluation | None


def _valid_vendor_pk(vendor_pk) -> bool:
    return vendor_pk is None or (str(vendor_pk).isascii() and str(vendor_pk).isdigit())


def applicable_sections(assessment, worksheet) -> list[Section]:
    """The worksheet's sections that ask at least one question of the assessment's channels."""
    asked = asked_by_section(question_scopes(worksheet), assessment.channels)
    return [s for s in worksheet.sections.order_by("order", "key") if s.pk in asked]


def load_section_page(
    *, assessment, version, worksheet_key: str, section_key: str, vendor_pk=None
) -> SectionPage:
    """The section of a worksheet with its applicable questions and this assessment's answers.

    The worksheet's sections, questions and choices come from `version`'s content kept in
    memory (`worksheet_cache`); two queries then (three on a vendor's page): the guides the
    section's questions link to, and the worksheet's answers.
    """
    if not _valid_vendor_pk(vendor_pk):
        raise Http404
    content = worksheet_content(version, worksheet_key)
    if content is None:  # no such worksheet (or nothing in it)
        raise Http404
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    if content.worksheet.per_vendor != (vendor is not None):
        raise Http404
    asked = asked_by_section(content.scopes, assessment.channels)
    sections = [s for s in content.sections if s.pk in asked]
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        raise Http404
    questions = [q for q in content.questions[section.pk] if q.pk in asked[section.pk]]
    linked = {q.guide_id for q in questions if q.guide_id is not None}
    guides = (
        Guide.objects.filter(pk__in=sorted(linked), published=True).only(*GUIDE_FIELDS)
        if linked
        else []
    )
    page = SectionPage(
        assessment,
        content.worksheet,
        vendor,
        sections,
        section,
        questions,
        {},
        asked,
        guides={g.pk: g for g in guides},
    )
    page.load_answers()
    return page


def load_question(
    *, assessment, version, worksheet_key: str, section_key: str, question_key: str, vendor_pk=None
) -> QuestionTarget | None:
    """One applicable question of a section (no stored answer: saving reads it under a lock).

    The question comes from `version`'s content kept in memory (`worksheet_cache`): no query,
    but one for the vendor on a vendor's page.
    """
    if not _valid_vendor_pk(vendor_pk):
        return None
    content = worksheet_content(version, worksheet_key)
    if content is None:
        return None
    question = content.question(section_key, question_key)
    if question is None or not question.applies_to(assessment.channels):
        return None
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    if content.worksheet.per_vendor != (vendor is not None):
        return None
    return QuestionTarget(question, vendor)


def first_section_key(*, assessment, worksheet) -> str | None:
    sections = applicable_sections(assessment, worksheet)
    return sections[0].key if sections else None
