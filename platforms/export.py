"""The whole chart as data for reuse: JSON shaped like content/platforms.yaml, and CSV rows."""

import csv
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from toolkit.translation_status import languages

from .chart import chart_queryset, fact_cells
from .models import RISKY_WHEN_YES, Criterion

CSV_HEADER = [
    "platform",
    "name",
    "website",
    "status",
    "needs_review",
    "channels",
    "criterion",
    "criterion_label",
    "channel",
    "value",
    *[f"note_{lang}" for lang in languages()],
    "source",
    "reviewed",
]


def notice() -> str:
    return _(
        "This chart informs; it does not endorse any product. Nothing here says that a "
        "product is or is not legally compliant, and nothing here is legal advice."
    )


def _texts(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}") or "" for lang in languages()}


def chart_data() -> dict:
    """Every platform with every fact, source and review date (dates as ISO strings)."""
    return {
        "notice": notice(),
        "generated_on": timezone.localdate().isoformat(),
        "review_months": settings.TOOLKIT_PLATFORM_REVIEW_MONTHS,
        # For these criteria "yes" is the risky answer (an account, an app, a vendor who reads).
        "risky_when_yes": [c.value for c in Criterion if c in RISKY_WHEN_YES],
        "platforms": [
            {
                "slug": platform.slug,
                "name": platform.name,
                "website": platform.website,
                "status": platform.status,
                "needs_review": platform.needs_review,
                "last_reviewed": platform.last_reviewed.isoformat()
                if platform.last_reviewed
                else None,
                "channels": platform.channel_keys,
                "description": _texts(platform, "description"),
                "facts": [_fact(fact) for fact in _facts(platform)],
            }
            for platform in chart_queryset()
        ],
    }


def _facts(platform):
    """In chart order: each criterion's platform-wide fact, then its facts that differ by channel."""
    for cell in fact_cells(platform):
        if cell.fact is not None:
            yield cell.fact
        yield from cell.by_channel


def _fact(fact) -> dict:
    """A fact as content/platforms.yaml writes it: `channel` only when the fact has one."""
    return {
        "criterion": fact.criterion,
        **({"channel": fact.channel} if fact.channel else {}),
        "value": fact.value,
        "note": _texts(fact, "note"),
        "source": fact.source,
        "reviewed": fact.reviewed_on.isoformat(),
    }


def _cell(value) -> str:
    """Text a spreadsheet will not run as a formula (an admin could type "=HYPERLINK(..)")."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def chart_csv() -> str:
    """One row per platform, criterion and channel (empty for the platform-wide fact), UTF-8
    with a byte-order mark for spreadsheets."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for platform in chart_queryset():
        for fact in _facts(platform):
            criterion = Criterion(fact.criterion)
            writer.writerow(
                [
                    _cell(value)
                    for value in [
                        platform.slug,
                        platform.name,
                        platform.website,
                        platform.status,
                        "yes" if platform.needs_review else "no",
                        " ".join(platform.channel_keys),
                        criterion.value,
                        criterion.label,
                        fact.channel,
                        fact.value,
                        *_texts(fact, "note").values(),
                        fact.source,
                        fact.reviewed_on.isoformat(),
                    ]
                ]
            )
    return buffer.getvalue()
