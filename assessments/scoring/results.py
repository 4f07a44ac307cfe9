"""An assessment's results: its rows adapted for the pure scoring engine.

Scoring (assessments.scoring) never sees a row; this module loads everything it needs in a fixed
number of queries whatever the number of vendors and answers. results_page.py turns the frozen
results into words and links, so templates only loop and print.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.models import (
    Answer,
    Assessment,
    Channel,
    Choice,
    Dimension,
    Question,
    ReadinessThreshold,
    Recommendation,
    VendorEvaluation,
)
from assessments.scoring.engine import (
    DIMENSIONS,
    UNSURE,
    Band,
    ChoiceSpec,
    Finding,
    ProgramResult,
    QuestionSpec,
    Severity,
    Thresholds,
    ThresholdSpec,
    VendorResult,
)
from assessments.scoring.verdict import score_assessment
from toolkit.incomplete import ContentIncomplete

READINESS_WORKSHEET = "readiness"

BAND_LABELS = {
    Band.READY: gettext_lazy("Ready"),
    Band.CONDITIONS: gettext_lazy("Ready with conditions"),
    Band.NOT_READY: gettext_lazy("Not yet ready"),
}
SEVERITY_LABELS = {
    Severity.BLOCKING: gettext_lazy("Blocking"),
    Severity.HIGH: gettext_lazy("High"),
    Severity.MEDIUM: gettext_lazy("Medium"),
    Severity.FOLLOW_UP: gettext_lazy("Follow-up"),
}


def band_label(band: Band | None) -> str:
    """A band in words; "Not scored" when there was nothing to score."""
    return str(BAND_LABELS[band]) if band else _("Not scored")


def severity_label(severity: Severity) -> str:
    """A finding's severity in words."""
    return str(SEVERITY_LABELS[severity])


def dimension_label(dimension: str) -> str:
    """A dimension's name in words."""
    return str(Dimension(dimension).label)


def thresholds_in_order() -> list[ReadinessThreshold]:
    """Where each dimension's bands start, in the dimensions' order."""
    return sorted(ReadinessThreshold.objects.all(), key=lambda row: DIMENSIONS.index(row.dimension))


def threshold_table(rows: Iterable[ReadinessThreshold]) -> list[dict]:
    """The thresholds as the methodology page and the report show them (the report keeps this
    in its snapshot)."""
    return [
        {
            "dimension": row.dimension,
            "label": dimension_label(row.dimension),
            "ready_min": row.ready_min,
            "conditions_min": row.conditions_min,
        }
        for row in rows
    ]


def channel_label(channel: str) -> str:
    """A channel's name in words."""
    return str(Channel(channel).label)


def points_text(earned: int, possible: int) -> str:
    """What a score is computed from, in words: "3 of 4 points"."""
    return ngettext(
        "%(earned)s of %(possible)s point", "%(earned)s of %(possible)s points", possible
    ) % {"earned": earned, "possible": possible}


def question_specs(*, questions: Iterable[Question]) -> tuple[QuestionSpec, ...]:
    """Scoring's view of Question rows whose choices are prefetched."""
    return tuple(
        QuestionSpec(
            q.key,
            q.channels,
            q.critical,
            tuple(
                ChoiceSpec(c.key, tuple(getattr(c, f"weight_{d}") for d in DIMENSIONS), c.blocks)
                for c in q.choices.all()
            ),
        )
        for q in questions
    )


def thresholds_from_rows(*, rows: Iterable[ReadinessThreshold]) -> Thresholds:
    """Scoring's view of the ReadinessThreshold rows (one per dimension); ContentIncomplete
    when a dimension has none."""
    rows = list(rows)
    present = {row.dimension for row in rows}
    if missing := [dimension for dimension in DIMENSIONS if dimension not in present]:
        names = ", ".join(dimension_label(dimension) for dimension in missing)
        raise ContentIncomplete(_("Readiness bands are missing for: %(names)s.") % {"names": names})
    return Thresholds(
        tuple(ThresholdSpec(row.dimension, row.ready_min, row.conditions_min) for row in rows)
    )


