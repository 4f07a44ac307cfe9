"""What a coalition sees of the programs that share with it, computed by the database.

For each sharing program, only its newest finalized (full) assessment counts, through the
figures kept at sign-off (`reports.figures`): channel bands, five scores, recommendation keys.
Every figure computed over fewer than MIN_PROGRAMS programs is withheld (None), so no program
can be picked out of a small group; programs that share their name are listed apart. The
number of queries is fixed, whatever the number of members (`tests/coalitions/test_figures.py`).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from assessments.models import (
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
    programs = members.values("program_id")
    channels = SignedOffChannel.objects.filter(newest=True, organisation__in=programs)
    counts = members.aggregate(
        sharing=Count("pk"),
        assessed=Count(
            "program",
            filter=Q(program__in=channels.values("organisation_id")),
            distinct=True,
        ),
    )
    assessed = counts["assessed"]
    rows = (
        channels.values("channel")
        .annotate(total=Count("pk"), **_band_counts(), **_bucket_counts())
        .order_by("channel")
    )
    recommendations = None
    overdue = None
    if not _withheld(assessed):
        recommendations = list(
            SignedOffRecommendation.objects.filter(newest=True, organisation__in=programs)
            .values("key")
            .annotate(programs=Count("assessment"))
            .order_by("-programs", "key")
            .values_list("key", "programs")[:TOP_RECOMMENDATIONS]
        )
        overdue = (
            channels.filter(reassess_by__lt=today).values("organisation_id").distinct().count()
        )
    quarters = [
        {
            "quarter": row["quarter"],
            "channel": row["channel"],
            "programs": None if _withheld(row["total"]) else row["total"],
            "bands": None if _withheld(row["total"]) else {band: row[band] for band in BANDS},
        }
        for row in channels.annotate(quarter=TruncQuarter("signed_off_on"))
        .values("quarter", "channel")
        .annotate(total=Count("pk"), **_band_counts())
        .order_by("quarter", "channel")
    ]
    named: dict = {}
    named_programs = members.filter(share_name=True).values("program_id")
    for name, channel, band in SignedOffChannel.objects.filter(
        newest=True, organisation__in=named_programs
    ).values_list("organisation__name", "channel", "band"):
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
