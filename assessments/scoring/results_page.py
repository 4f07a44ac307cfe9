"""What the results page shows: an assessment's scored results in words and links."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from assessments.models import AssessmentStatus, Question, Recommendation, VendorEvaluation
from assessments.scoring.engine import (
    DIMENSIONS,
    Band,
    CapKind,
    ChannelResult,
    DimensionScore,
    Finding,
    Severity,
    VendorResult,
)
from assessments.scoring.results import (
    AssessmentResults,
    band_label,
    channel_label,
    dimension_label,
    points_text,
    severity_label,
)
from assessments.scoring.verdict import ToolLimit, ToolLimitKind

FindingGroups = list[tuple[str, list[tuple[str, list["FindingRow"]]]]]


@dataclass(frozen=True)
class DimensionRow:
    """One dimension's score as the chart and its table print it."""

    dimension: str
    label: str
    score: int | None
    band: Band | None
    band_label: str
    points: str


@dataclass(frozen=True)
class FindingRow:
    """One finding with everything a person needs to act on it."""

    finding: Finding
    question: Question
    severity_label: str
    answer: str
    channels: str
    change_url: str
    recommendation: Recommendation | None
    guide_url: str
    anchor: str  # element id, unique on the page
    from_vendor: bool = False  # the answer is the vendor's own, accepted by the program


@dataclass(frozen=True)
class Readiness:
    """A channel's or a vendor's band in words, with the reasons behind it and its scores."""

    key: str  # unique on the page, for element ids
    name: str
    chart_title: str
    band: Band
    band_label: str
    reasons: list[str]
    dimensions: list[DimensionRow]


@dataclass(frozen=True)
class VendorSummary:
    vendor: VendorEvaluation
    readiness: Readiness
    blocking: list[FindingRow]
    follow_ups: int
    from_vendor: int = 0  # answers the program accepted from the vendor itself


@dataclass(frozen=True)
class ResultsPage:
    is_draft: bool
    channels: list[Readiness]
    findings: FindingGroups  # by dimension, then severity
    follow_ups: list[FindingRow]
    vendors: list[VendorSummary]


def dimension_rows(*, dimensions: Iterable[DimensionScore]) -> list[DimensionRow]:
    """The five dimension scores in words, with the points behind each."""
    return [
        DimensionRow(
            d.dimension,
            dimension_label(d.dimension),
            d.score,
            d.band,
            band_label(d.band),
            points_text(d.earned, d.possible),
        )
        for d in dimensions
    ]


def _cap_reason(results: AssessmentResults, cap) -> str:
    question = results.questions[cap.question_key].text
    if cap.kind is CapKind.BLOCKING:
        return _("A critical question has an answer that blocks readiness: “%(question)s”") % {
            "question": question
        }
    return _("A critical question is not answered yet, or answered “Not sure”: “%(question)s”") % {
        "question": question
    }


def tool_reason(results: AssessmentResults, limit: ToolLimit) -> str:
    """What the vendors evaluated allow a channel, in words (the results page and the report)."""
    if limit.kind is ToolLimitKind.NO_VENDOR:
        return _(
            "No vendor is evaluated yet: a channel cannot start without a tool, so it is at most "
            "ready with conditions until a vendor's worksheet is answered."
        )
    names = {str(vendor.pk): vendor.name for vendor, _result in results.vendors}
    vendors = ", ".join(names[key] for key in limit.vendors)
    if limit.band is Band.NOT_READY:
        return _("No vendor evaluated is ready for this channel: %(vendors)s.") % {
            "vendors": vendors
        }
    return _(
        "The best vendor evaluated for this channel is ready with conditions: %(vendors)s."
    ) % {"vendors": vendors}


@dataclass(frozen=True)
class Gap:
    """A dimension under the threshold of the next band up, and the score it needs."""

    dimension: str
    label: str
    score: int
    needs: int
    target: Band

    @property
    def text(self) -> str:
        if self.target is Band.READY:
            wording = _("%(dimension)s %(score)s, needs %(needs)s to be ready")
        else:
            wording = _("%(dimension)s %(score)s, needs %(needs)s for ready with conditions")
        return wording % {"dimension": self.label, "score": self.score, "needs": self.needs}


def gaps(*, results: AssessmentResults, dimensions: Iterable[DimensionScore]) -> list[Gap]:
    """Each scored dimension short of "ready", lowest score first, with the score it needs."""
    if results.thresholds is None:
        return []
    found = []
    for d in dimensions:
        if d.band is None or d.band is Band.READY:
            continue
        spec = results.thresholds.for_dimension(d.dimension)
        target = Band.CONDITIONS if d.band is Band.NOT_READY else Band.READY
        needs = spec.conditions_min if target is Band.CONDITIONS else spec.ready_min
        found.append(Gap(d.dimension, dimension_label(d.dimension), d.score, needs, target))
    return sorted(found, key=lambda gap: (gap.score, DIMENSIONS.index(gap.dimension)))


