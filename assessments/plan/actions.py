"""The action plan: generated from an assessment's findings, then refined by its people.

Regenerating the plan adds the findings it does not hold yet and never touches an action a person
changed. An action whose finding went away (the answer improved) stays until people mark it
done: only they know whether the work is finished. Every write refuses a finalized assessment.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.answering.answers import mark_changed
from assessments.models import ActionItem, ActionStatus, Assessment, Question, VendorEvaluation
from assessments.scoring.engine import Finding
from assessments.scoring.results import AssessmentResults, assessment_results

DIRECTIONS = ("up", "down")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full-width too
# Spreadsheets skip these before a formula character: spaces of every width, and invisible ones.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"
BOM = "\ufeff"  # tells Excel the file is UTF-8, so Spanish accents open correctly


def _findings(results: AssessmentResults) -> list[tuple[VendorEvaluation | None, Finding]]:
    """The program's findings, then each vendor's, by severity (the engine's order within)."""
    found = [(None, finding) for finding in results.program.findings]
    for vendor, result in results.vendors:
        found += [(vendor, finding) for finding in result.findings]
    return sorted(found, key=lambda pair: pair[1].severity.rank)  # stable


def _starting_description(results: AssessmentResults, finding: Finding) -> str:
    """The recommendation's title, else the question, in the language of the report."""
    recommendation = results.recommendation_for(finding)
    with translation.override(results.assessment.report_language):
        if recommendation:
            return recommendation.title
        return results.questions[finding.question_key].text


def _last_position(assessment: Assessment) -> int:
    return assessment.actions.aggregate(last=Max("position"))["last"] or 0


@transaction.atomic
def action_plan_refresh(*, assessment: Assessment) -> list[ActionItem]:
    """Add an action for each finding not in the plan yet; return the actions added."""
    mark_changed(assessment)  # locks the assessment: two refreshes never add one finding twice
    results = assessment_results(assessment=assessment)
    existing = {
        (item.vendor_id, item.question_key): item
        for item in assessment.actions.exclude(question_key="")
    }
    position, added, refreshed = _last_position(assessment), [], []
    for vendor, finding in _findings(results):
        description = _starting_description(results, finding)
        item = existing.get((vendor.pk if vendor else None, finding.question_key))
        if item is None:
            position += 1
            added.append(
                ActionItem(
                    assessment=assessment,
                    vendor=vendor,
                    question_key=finding.question_key,
                    description=description,
                    severity=finding.severity.value,
                    position=position,
                )
            )
        elif not item.edited and (item.description, item.severity) != (
            description,
            finding.severity.value,
        ):  # nobody touched it: keep it in step with its finding
            item.description, item.severity = description, finding.severity.value
            item.updated_at = timezone.now()
            refreshed.append(item)
    ActionItem.objects.bulk_create(added)
    ActionItem.objects.bulk_update(refreshed, ["description", "severity", "updated_at"])
    return added


@transaction.atomic
def action_add(
    *, assessment: Assessment, description: str, owner: str = "", due_on: date | None = None
) -> ActionItem:
    """Add an action a person wrote at the end of the plan."""
    mark_changed(assessment)
    return ActionItem.objects.create(
        assessment=assessment,
        description=description,
        owner=owner,
        due_on=due_on,
        position=_last_position(assessment) + 1,
        edited=True,
    )


@transaction.atomic
def action_update(
    *, item: ActionItem, description: str, owner: str, due_on: date | None, status: str
) -> ActionItem:
    """Save a person's changes to an action; regenerating the plan will leave it alone."""
    mark_changed(item.assessment)
    item.description, item.owner, item.due_on, item.status = description, owner, due_on, status
    item.edited = True
    item.save(update_fields=["description", "owner", "due_on", "status", "edited", "updated_at"])
    return item


@transaction.atomic
def action_set_status(*, item: ActionItem, status: str) -> ActionItem:
    """Mark an action to do, in progress or done."""
    if status not in ActionStatus.values:
        raise ValueError(f"unknown status {status!r}")
    mark_changed(item.assessment)
    item.status, item.edited = status, True
    item.save(update_fields=["status", "edited", "updated_at"])
    return item


@transaction.atomic
def action_move(*, item: ActionItem, direction: str) -> bool:
    """Swap an action with the one above or below it; False when it is already at that end."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    mark_changed(item.assessment)  # locks the assessment: moves run one after another
    items = list(ActionItem.objects.filter(assessment_id=item.assessment_id))
    index = [other.pk for other in items].index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    renumbered = []
    for number, other in enumerate(items, start=1):  # also closes any gap or tie in positions
        if other.position != number:
            other.position = number
            renumbered.append(other)
    ActionItem.objects.bulk_update(renumbered, ["position"])
    item.position = target + 1
    return True


# What the page and the CSV show ------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """One action in words, as both the page and the CSV print it."""

    item: ActionItem
    number: int  # 1 for the first action of the plan
    status_label: str
    severity_label: str
    question: str  # the finding's question ("Vendor: question" for a vendor); blank otherwise
    question_url: str
    anchor: str  # element id, unique on the page
    question_only: str = ""  # the finding's question without the vendor's name

    @property
    def is_done(self) -> bool:
        return self.item.status == ActionStatus.DONE

    def cells(self) -> list[str]:
        """The row as the CSV writes it (due date as YYYY-MM-DD, which spreadsheets read)."""
        item = self.item
        due = item.due_on.isoformat() if item.due_on else ""
        return [
            str(self.number),
            item.description,
            item.owner,
            due,
            self.status_label,
            self.severity_label,
            self.question,
        ]


def csv_headers() -> list[str]:
    """The CSV's column headers in the active language."""
    return [
        _("Position"),
        _("Action"),
        _("Owner"),
        _("Due date"),
        _("Status"),
        _("Severity"),
        _("Question"),
    ]


def question_url(*, assessment: Assessment, question: Question, vendor=None) -> str:
    """The worksheet page of a finding's question, scrolled to it."""
    where = [question.section.worksheet.key, question.section.key]
    if vendor:
        url = reverse("assessments:vendor_section", args=[assessment.pk, vendor.pk, *where])
    else:
        url = reverse("assessments:section", args=[assessment.pk, *where])
    return f"{url}#question-{question.key}"


def _row(assessment: Assessment, number: int, item: ActionItem, question) -> ActionRow:
    text, url, question_only = "", "", ""
    if question:
        text = question_only = question.text
        url = question_url(assessment=assessment, question=question, vendor=item.vendor)
    if question and item.vendor:
        text = _("%(vendor)s: %(question)s") % {"vendor": item.vendor.name, "question": text}
    return ActionRow(
        item,
        number,
        str(item.get_status_display()),
        str(item.get_severity_display()),
        text,
        url,
        f"action-{item.pk}",
        question_only,
    )


def action_rows(*, assessment: Assessment) -> list[ActionRow]:
    """The plan in order, in words: two queries whatever its length."""
    items = list(assessment.actions.select_related("vendor"))
    keys = {item.question_key for item in items if item.question_key}
    questions = {
        q.key: q for q in Question.objects.filter(key__in=keys).select_related("section__worksheet")
    }
    return [
        _row(assessment, number, item, questions.get(item.question_key))
        for number, item in enumerate(items, start=1)
    ]


def formula_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula: one that starts with a
    formula character (full-width ones included), even after spaces, non-breaking or
    zero-width ones, gets a leading apostrophe."""
    start = 0
    while start < len(text) and text[start] not in "\t\r":
        if not (text[start].isspace() or text[start] in INVISIBLE):
            break
        start += 1
    return f"'{text}" if text[start:].startswith(FORMULA_STARTS) else text


def action_plan_csv(*, assessment: Assessment) -> str:
    """The plan as CSV: UTF-8 with a byte order mark, headers in the active language."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(csv_headers())
    for row in action_rows(assessment=assessment):
        writer.writerow([formula_safe(cell) for cell in row.cells()])
    return out.getvalue()
