"""What a worksheet page shows, loaded in a fixed number of queries.

Which questions an assessment asks is decided by one rule, `Question.applies_to` (the rule
scoring uses); sections without an applicable question are skipped.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404

from .models import Answer, Choice, Question, Section, VendorEvaluation, Worksheet
from .progress import asked_by_section, question_scopes, section_progress

CHOICE_ORDER = ("order", "key")
# Only what the page shows: a guide's body and summary, and a question's scoring criteria, are
# long texts it never uses; a person's password and dates likewise.
QUESTION_UNUSED = [
    "criteria",
    "guide__body",
    "guide__summary",
    "guide__topic",
    "guide__order",
    "guide__reviewed_on",
    "guide__updated_at",
]
CHOICE_FIELDS = ["question_id", "key", "order", "label"]
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
    *, assessment, worksheet_key: str, section_key: str, vendor_pk=None
) -> SectionPage:
    """The section of a worksheet with its applicable questions and this assessment's answers.

    Five queries (six on a vendor's page): the worksheet's sections (with the worksheet), its
    questions' channels (which sections apply, and each section's progress), the section's
    questions with their guides, their choices, and the worksheet's answers.
    """
    if not _valid_vendor_pk(vendor_pk):
        raise Http404
    all_sections = list(
        Section.objects.filter(worksheet__key=worksheet_key)
        .select_related("worksheet")
        .defer("worksheet__intro")
        .order_by("order", "key")
    )
    if not all_sections:  # no such worksheet (or nothing in it)
        raise Http404
    worksheet = all_sections[0].worksheet
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    if worksheet.per_vendor != (vendor is not None):
        raise Http404
    asked = asked_by_section(question_scopes(worksheet), assessment.channels)
    sections = [s for s in all_sections if s.pk in asked]
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        raise Http404
    for other in sections:
        other.worksheet = worksheet
    questions = list(
        Question.objects.filter(pk__in=sorted(asked[section.pk]))
        .select_related("guide")
        .defer(*QUESTION_UNUSED)
        .order_by("order", "key")
    )
    choices = defaultdict(list)
    for choice in (
        Choice.objects.filter(question__in=questions).only(*CHOICE_FIELDS).order_by(*CHOICE_ORDER)
    ):
        choices[choice.question_id].append(choice)
    for question in questions:
        _with_choices(question, choices[question.pk])
    page = SectionPage(assessment, worksheet, vendor, sections, section, questions, {}, asked)
    page.load_answers()
    return page


def _with_choices(question: Question, choices: list) -> Question:
    """Give the question its (already loaded) choices, as `prefetch_related` would."""
    for choice in choices:
        choice.question = question
    cached = Choice.objects.filter(question_id=question.pk)  # ordered like CHOICE_ORDER (Meta)
    cached._result_cache, cached._prefetch_done = choices, True
    question._prefetched_objects_cache = {"choices": cached}
    return question


def load_question(
    *, assessment, worksheet_key: str, section_key: str, question_key: str, vendor_pk=None
) -> QuestionTarget | None:
    """One applicable question of a section (no stored answer: saving reads it under a lock).

    One query for a question with choices (the choices with their question), two for one
    without; one more on a vendor's page. The question's section is not loaded.
    """
    if not _valid_vendor_pk(vendor_pk):
        return None
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    where = {  # the question, in a worksheet answered once per vendor exactly on a vendor's page
        "key": question_key,
        "section__key": section_key,
        "section__worksheet__key": worksheet_key,
        "section__worksheet__per_vendor": vendor is not None,
    }
    choices = list(
        Choice.objects.filter(**{f"question__{name}": value for name, value in where.items()})
        .select_related("question")
        .order_by(*CHOICE_ORDER)
    )
    if choices:
        question = _with_choices(choices[0].question, choices)
    else:
        question = Question.objects.filter(**where).first()
        if question is not None:
            _with_choices(question, [])
    if question is None or not question.applies_to(assessment.channels):
        return None
    return QuestionTarget(question, vendor)


def first_section_key(*, assessment, worksheet) -> str | None:
    sections = applicable_sections(assessment, worksheet)
    return sections[0].key if sections else None
