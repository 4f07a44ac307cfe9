"""Exports of an assessment: its answers as a spreadsheet, and the whole of it as JSON.

The JSON uses stable keys (worksheet, question and choice keys, vendor names), never database
ids, and never names or e-mails of people, so it can be imported into another organization
(`exchange_import.py`). docs/assessment-format.md describes it.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.answering.forms import CONTROL_CHARACTERS
from assessments.models import Answer, Assessment, Question
from assessments.plan.actions import BOM, formula_safe
from assessments.vendor_link.records import submitted_requests

FORMAT = "dsrt-assessment"
VERSION = 1
CENTS = Decimal("0.01")
NAME_MAX_LENGTH = 200
LIMITS = {"vendors": 100, "answers": 5000, "actions": 1000}  # entries an import may hold
# Keys that an export → import → export round trip may change (docs/assessment-format.md).
ROUND_TRIP_MAY_DIFFER = (
    "exported_at",
    "created_at",
    "updated_at",
    "finalized_at",
    "reassess_by",
    "status",
    "name",
    "content_version",
)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def number_text(number: Decimal | None) -> str | None:
    """A stored number as the exports write it: two decimal places, never an exponent."""
    return None if number is None else format(number.quantize(CENTS), "f")


def _questions() -> list[Question]:
    return list(Question.objects.select_related("section__worksheet").prefetch_related("choices"))


def _vendor_order(assessment: Assessment) -> dict[int | None, int]:
    order = {vendor.pk: index for index, vendor in enumerate(assessment.vendors.all(), start=1)}
    return {None: 0, **order}


def _answers_in_order(assessment: Assessment) -> list[Answer]:
    """The assessment's answers in worksheet order, each question's vendors in the order added."""
    questions = {q.pk: index for index, q in enumerate(Question.objects.only("pk"))}
    vendors = _vendor_order(assessment)
    answers = assessment.answers.select_related("question__section__worksheet", "vendor")
    return sorted(answers, key=lambda a: (questions[a.question_id], vendors[a.vendor_id]))


# The answers as CSV ------------------------------------------------------------------------------


def answers_csv_headers() -> list[str]:
    """The answers CSV's column headers in the active language."""
    return [
        _("Worksheet"),
        _("Section"),
        _("Question key"),
        _("Question (English)"),
        _("Question (Spanish)"),
        _("Vendor"),
        _("Answer"),
        _("Choice keys"),
        _("Number"),
        _("Text"),
        _("Note"),
        _("Last changed"),
    ]


def _answer_cells(question: Question, vendor, answer: Answer | None) -> list[str]:
    labels = {choice.key: choice.label for choice in question.choices.all()}
    selected = answer.selected if answer else []
    return [
        question.section.worksheet.key,
        question.section.key,
        question.key,
        question.text_en or "",
        question.text_es or "",
        vendor.name if vendor else "",
        "; ".join(labels.get(key, key) for key in selected),
        "; ".join(selected),
        (number_text(answer.number) if answer else None) or "",
        answer.text if answer else "",
        answer.note if answer else "",
        timezone.localdate(answer.updated_at).isoformat() if answer else "",
    ]


def answers_csv(*, assessment: Assessment, language: str) -> str:
    """Every question the assessment asks (per vendor where it applies) with its answer, as CSV.

    UTF-8 with a byte order mark; headers and choice labels in `language`; question text in
    both languages; the day of the last change, never the person.
    """
    vendors = list(assessment.vendors.all())
    answers = {(a.question_id, a.vendor_id): a for a in assessment.answers.all()}
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    with translation.override(language):
        writer.writerow(answers_csv_headers())
        for question in _questions():
            for vendor in vendors if question.section.worksheet.per_vendor else [None]:
                answer = answers.get((question.pk, vendor.pk if vendor else None))
                if answer is None and not question.applies_to(assessment.channels):
                    continue
                cells = _answer_cells(question, vendor, answer)
                writer.writerow([formula_safe(cell) for cell in cells])
    return out.getvalue()


# The whole assessment as JSON --------------------------------------------------------------------


def _answer_json(answer: Answer) -> dict:
    return {
        "worksheet": answer.question.section.worksheet.key,
        "question": answer.question.key,
        "vendor": answer.vendor.name if answer.vendor else None,
        "selected": list(answer.selected),
        "number": number_text(answer.number),
        "text": answer.text,
        "note": answer.note,
        "question_revision": answer.question_revision,
        "carried_over": answer.carried_over,
        "from_vendor": answer.from_vendor,
    }


