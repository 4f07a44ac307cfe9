"""A coalition's figures as CSV: one figure per row, withheld ones marked as such."""

import csv
import io

from django.utils.translation import gettext as _

from assessments.plan.actions import BOM, formula_safe

from .figures import MIN_PROGRAMS, CoalitionFigures
from .presentation import figures_display


def figures_csv(figures: CoalitionFigures) -> str:
    """UTF-8 with a byte order mark, headers in the active language, nothing about answers."""
    shown = figures_display(figures, {})
    withheld = _("withheld: fewer than %(count)s programs") % {"count": MIN_PROGRAMS}
    rows = [[_("Programs sharing"), "", "", figures.sharing]]
    rows.append(
        [
            _("With a finalized assessment"),
            "",
            "",
            withheld if shown["assessed"] is None else shown["assessed"],
        ]
    )
    for channel in shown["channels"]:
        if channel["bands"] is None:
            rows.append([_("Readiness"), channel["name"], "", withheld])
            continue
        for band in channel["bands"]:
            rows.append([_("Readiness"), channel["name"], band["label"], band["programs"]])
        for row in channel["distribution"]:
            for label, count in zip(shown["buckets"], row["counts"], strict=True):
                rows.append([row["label"], channel["name"], label, count])
    for rec in shown["recommendations"] or []:
        rows.append([_("Recommendation"), "", rec["key"], rec["programs"]])
    for quarter in shown["quarters"]:
        for band in quarter["bands"] or [{"label": "", "programs": withheld}]:
            rows.append([quarter["quarter"], quarter["name"], band["label"], band["programs"]])
    rows.append(
        [
            _("Re-assessments overdue"),
            "",
            "",
            withheld if figures.overdue is None else figures.overdue,
        ]
    )
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([_("Figure"), _("Channel"), _("Group"), _("Programs")])
    for row in rows:
        writer.writerow([formula_safe(str(cell)) for cell in row])
    return out.getvalue()
