"""What the two comparison pages print, already in words and links, so templates only loop.

Platform matches: each need and each fact in survivors' words, from the confirmed facts only.
Vendors side by side: each vendor scored on its own, never averaged into the program's readiness.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import VendorEvaluation
from assessments.scoring.engine import DIMENSIONS, Severity, VendorResult
from assessments.scoring.match_phrases import need_text, result_says
from assessments.scoring.matching import (
    CHANNEL,
    LoadedMatching,
    NeedResult,
    Outcome,
    PlatformMatch,
)
from assessments.scoring.results import AssessmentResults, dimension_label
from assessments.scoring.results_page import (
    DimensionRow,
    FindingRow,
    Readiness,
    finding_rows,
    readiness,
)
from platforms.models import Criterion, Platform, PlatformFact

WORST_GAPS = 5  # gaps shown per vendor; the results page lists them all

# Platform matches -------------------------------------------------------------------------------

OUTCOME_LABELS = {
    Outcome.MEETS: gettext_lazy("Meets this need"),
    Outcome.PARTLY: gettext_lazy("Partly"),
    Outcome.MISSES: gettext_lazy("Does not meet this need"),
    Outcome.UNKNOWN: gettext_lazy("Unknown: ask the vendor"),
}


@dataclass(frozen=True)
class NeedItem:
    """A stated need, with a way back to the answer that stated it."""

    text: str
    critical: bool
    change_url: str  # empty for the channels the assessment considers
    anchor: str


@dataclass(frozen=True)
class MatchRow:
    """How one platform stands on one need, with the fact behind it."""

    need: str
    critical: bool
    outcome: str
    outcome_label: str
    says: str
    criterion: Criterion | None
    fact: PlatformFact | None


@dataclass(frozen=True)
class PlatformCard:
    platform: Platform
    key: str  # element id
    counts: list[tuple[str, str]]  # (what, how many)
    reasons: list[str]  # why it is set apart
    rows: list[MatchRow]


@dataclass(frozen=True)
class MatchesPage:
    needs: list[NeedItem]
    from_worksheet: bool  # whether any need came from the platform worksheet
    worksheet_url: str
    ranked: list[PlatformCard]
    set_apart: list[PlatformCard]


def _question_url(loaded: LoadedMatching, assessment_pk: int, question_key: str) -> str:
    section = loaded.questions[question_key].section
    url = reverse("assessments:section", args=[assessment_pk, section.worksheet.key, section.key])
    return f"{url}#question-{question_key}"


def need_items(*, loaded: LoadedMatching, assessment_pk: int) -> list[NeedItem]:
    """The stated needs in words, each with a link to the first answer stating it."""
    return [
        NeedItem(
            need_text(need),
            need.critical,
            _question_url(loaded, assessment_pk, need.questions[0]) if need.questions else "",
            f"need-{index}",
        )
        for index, need in enumerate(loaded.matching.needs)
    ]


def _row(result: NeedResult, facts: dict[str, PlatformFact]) -> MatchRow:
    criterion = None if result.need.key == CHANNEL else Criterion(result.need.key)
    return MatchRow(
        need_text(result.need),
        result.need.critical,
        result.outcome.value,
        str(OUTCOME_LABELS[result.outcome]),
        result_says(result),
        criterion,
        facts.get(result.need.key),
    )


def _reasons(match: PlatformMatch) -> list[str]:
    texts = [
        _("Critical need not met: %(need)s. The chart says: %(says)s.")
        % {"need": need_text(result.need), "says": result_says(result)}
        for result in match.critical_misses
    ]
    if match.discontinued:
        texts.append(_("The chart marks this platform as discontinued."))
    return texts


def platform_card(*, match: PlatformMatch, platform: Platform) -> PlatformCard:
    """One platform's match in words: counts, reasons for setting it apart, one row per need."""
    facts = {fact.criterion: fact for fact in platform.facts.all()}
    counts = [
        (
            _("Needs met"),
            _("%(count)s of %(total)s")
            % {"count": match.count(Outcome.MEETS), "total": len(match.results)},
        ),
        (_("Partly met"), str(match.count(Outcome.PARTLY))),
        (_("Not met"), str(match.count(Outcome.MISSES))),
        (_("Unknown: ask the vendor"), str(match.count(Outcome.UNKNOWN))),
    ]
    rows = [_row(result, facts) for result in match.results]
    return PlatformCard(platform, f"platform-{platform.slug}", counts, _reasons(match), rows)


def matches_page(*, loaded: LoadedMatching, assessment_pk: int) -> MatchesPage:
    """Everything the platform matches page prints."""
    first = next(iter(loaded.questions.values()), None)
    worksheet_url = (
        reverse(
            "assessments:section",
            args=[assessment_pk, first.section.worksheet.key, first.section.key],
        )
        if first
        else ""
    )

    def cards(matches):
        return [platform_card(match=m, platform=loaded.platforms[m.platform]) for m in matches]

    return MatchesPage(
        need_items(loaded=loaded, assessment_pk=assessment_pk),
        any(need.questions for need in loaded.matching.needs),
        worksheet_url,
        cards(loaded.matching.ranked),
        cards(loaded.matching.set_apart),
    )


# Vendors side by side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """A finding of one vendor, with the risks its answer leaves open."""

    row: FindingRow
    risks: str


@dataclass(frozen=True)
class VendorColumn:
    vendor: VendorEvaluation
    readiness: Readiness
    blocking: list[GapRow]
    gaps: list[GapRow]  # the worst, most severe first
    more_gaps: int  # left for the results page
    follow_ups: int


@dataclass(frozen=True)
class VendorComparison:
    vendors: list[VendorColumn]
    rows: list[tuple[str, list[DimensionRow]]]  # per dimension, one cell per vendor


def _gap_rows(results: AssessmentResults, findings, vendor) -> list[GapRow]:
    rows = finding_rows(results=results, findings=findings, vendor=vendor)
    return [
        GapRow(row, ", ".join(dimension_label(d) for d in row.finding.dimensions)) for row in rows
    ]


def vendor_column(
    *, results: AssessmentResults, vendor: VendorEvaluation, result: VendorResult
) -> VendorColumn:
    """One vendor: its band and scores, its blocking answers, then its worst gaps."""
    blocking = [f for f in result.findings if f.severity is Severity.BLOCKING]
    # Findings come most severe first, then largest gap: the first ones are the worst.
    gaps = [f for f in result.findings if f.severity in (Severity.HIGH, Severity.MEDIUM)]
    return VendorColumn(
        vendor,
        readiness(results=results, key=f"vendor-{vendor.pk}", name=vendor.name, result=result),
        _gap_rows(results, blocking, vendor),
        _gap_rows(results, gaps[:WORST_GAPS], vendor),
        max(len(gaps) - WORST_GAPS, 0),
        len(result.follow_ups),
    )


def vendors_side_by_side(*, results: AssessmentResults) -> VendorComparison:
    """The assessment's vendors side by side, dimension by dimension, in the order added."""
    columns = [
        vendor_column(results=results, vendor=vendor, result=result)
        for vendor, result in results.vendors
    ]
    rows = [
        (dimension_label(d), [column.readiness.dimensions[i] for column in columns])
        for i, d in enumerate(DIMENSIONS)
    ]
    return VendorComparison(columns, rows)
