"""The results page of an assessment, and the public page explaining how results are computed.

The methodology page's worked example runs the real engine on a tiny fixed worksheet, so the
page can never drift from the code.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.decorators import organisation_required
from assessments.models import Assessment, AssessmentKind
from assessments.scoring.engine import (
    CHANNELS,
    HIGH_WHEN_NOTHING_OF,
    NOT_APPLICABLE,
    UNSURE,
    WEIGHT_MAX,
    Band,
    CapKind,
    ChoiceSpec,
    QuestionSpec,
    Thresholds,
    score_program,
)
from assessments.scoring.peers import MIN_PEERS, peer_comparison
from assessments.scoring.results import (
    assessment_results,
    band_label,
    dimension_label,
    points_text,
    threshold_table,
    thresholds_from_rows,
    thresholds_in_order,
)
from assessments.scoring.results_page import results_page, score_grid

EXAMPLE_LABELS = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    UNSURE: gettext_lazy("Not sure"),
    "partly": gettext_lazy("Partly"),
    NOT_APPLICABLE: gettext_lazy("Does not apply"),
}
EXAMPLE_QUESTIONS = (
    (
        QuestionSpec(
            "A",
            CHANNELS,
            True,
            (
                ChoiceSpec.weighted("yes", safety=2),
                ChoiceSpec("no", blocks=True),
                ChoiceSpec(UNSURE),
            ),
        ),
        gettext_lazy("Do you have a written plan for emergencies during a conversation?"),
    ),
    (
        QuestionSpec(
            "B",
            CHANNELS,
            False,
            (ChoiceSpec.weighted("yes", safety=3, privacy=1), ChoiceSpec("no")),
        ),
        gettext_lazy("Will advocates ask at the start whether it is safe to talk?"),
    ),
    (
        QuestionSpec(
            "C",
            CHANNELS,
            False,
            (
                ChoiceSpec.weighted("yes", safety=3),
                ChoiceSpec.weighted("partly", safety=2),
                ChoiceSpec("no"),
            ),
        ),
        gettext_lazy("Will advocates agree on a code word with each survivor?"),
    ),
    (
        QuestionSpec(
            "D",
            CHANNELS,
            False,
            (ChoiceSpec.weighted("yes", privacy=3), ChoiceSpec("no"), ChoiceSpec(NOT_APPLICABLE)),
        ),
        gettext_lazy("Does your policy say that video sessions are never recorded?"),
    ),
)
EXAMPLE_DIMENSIONS = ("safety", "privacy")  # the only ones the example weighs
EXAMPLE_ANSWERS = {"B": ("yes",), "C": ("partly",), "D": (NOT_APPLICABLE,)}
EXAMPLE_VARIANTS = ("yes", UNSURE, "no")  # answers to the critical question A


@organisation_required
@require_GET
def results(request, pk, *, membership):
    assessment = get_object_or_404(
        Assessment.objects.for_membership(membership).select_related("organisation"), pk=pk
    )
    if assessment.kind == AssessmentKind.QUICK:  # a quick check's verdict is its plan
        return redirect("assessments:quick_plan", pk=assessment.pk)
    page = results_page(results=assessment_results(assessment=assessment))
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "page": page,
            "grid": score_grid(page.channels),
            "vendor_grid": score_grid(summary.readiness for summary in page.vendors),
            "peers": peer_comparison(
                program=assessment.organisation,
                scores={
                    c.key: {row.dimension: row.score for row in c.dimensions} for c in page.channels
                },
            ),
            "min_peers": MIN_PEERS,
        },
    )


@require_GET
def methodology(request):
    rows = thresholds_in_order()
    return render(
        request,
        "assessments/methodology.html",
        {
            "thresholds": threshold_table(rows),
            "weight_max": WEIGHT_MAX,
            "high_from": HIGH_WHEN_NOTHING_OF,
            "dimensions": [dimension_label(d) for d in EXAMPLE_DIMENSIONS],
            "questions": example_questions(),
            "scenarios": worked_example(thresholds=thresholds_from_rows(rows=rows)),
        },
    )


@dataclass(frozen=True)
class ExampleScenario:
    """One set of answers to the example worksheet and what the engine made of it."""

    answers: list[tuple[str, str]]  # (question letter, answer in words)
    dimensions: list[str]  # the arithmetic per scored dimension, in words
    score_band: str
    cap: str
    band: str


def example_questions() -> list[tuple[str, str, bool, list[tuple[str, list[int], bool]]]]:
    """The example worksheet: letter, text, critical, and each choice's label, weights, blocking."""
    return [
        (
            spec.key,
            str(text),
            spec.critical,
            [
                (str(EXAMPLE_LABELS[c.key]), [c.weight(d) for d in EXAMPLE_DIMENSIONS], c.blocks)
                for c in spec.choices
            ],
        )
        for spec, text in EXAMPLE_QUESTIONS
    ]


def _arithmetic(score) -> str:
    exact = Decimal(100 * score.earned) / score.possible  # the example's divisions all end
    return _("%(dimension)s: %(points)s = %(exact)s, rounded to %(score)s (%(band)s)") % {
        "dimension": dimension_label(score.dimension),
        "points": points_text(score.earned, score.possible),
        "exact": number_format(exact, 1 if exact % 1 else 0),
        "score": score.score,
        "band": band_label(score.band),
    }


def _cap_text(caps) -> str:
    if any(cap.kind is CapKind.BLOCKING for cap in caps):
        return _("Blocking answer to a critical question: not yet ready, whatever the scores")
    if caps:
        return _("Critical question not answered or “Not sure”: at most ready with conditions")
    return _("None")


def worked_example(*, thresholds: Thresholds) -> list[ExampleScenario]:
    """The example worksheet scored by the real engine, once per answer to its critical question."""
    scenarios = []
    for answer in EXAMPLE_VARIANTS:
        answers = {"A": (answer,), **EXAMPLE_ANSWERS}
        specs = [spec for spec, _text in EXAMPLE_QUESTIONS]
        result = score_program(
            questions=specs, answers=answers, thresholds=thresholds, channels=["text"]
        ).channel("text")
        scored = [d for d in result.dimensions if d.band is not None]
        scenarios.append(
            ExampleScenario(
                [(key, str(EXAMPLE_LABELS[keys[0]])) for key, keys in sorted(answers.items())],
                [_arithmetic(d) for d in scored],
                band_label(Band.worst(d.band for d in scored)),
                _cap_text(result.caps),
                band_label(result.band),
            )
        )
    return scenarios
