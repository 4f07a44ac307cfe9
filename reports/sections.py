"""The report's shared pieces: plain-data helpers (names hidden, dates in words, the plan and
the open questions as dicts), and the report's display data for the one template body.

The functions that build plain data read in the active language (data.report_data overrides
it), so a stored copy never needs the rows again. Display data also renders reports kept with
version 1 of the data (charts drawn, the plan one row per action).
"""

import copy
from collections.abc import Iterable

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.answering.pii import PATTERNS
from assessments.answering.reassessment import assessment_compare
from assessments.models import Assessment, AssessmentStatus
from assessments.plan.actions import ActionRow
from assessments.scoring.comparison import PlatformCard
from assessments.scoring.results_page import FindingRow
from platforms.markup import render_markdown

from .charts import score_chart


def hide_emails(text: str, *, include_names: bool) -> str:
    """Free text a program wrote, with any e-mail address left out unless names are asked for."""
    if include_names:
        return text
    return PATTERNS["email"].sub(_("[e-mail address left out]"), text)


def date_text(value) -> str:
    """A date in words in the active language ("November 30, 2026"); blank for no date."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def follow_ups(rows: Iterable[FindingRow]) -> list[dict]:
    """Questions not answered yet, or answered "Not sure"."""
    return [
        {"question": row.question.text, "critical": row.question.critical, "answer": row.answer}
        for row in rows
    ]


def finding_key(question_key: str, vendor_id: int | None) -> str:
    """One finding of the program (no vendor) or of one vendor, as plain text."""
    return f"{question_key}|{vendor_id or ''}"


def actions(rows: Iterable[ActionRow], *, include_names: bool) -> list[dict]:
    """The action plan in order, in words."""
    return [
        {
            "number": row.number,
            "description": hide_emails(row.item.description, include_names=include_names),
            "owner": hide_emails(row.item.owner, include_names=include_names),
            "due": date_text(row.item.due_on),
            "due_iso": row.item.due_on.isoformat() if row.item.due_on else "",
            "status": row.item.status,
            "status_label": row.status_label,
            "severity": row.item.severity,
            "severity_label": row.severity_label,
            "finding": hide_emails(row.question, include_names=include_names),
            "vendor": hide_emails(row.item.vendor.name, include_names=include_names)
            if row.item.vendor and row.question_only
            else "",
            # Which finding the action answers, by ids only: the report's advice finds it.
            "finding_key": finding_key(row.item.question_key, row.item.vendor_id)
            if row.item.question_key
            else "",
            "question": hide_emails(row.question_only, include_names=include_names),
            "done": row.is_done,
        }
        for row in rows
    ]


def action_groups(actions: list[dict]) -> list[dict]:
    """The plan with one row per action: the same words, owner, date and status once.

    The plan holds an action for each finding, so one piece of advice that answers many
    findings (often the same question for each vendor) would fill pages. Each row lists its
    findings instead, a question asked of several vendors once with each vendor's number in
    the plan. Rows keep the order of their first action. (Reports finalized before the vendor
    and question were kept apart list each finding as it was worded.)
    """
    groups: dict[tuple, dict] = {}
    asked: dict[tuple, dict] = {}  # (row, question) -> that question's finding in the row
    for action in actions:
        key = (action["description"], action["owner"], action["due_iso"], action["status"])
        group = groups.setdefault(key, {**action, "findings": []})
        vendor, number = action.get("vendor", ""), action["number"]
        if not vendor:
            group["findings"].append(
                {"question": action["finding"], "number": number, "vendors": []}
            )
            continue
        finding = asked.get((key, action["question"]))
        if finding is None:
            finding = asked[key, action["question"]] = {
                "question": action["question"],
                "vendors": [],
            }
            group["findings"].append(finding)
        finding["vendors"].append({"name": vendor, "number": number})
    return list(groups.values())


def review_text(card: PlatformCard) -> str:
    """Why a platform's facts need a second look, in words; blank when they do not."""
    if not card.platform.needs_review:
        return ""
    if getattr(card.platform, "stale", False):
        months = settings.TOOLKIT_PLATFORM_REVIEW_MONTHS
        return ngettext(
            "Needs review: some facts about this platform were last checked more than "
            "%(months)s month ago.",
            "Needs review: some facts about this platform were last checked more than "
            "%(months)s months ago.",
            months,
        ) % {"months": months}
    return _(
        "Needs review: the publishers of this toolkit could not confirm the current state of "
        "this platform."
    )


def report_display_data(data: dict) -> dict:
    """A copy of the data as the report body shows it, on screen and in the PDF: advice as
    sanitized HTML (and, in reports of version 1, charts as SVG and the plan one row per
    action)."""
    context = copy.deepcopy(data)
    if context.get("version", 1) >= 2:
        context["vendor_notes"] = [v for v in context["vendors"] if v.get("note")]
        for group in [*context["before_launch"], *context["other_advice"]]:
            group["html"] = render_markdown(group["text"]) if group["text"] else ""
        return context
    for group in context["findings"]:
        for item in group["items"]:
            if item["recommendation"]:
                item["recommendation"]["html"] = render_markdown(item["recommendation"]["text"])
    context["action_groups"] = action_groups(context["actions"])
    for channel in context["channels"]:
        channel["chart"] = score_chart(
            chart_id=f"chart-{channel['key']}",
            title=channel["chart_text"],
            rows=[_ChartRow(**row) for row in channel["dimensions"]],
        )
    return context


class _ChartRow:
    """What score_chart reads of a dimension: its label, score and band (a key; str compares)."""

    def __init__(self, *, label, score, band, **_rest):
        self.label, self.score, self.band = label, score, band


def comparison_section(*, assessment: Assessment, include_names: bool = False) -> dict | None:
    """The report's comparison with the finalized assessment this one was started from.

    Free-text answers stay out of the report; names are hidden as everywhere in it.
    """
    earlier = assessment.started_from
    if earlier is None or earlier.status != AssessmentStatus.FINALISED:
        return None
    data = assessment_compare(earlier=earlier, later=assessment).as_data()
    data["earlier"] = hide_emails(data["earlier"], include_names=include_names)
    data["later"] = hide_emails(data["later"], include_names=include_names)
    data["changed_answers"] = [
        {**row, "vendor": hide_emails(row["vendor"], include_names=include_names)}
        for row in data["changed_answers"]
        if not row["free_text"]
    ]
    return data
