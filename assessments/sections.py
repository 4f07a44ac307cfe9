"""Everything a section page shows, loaded in a fixed number of queries."""
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from .models import Answer, Choice, Question, Section, VendorEvaluation, Worksheet
from .progress import channel_filter


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

    @property
    def previous_section(self):
        return self.sections[self.number - 2] if self.number > 1 else None


def load_section_page(*, assessment, worksheet_key: str, section_key: str, vendor_pk=None) -> SectionPage:
    """The section of a worksheet with its applicable questions and this assessment's answers."""
    worksheet = Worksheet.objects.filter(key=worksheet_key).first()
    vendor = assessment.vendors.filter(pk=vendor_pk).first() if vendor_pk is not None else None
    if worksheet is None or worksheet.per_vendor != (vendor is not None):
        raise Http404
    applicable = channel_filter(assessment.channels)
    sections = [s for s in worksheet.sections.filter(questions__in=worksheet_questions(worksheet, applicable))
                .distinct().order_by("order", "key")]
    section = next((s for s in sections if s.key == section_key), None)
    if section is None:
        raise Http404
    questions = list(section.questions.filter(applicable).select_related("guide").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "key"))).order_by("order", "key"))
    answers = {a.question_id: a for a in Answer.objects.filter(
        assessment=assessment, vendor=vendor, question__in=questions).select_related("updated_by")}
    return SectionPage(assessment, worksheet, vendor, sections, section, questions, answers)


def worksheet_questions(worksheet, applicable):
    return Question.objects.filter(applicable, section__worksheet=worksheet)


def first_section_key(*, assessment, worksheet) -> str | None:
    section = (worksheet.sections.filter(questions__in=worksheet_questions(worksheet, channel_filter(assessment.channels)))
               .order_by("order", "key").first())
    return section.key if section else None
