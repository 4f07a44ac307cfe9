"""Server-rendered SVG bar charts: no script, no inline style, the numbers printed beside each bar.

Colours follow the band but never carry meaning alone: every bar has its score as text, and the
page repeats the numbers and bands in a table right after the chart for screen readers.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from assessments.scoring.engine import Band

# Each has at least 4.5:1 contrast against white (3:1 is the minimum for graphics).
BAR_FILLS = {
    Band.READY: "#1e6b30",
    Band.CONDITIONS: "#8a5300",
    Band.NOT_READY: "#a4262c",
    None: "#5c636a",
}
TRACK_FILL = "#e9ecef"
TEXT_FILL = "#212529"
BAR_MAX = 280  # a score of 100 draws a bar this wide
ROW_HEIGHT = 44
WIDTH = 340  # room for the longest label (Spanish "survivor access": about 285 at 14px)


def _bar(index: int, row) -> SafeString:
    """One row: the dimension's name above its bar, the score (or "Not scored") after the bar."""
    top = index * ROW_HEIGHT
    width = (row.score or 0) * BAR_MAX // 100
    value = row.score if row.score is not None else _("Not scored")
    return format_html(
        '<text x="0" y="{}" font-size="14" fill="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="16" fill="{}"></rect>'
        '<rect x="0" y="{}" width="{}" height="16" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="14" font-weight="bold" fill="{}">{}</text>',
        top + 15,
        TEXT_FILL,
        row.label,
        top + 20,
        BAR_MAX,
        TRACK_FILL,
        top + 20,
        width,
        BAR_FILLS.get(row.band, BAR_FILLS[None]),
        width + 6 if row.score is not None else 6,
        top + 33,
        TEXT_FILL,
        value,
    )


def score_chart(*, chart_id: str, title: str, rows: Sequence) -> SafeString:
    """A horizontal bar chart of scores out of 100; rows have label, score (or None), band."""
    height = len(rows) * ROW_HEIGHT
    bars = format_html_join("", "{}", ((_bar(i, row),) for i, row in enumerate(rows)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="score-chart img-fluid" width="{}" '
        'height="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">{}</title>{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        title,
        bars,
    )