@dataclass(frozen=True)
class AssessmentResults:
    """The scored assessment, with the rows a page needs to explain each finding."""

    assessment: Assessment
    program: ProgramResult
    vendors: list[tuple[VendorEvaluation, VendorResult]]
    questions: Mapping[str, Question]  # by key, with section, worksheet and choices
    selected: Mapping[tuple[int | None, str], list[str]]  # (vendor pk, question key): keys stored
    recommendations: Mapping[str, Recommendation]  # by question key
    fallbacks: Mapping[str, Recommendation]  # by dimension, for questions without their own
    thresholds: Thresholds | None = None  # the bands' lowest scores, for "needs 60" reasons
    # (vendor pk, question key) of each answer the program accepted from the vendor itself
    from_vendor: frozenset = frozenset()

    def answer_text(self, finding: Finding, vendor: VendorEvaluation | None = None) -> str:
        """The answer given, as its choice labels, or "Not sure" / "Not answered"."""
        choices = self.questions[finding.question_key].choices.all()
        if labels := [choice.label for choice in choices if choice.key in finding.selected]:
            return ", ".join(labels)
        stored = self.selected.get((vendor.pk if vendor else None, finding.question_key), [])
        return _("Not sure") if UNSURE in stored else _("Not answered")

    def change_url(self, question_key: str, vendor: VendorEvaluation | None = None) -> str:
        """The section page of a question, scrolled to it."""
        section = self.questions[question_key].section
        where = [section.worksheet.key, section.key]
        if vendor:
            url = reverse(
                "assessments:vendor_section", args=[self.assessment.pk, vendor.pk, *where]
            )
        else:
            url = reverse("assessments:section", args=[self.assessment.pk, *where])
        return f"{url}#question-{question_key}"

    def recommendation_for(self, finding: Finding) -> Recommendation | None:
        """The question's own recommendation, else the general one for its most open dimension."""
        if own := self.recommendations.get(finding.question_key):
            return own
        return self.fallbacks.get(finding.dimensions[0]) if finding.dimensions else None


def _questions() -> list[Question]:
    """Every worksheet's questions: each one counts (the readiness and platform worksheets for
    the program, the vendor worksheet for each vendor)."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("order", "key"))
    return list(Question.objects.select_related("section__worksheet").prefetch_related(choices))


def _selected(assessment: Assessment, by_id: Mapping[int, Question]) -> tuple[dict, frozenset]:
    """The choices stored per (vendor pk, question key), and which answers are the vendor's."""
    rows = [
        row
        for row in Answer.objects.filter(assessment=assessment).values_list(
            "vendor_id", "question_id", "selected", "from_vendor"
        )
        if row[1] in by_id
    ]
    selected = {
        (vendor, by_id[question].key): list(keys or ()) for vendor, question, keys, _ in rows
    }
    given = frozenset((vendor, by_id[question].key) for vendor, question, _, mark in rows if mark)
    return selected, given


def _recommendations(by_id: Mapping[int, Question]) -> tuple[dict, dict]:
    own, fallbacks = {}, {}
    for rec in Recommendation.objects.select_related("guide"):  # in their admin-set order
        if rec.question_id is None:
            fallbacks.setdefault(rec.dimension, rec)
        elif rec.question_id in by_id:
            own.setdefault(by_id[rec.question_id].key, rec)
    return own, fallbacks


def assessment_results(*, assessment: Assessment) -> AssessmentResults:
    """The program's worksheets scored over the assessment's channels, each vendor apart, and
    each channel held to what its best evaluated vendor allows (assessments.verdict).

    Six queries whatever the number of vendors and answers: questions, choices, thresholds,
    answers, recommendations with their guides, vendors.
    """
    questions = _questions()
    by_id = {question.pk: question for question in questions}
    thresholds = thresholds_from_rows(rows=ReadinessThreshold.objects.all())
    selected, from_vendor = _selected(assessment, by_id)
    own, fallbacks = _recommendations(by_id)
    vendors = list(assessment.vendors.all())
    answers = {vendor_pk: {} for vendor_pk in [None, *(vendor.pk for vendor in vendors)]}
    for (vendor_pk, key), keys in selected.items():
        answers.setdefault(vendor_pk, {})[key] = keys
    scored = score_assessment(
        program_questions=question_specs(
            questions=[q for q in questions if not q.section.worksheet.per_vendor]
        ),
        program_answers=answers[None],
        vendor_questions=question_specs(
            questions=[q for q in questions if q.section.worksheet.per_vendor]
        ),
        vendor_answers={str(vendor.pk): answers[vendor.pk] for vendor in vendors},
        thresholds=thresholds,
        channels=assessment.channels,
    )
    by_key = dict(scored.vendors)
    program = scored.program
    scored = [(vendor, by_key[str(vendor.pk)]) for vendor in vendors]
    return AssessmentResults(
        assessment,
        program,
        scored,
        {q.key: q for q in questions},
        selected,
        own,
        fallbacks,
        thresholds,
        from_vendor,
    )