def _statement_json(link) -> dict:
    """A vendor's submitted answers (assessments/vendor_link/records.py), without the e-mail."""
    return {
        "vendor": link.vendor.name,
        "language": link.language,
        "sent_at": _iso(link.created_at),
        "submitted_at": _iso(link.submitted_at),
        "answers": [
            {
                "worksheet": said.question.section.worksheet.key,
                "question": said.question.key,
                "selected": list(said.selected),
                "number": number_text(said.number),
                "text": said.text,
                "note": said.note,
                "review": said.review,
                "review_note": said.review_note,
            }
            for said in link.answers.all()
            if said.is_answered or said.note
        ],
    }


def _action_json(item) -> dict:
    return {
        "description": item.description,
        "owner": item.owner,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "status": item.status,
        "severity": item.severity,
        "question": item.question_key,
        "vendor": item.vendor.name if item.vendor else None,
        "edited": item.edited,
    }


def _has_content(answer: Answer) -> bool:
    return answer.is_answered or bool(answer.note)


def assessment_json(*, assessment: Assessment) -> dict:
    """The whole assessment in the versioned `dsrt-assessment` format (no ids, no people)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(timezone.now()),
        "name": assessment.name,
        "channels": assessment.channels,
        "report_language": assessment.report_language,
        "status": assessment.status,
        "content_version": assessment.content_version.number,
        "created_at": _iso(assessment.created_at),
        "updated_at": _iso(assessment.updated_at),
        "finalized_at": _iso(assessment.finalised_at),
        "reassess_by": assessment.reassess_by.isoformat() if assessment.reassess_by else None,
        "vendors": [vendor.name for vendor in assessment.vendors.all()],
        "answers": [_answer_json(a) for a in _answers_in_order(assessment) if _has_content(a)],
        "actions": [_action_json(item) for item in assessment.actions.select_related("vendor")],
        "vendor_statements": [
            _statement_json(link) for link in submitted_requests(assessment.vendors.all())
        ],
    }


# Checking data to import (exchange_import.py) ---------------------------------------------------


class ImportRefused(Exception):
    """The data cannot be imported; `messages` names every problem, in the active language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def imported_name(name: str) -> str:
    """The name an imported assessment gets: the exported name, marked as imported."""
    full = _("%(name)s (imported)") % {"name": name}
    overflow = len(full) - NAME_MAX_LENGTH
    return full if overflow <= 0 else _("%(name)s (imported)") % {"name": name[:-overflow]}


class Checker:
    """Collects every problem in imported data rather than stopping at the first."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, message: str, **values) -> None:
        self.problems.append(message % values)

    def wrong_type(self, where: str, name: str) -> None:
        self.add(
            _("%(where)s: “%(field)s” is missing or has the wrong type."), where=where, field=name
        )

    def text(self, where, record, name, *, limit, required=False, default="") -> str | None:
        value = record.get(name, None if required else default)
        if not isinstance(value, str):
            return self.wrong_type(where, name)
        if required and not value.strip():
            self.add(_("%(where)s: “%(field)s” cannot be empty."), where=where, field=name)
        if len(value) > limit:
            message = _("%(where)s: “%(field)s” is longer than %(limit)s characters.")
            self.add(message, where=where, field=name, limit=limit)
        if CONTROL_CHARACTERS.search(value):
            message = _("%(where)s: “%(field)s” contains invisible control characters.")
            self.add(message, where=where, field=name)
        return value

    def one_of(self, where, name, value, allowed) -> bool:
        if value in allowed:
            return True
        message = _("%(where)s: “%(value)s” is not an allowed value for “%(field)s”.")
        self.add(message, where=where, value=value, field=name)
        return False

    def records(self, data: dict, name: str) -> list:
        value = data.get(name, [])
        if not isinstance(value, list):
            return self.wrong_type(_("File"), name) or []
        if len(value) > LIMITS[name]:
            message = _("“%(field)s” has more than %(limit)s entries.")
            self.add(message, field=name, limit=LIMITS[name])
            return []
        return value

    def each(self, data: dict, name: str, label: str):
        """(where, record) for each entry of the list `name` that is an object."""
        for number, record in enumerate(self.records(data, name), start=1):
            where = label % {"number": number}
            if isinstance(record, dict):
                yield where, record
            else:
                self.add(_("%(where)s must be an object with named fields."), where=where)

    def date(self, where: str, record: dict, name: str) -> date | None:
        value = record.get(name)
        try:
            return None if value is None else date.fromisoformat(value)
        except (TypeError, ValueError):
            message = _("%(where)s: “%(field)s” must be a date such as 2027-03-31, or null.")
            return self.add(message, where=where, field=name)
