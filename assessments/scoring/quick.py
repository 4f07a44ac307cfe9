"""The quick check scored: its questions and answers read from the database, then the pure
provisional verdict (`provisional.py`), with what a page needs to explain it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Answer, Assessment, Choice, Question, ReadinessThreshold

from .provisional import ProvisionalVerdict, provisional_verdicts
from .results import question_specs, thresholds_from_rows

# "When will you next look at your readiness?" in the quick check: days from today.
REASSESS_DAYS = {"within-3-months": 90, "within-6-months": 182, "within-12-months": 365}
DEFAULT_REASSESS_DAYS = 90
REASSESS_QUESTION = "reassess-when"


def quick_questions() -> list[Question]:
    """The quick check's questions, in worksheet order, with their choices (two queries)."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("order", "key"))
    return list(
        Question.objects.filter(quick=True, section__worksheet__per_vendor=False)
        .select_related("section__worksheet")
        .prefetch_related(choices)
    )


@dataclass(frozen=True)
class QuickCheck:
    questions: list  # the quick questions this assessment's channels ask
    selected: dict  # question key -> the choice keys stored
    verdicts: tuple[ProvisionalVerdict, ...]
    reassess_by: date

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if self.selected.get(q.key))


def quick_check(*, assessment: Assessment) -> QuickCheck:
    """The quick questions, the answers given and the provisional verdict for each channel;
    re-assess by 90 days after the check started, or as the program answered."""
    questions = [q for q in quick_questions() if q.applies_to(assessment.channels)]
    rows = Answer.objects.filter(
        assessment=assessment, vendor=None, question__in=questions
    ).values_list("question__key", "selected")
    selected = {key: list(keys or ()) for key, keys in rows}
    verdicts = provisional_verdicts(
        questions=question_specs(questions=questions),
        answers=selected,
        thresholds=thresholds_from_rows(rows=ReadinessThreshold.objects.all()),
        channels=assessment.channels,
    )
    chosen = next(iter(selected.get(REASSESS_QUESTION, [])), None)
    days = REASSESS_DAYS.get(chosen, DEFAULT_REASSESS_DAYS)
    started = timezone.localdate(assessment.created_at)
    return QuickCheck(questions, selected, verdicts, started + timedelta(days))