def reasons(*, results: AssessmentResults, result: ChannelResult | VendorResult) -> list[str]:
    """Why a band is what it is: each critical question capping it (blocking answers first),
    what the vendors allow a channel, then each dimension short of "ready" with its gap."""
    caps = sorted(result.caps, key=lambda cap: cap.kind is not CapKind.BLOCKING)
    texts = [_cap_reason(results, cap) for cap in caps]
    if limit := getattr(result, "tool_limit", None):
        texts.append(tool_reason(results, limit))
    if result.weakest is None:
        return [*texts, _("No question that applies here can be scored yet.")]
    short = gaps(results=results, dimensions=result.dimensions)
    if not short:
        texts.append(_("Every dimension reaches the score for ready."))
    return [*texts, *(gap.text for gap in short)]


def readiness(*, results: AssessmentResults, key: str, name: str, result) -> Readiness:
    """A ChannelResult or a VendorResult in words."""
    title = _("Scores by dimension for %(name)s, out of 100") % {"name": name}
    return Readiness(
        key,
        name,
        title,
        result.band,
        band_label(result.band),
        reasons(results=results, result=result),
        dimension_rows(dimensions=result.dimensions),
    )


def _finding_row(results: AssessmentResults, finding: Finding, vendor) -> FindingRow:
    rec = results.recommendation_for(finding)
    guide = rec.guide if rec and rec.guide and rec.guide.published else None
    return FindingRow(
        finding,
        results.questions[finding.question_key],
        severity_label(finding.severity),
        results.answer_text(finding, vendor),
        ", ".join(map(channel_label, finding.channels)),
        results.change_url(finding.question_key, vendor),
        rec,
        guide.get_absolute_url() if guide else "",
        f"finding-{vendor.pk if vendor else 'program'}-{finding.question_key}",
        (vendor.pk if vendor else None, finding.question_key) in results.from_vendor,
    )


def finding_rows(
    *,
    results: AssessmentResults,
    findings: Iterable[Finding],
    vendor: VendorEvaluation | None = None,
) -> list[FindingRow]:
    """Findings with their question, answer, link back and recommendation."""
    return [_finding_row(results, finding, vendor) for finding in findings]


def by_dimension(*, rows: Iterable[FindingRow]) -> FindingGroups:
    """Findings (follow-ups aside) under their most open dimension, then their severity."""
    grouped: dict[str, dict[Severity, list[FindingRow]]] = {}
    for row in rows:
        if row.finding.severity is not Severity.FOLLOW_UP:
            dimension = row.finding.dimensions[0] if row.finding.dimensions else ""
            grouped.setdefault(dimension, {}).setdefault(row.finding.severity, []).append(row)
    order = [*DIMENSIONS, ""]
    return [
        (
            dimension_label(d) if d else _("Other findings"),
            [(severity_label(s), grouped[d][s]) for s in Severity if s in grouped[d]],
        )
        for d in sorted(grouped, key=order.index)
    ]


def vendor_summary(
    *, results: AssessmentResults, vendor: VendorEvaluation, result: VendorResult
) -> VendorSummary:
    """A vendor's band and scores, its blocking answers first."""
    blocking = [f for f in result.findings if f.severity is Severity.BLOCKING]
    return VendorSummary(
        vendor,
        readiness(results=results, key=f"vendor-{vendor.pk}", name=vendor.name, result=result),
        finding_rows(results=results, findings=blocking, vendor=vendor),
        len(result.follow_ups),
        sum(1 for vendor_pk, _key in results.from_vendor if vendor_pk == vendor.pk),
    )


def results_page(*, results: AssessmentResults) -> ResultsPage:
    """Everything the results page prints, already in words and links."""
    rows = finding_rows(results=results, findings=results.program.findings)
    return ResultsPage(
        is_draft=results.assessment.status == AssessmentStatus.DRAFT,
        channels=[
            readiness(results=results, key=c.channel, name=channel_label(c.channel), result=c)
            for c in results.program.channels
        ],
        findings=by_dimension(rows=rows),
        follow_ups=[row for row in rows if row.finding.severity is Severity.FOLLOW_UP],
        vendors=[
            vendor_summary(results=results, vendor=vendor, result=result)
            for vendor, result in results.vendors
        ],
    )


def score_grid(items: Iterable[Readiness]) -> dict:
    """Channels (or vendors) across, the five dimensions down, each cell a score with its band
    word; plain values, so the report can keep it and the same template draws both."""
    items = list(items)
    return {
        "columns": [
            {"key": i.key, "name": i.name, "band": i.band.value, "band_label": i.band_label}
            for i in items
        ],
        "rows": [
            {
                "dimension": dimension,
                "label": dimension_label(dimension),
                "cells": [
                    {
                        "score": row.score,
                        "band": row.band.value if row.band else "",
                        "band_label": row.band_label,
                    }
                    for i in items
                    for row in i.dimensions
                    if row.dimension == dimension
                ],
            }
            for dimension in DIMENSIONS
        ],
    }
