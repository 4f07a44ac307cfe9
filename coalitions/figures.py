"""What a coalition sees of the programs that share with it, computed by the database.

For each sharing program, only its newest finalized (full) assessment counts, through the
figures kept at sign-off (`reports.figures`): channel bands, five scores, recommendation keys.
Every figure computed over fewer than MIN_PROGRAMS programs is withheld (None), so no program
can be picked out of a small group; programs that share their name are listed apart. The
number of queries is fixed, whatever the number of members (`tests/coalitions/test_figures.py`).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    SignedOffChannel,
    SignedOffRecommendation,
)
from assessments.scoring.engine import DIMENSIONS

from .models import CoalitionMembership

MIN_PROGRAMS = 5
BUCKETS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))  # scores out of 100
BANDS = ("ready", "conditions", "not_ready")
TOP_RECOMMENDATIONS = 10


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    programs: int | None  # None: fewer than MIN_PROGRAMS, withheld with everything below
    bands: dict | None  # band -> programs
    distribution: dict | None  # dimension -> programs per score bucket (BUCKETS)


@dataclass(frozen=True)
class CoalitionFigures:
    sharing: int  # members that share their figures
    assessed: int | None  # of those, with a finalized assessment (None: withheld)
    channels: list[ChannelFigures]
    recommendations: list[tuple[str, int]] | None  # most common first
    quarters: list[dict]  # {"quarter", "channel", "programs" or None, "bands" or None}
    overdue: int | None  # re-assessments past their date
    named: dict  # program name -> {channel: band}, for programs that share their name


def _newest_finalized():
    return (
        Assessment.objects.filter(
            organisation=OuterRef("program_id"),
            status=AssessmentStatus.FINALISED,
            kind=AssessmentKind.FULL,
        )
        .order_by("-finalised_at", "-pk")
        .values("pk")[:1]
    )


def _withheld(count: int | None) -> bool:
    return count is None or count < MIN_PROGRAMS


def _band_counts() -> dict:
    return {band: Count("pk", filter=Q(band=band)) for band in BANDS}


def _bucket_counts() -> dict:
    return {
        f"{dimension}_{index}": Count(
            "pk", filter=Q(**{f"{dimension}__gte": low, f"{dimension}__lt": high})
        )
        for dimension in DIMENSIONS
        for index, (low, high) in enumerate(BUCKETS)
    }


def _channel(row: dict) -> ChannelFigures:
    if _withheld(row["total"]):
        return ChannelFigures(row["channel"], None, None, None)
    return ChannelFigures(
        row["channel"],
        row["total"],
        {band: row[band] for band in BANDS},
        {d: [row[f"{d}_{i}"] for i in range(len(BUCKETS))] for d in DIMENSIONS},
    )


def coalition_figures(*, coalition, today: date | None = None) -> CoalitionFigures:
    """Everything the coalition's view prints, in six queries."""
    today = today or timezone.localdate()
    members = CoalitionMembership.objects.sharing().filter(coalition=coalition)
    with_newest = members.annotate(newest=Subquery(_newest_finalized()))
    counts = with_newest.aggregate(sharing=Count("pk"), assessed=Count("newest"))
    newest = with_newest.exclude(newest=None).values("newest")
    assessed = counts["assessed"]
    rows = (
        SignedOffChannel.objects.filter(assessment__in=newest)
        .values("channel")
        .annotate(total=Count("pk"), **_band_counts(), **_bucket_counts())
        .order_by("channel")
    )
    recommendations = None
    overdue = None
    if not _withheld(assessed):
        recommendations = list(
            SignedOffRecommendation.objects.filter(assessment__in=newest)
            .values("key")
            .annotate(programs=Count("assessment"))
            .order_by("-programs", "key")
            .values_list("key", "programs")[:TOP_RECOMMENDATIONS]
        )
        overdue = Assessment.objects.filter(pk__in=newest, reassess_by__lt=today).count()
    quarters = [
        {
            "quarter": row["quarter"].date() if hasattr(row["quarter"], "date") else row["quarter"],
            "channel": row["channel"],
            "programs": None if _withheld(row["total"]) else row["total"],
            "bands": None if _withheld(row["total"]) else {band: row[band] for band in BANDS},
        }
        for row in SignedOffChannel.objects.filter(assessment__in=newest)
        .annotate(quarter=TruncQuarter("assessment__finalised_at"))
        .values("quarter", "channel")
        .annotate(total=Count("pk"), **_band_counts())
        .order_by("quarter", "channel")
    ]
    named: dict = {}
    named_newest = with_newest.filter(share_name=True).exclude(newest=None).values("newest")
    for name, channel, band in SignedOffChannel.objects.filter(
        assessment__in=named_newest
    ).values_list("assessment__organisation__name", "channel", "band"):
        named.setdefault(name, {})[channel] = band
    return CoalitionFigures(
        counts["sharing"],
        None if _withheld(assessed) else assessed,
        [_channel(row) for row in rows],
        recommendations,
        quarters,
        overdue,
        dict(sorted(named.items())),
    )
