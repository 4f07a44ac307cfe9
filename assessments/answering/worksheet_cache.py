"""Each content version's worksheets, read once per process and then kept in memory.

Under one content version the worksheets do not change: every edit, addition or deletion of a
worksheet, section, question or answer choice starts a new version in the same transaction (the
admin, `assessments/admin.py`; the loader, `assessments/content.py`). So the sections, questions
and choices of a version can be read once and shared by every request that names that version:
autosave finds its question without a query, and a section page skips four.

A request asks with the version it read from the database, so a process that has the old
version in memory simply reads the new one the first time a request names it. Only the two
newest versions are kept (a request that read the older one just before an edit may still be
running), a few hundred small objects. Guides are not part of it: they are edited apart from
the worksheets and are read with the page that shows them.

The objects are shared between requests and threads: treat them as read-only.
"""

import threading
from dataclasses import dataclass

from assessments.answering.progress import QuestionScope
from assessments.models import Choice, ContentVersion, Question, Section

KEPT_VERSIONS = 2
CHOICE_ORDER = ("order", "key")
CHOICE_FIELDS = ["question_id", "key", "order", "label"]
QUESTION_UNUSED = ["criteria"]  # long, and only scoring reads it (from the database)


@dataclass(frozen=True)
class WorksheetContent:
    """One worksheet of one content version: its sections and questions, in order."""

    worksheet: object
    sections: tuple  # every section, in order (with its worksheet attached)
    questions: dict  # section id -> tuple of its questions in order (with their choices)
    scopes: tuple  # a QuestionScope per question, for which sections an assessment asks

    def question(self, section_key: str, question_key: str):
        """The question with this key in the section with that key, or None."""
        for section in self.sections:
            if section.key == section_key:
                for question in self.questions.get(section.pk, ()):
                    if question.key == question_key:
                        return question
        return None


_kept: dict = {}  # (version id, version number) -> {worksheet key: WorksheetContent}
_lock = threading.Lock()


def worksheet_content(version: ContentVersion, worksheet_key: str) -> WorksheetContent | None:
    """The worksheet with this key as it is in `version` (the newest); None if there is none."""
    return _worksheets(version).get(worksheet_key)


def worksheets_in(version: ContentVersion, *, per_vendor: bool) -> list[WorksheetContent]:
    """The worksheets filled once per vendor (or the program's own) in `version`, in order."""
    found = [w for w in _worksheets(version).values() if w.worksheet.per_vendor == per_vendor]
    return sorted(found, key=lambda w: (w.worksheet.order, w.worksheet.key))


def _worksheets(version: ContentVersion) -> dict:
    key = (version.pk, version.number)
    worksheets = _kept.get(key)
    if worksheets is None:
        worksheets = _read_all()
        with _lock:
            _kept[key] = worksheets
            for older in sorted(_kept, key=lambda k: k[1])[:-KEPT_VERSIONS]:
                del _kept[older]
    return worksheets


def forget() -> None:
    """Drop everything kept (tests start from an empty database each time)."""
    with _lock:
        _kept.clear()


def _read_all() -> dict:
    """Every worksheet with its sections, questions and choices, in three queries."""
    sections = list(Section.objects.select_related("worksheet").order_by("order", "key"))
    questions = list(Question.objects.defer(*QUESTION_UNUSED).order_by("order", "key"))
    choices: dict[int, list] = {}
    for choice in Choice.objects.only(*CHOICE_FIELDS).order_by(*CHOICE_ORDER):
        choices.setdefault(choice.question_id, []).append(choice)
    by_section: dict[int, list] = {}
    for question in questions:
        with_choices(question, choices.get(question.pk, []))
        by_section.setdefault(question.section_id, []).append(question)
    worksheets: dict[str, WorksheetContent] = {}
    for worksheet in {s.worksheet_id: s.worksheet for s in sections}.values():
        own = [s for s in sections if s.worksheet_id == worksheet.pk]
        for section in own:
            section.worksheet = worksheet  # one object per worksheet, not one per section
        worksheets[worksheet.key] = WorksheetContent(
            worksheet=worksheet,
            sections=tuple(own),
            questions={s.pk: tuple(by_section.get(s.pk, ())) for s in own},
            scopes=tuple(
                QuestionScope(q.pk, s.pk, worksheet.pk, worksheet.per_vendor, q.channels)
                for s in own
                for q in by_section.get(s.pk, ())
            ),
        )
    return worksheets


def with_choices(question: Question, choices: list) -> Question:
    """Give the question its (already loaded) choices, as `prefetch_related` would."""
    for choice in choices:
        choice.question = question
    cached = Choice.objects.filter(question_id=question.pk)  # ordered like CHOICE_ORDER (Meta)
    cached._result_cache, cached._prefetch_done = choices, True
    question._prefetched_objects_cache = {"choices": cached}
    return question
