"""A coalition's figures in words, for its page and its CSV (withheld figures say so)."""

from django.utils.translation import gettext as _

from assessments.scoring.engine import DIMENSIONS, Band
from assessments.scoring.results import band_label, channel_label, dimension_label

from .figures import BANDS, BUCKETS, CoalitionFigures


def bucket_labels() -> list[str]:
    return [f"{low}–{min(high - 1, 100)}" for low, high in BUCKETS]


def _bands(counts: dict | None) -> list[dict] | None:
    if counts is None:
        return None
    return [{"band": b, "label": band_label(Band(b)), "programs": counts[b]} for b in BANDS]


def figures_display(figures: CoalitionFigures, titles: dict) -> dict:
    """Labels for every channel, band, dimension, score range and recommendation."""
    return {
        "sharing": figures.sharing,
        "assessed": figures.assessed,
        "buckets": bucket_labels(),
        "channels": [
            {
                "channel": row.channel,
                "name": channel_label(row.channel),
                "programs": row.programs,
                "bands": _bands(row.bands),
                "distribution": None
                if row.distribution is None
                else [
                    {"dimension": d, "label": dimension_label(d), "counts": row.distribution[d]}
                    for d in DIMENSIONS
                ],
            }
            for row in figures.channels
        ],
        "recommendations": None
        if figures.recommendations is None
        else [
            {"key": key, "title": titles.get(key, key), "programs": programs}
            for key, programs in figures.recommendations
        ],
        "quarters": [
            {
                "quarter": _("%(year)s, quarter %(number)s")
                % {"year": q["quarter"].year, "number": (q["quarter"].month - 1) // 3 + 1},
                "name": channel_label(q["channel"]),
                "programs": q["programs"],
                "bands": _bands(q["bands"]),
            }
            for q in figures.quarters
        ],
        "overdue": figures.overdue,
        "named": [
            {
                "name": name,
                "channels": [
                    {"name": channel_label(c), "label": band_label(Band(b))}
                    for c, b in sorted(bands.items())
                ],
            }
            for name, bands in figures.named.items()
        ],
    }
