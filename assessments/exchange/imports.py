"""Importing an exported assessment (`exchange.assessment_json`) as a new draft.

Everything in the file is checked against the current worksheet content before anything is
written; then the draft is created in one transaction through the usual domain functions, so
an import is all or nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.answering.forms import NOTE_MAX_LENGTH
from assessments.answering.lifecycle import assessment_start, vendor_add
from assessments.exchange.exports import (
    FORMAT,
    NAME_MAX_LENGTH,
    VERSION,
    Checker,
    ImportRefused,
    imported_name,
)
from assessments.models import (
    ActionItem,
    ActionSeverity,
    ActionStatus,
    Answer,
    Assessment,
    Channel,
    Question,
    QuestionKind,
)

NUMBER = re.compile(r"-?\d{1,10}(\.\d{1,2})?")
EMPTY_BASE = (0, AnswerValue().fingerprint())


@dataclass
class _Plan:
    """What the checked data will create."""

    values: dict = field(default_factory=dict)
    vendors: list[str] = field(default_factory=list)
    # question, vendor name, value, question revision, carried over from an earlier assessment
    answers: list[tuple[Question, str | None, AnswerValue, int, bool]] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)


def _check_header(check: Checker, data) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        check.add(_("This is not an assessment exported from this toolkit."))
        return False
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        message = _(
            "This file uses version “%(version)s” of the format; this toolkit reads %(ours)s."
        )
        check.add(message, version=version, ours=VERSION)
        return False
    return True


def _check_assessment(check: Checker, data: dict) -> dict:
    where = _("Assessment")
    name = check.text(where, data, "name", limit=NAME_MAX_LENGTH, required=True)
    language = check.text(where, data, "report_language", limit=5, required=True)
    if language is not None:
        check.one_of(where, "report_language", language, dict(settings.LANGUAGES))
    channels = data.get("channels")
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        check.wrong_type(where, "channels")
        channels = []
    elif not channels:
        check.add(_("%(where)s: choose at least one channel."), where=where)
    for channel in channels:
        check.one_of(where, "channels", channel, Channel.values)
    return {"name": name, "channels": channels, "report_language": language}


def _check_vendors(check: Checker, data: dict) -> list[str]:
    names, seen = [], set()
    for number, _record in enumerate(check.records(data, "vendors"), start=1):
        where = _("Vendor %(number)s") % {"number": number}
        name = check.text(where, {"name": _record}, "name", limit=200, required=True)
        if name is not None and name.strip().casefold() in seen:
            check.add(_("Vendor “%(name)s” appears more than once."), name=name)
        elif name is not None:
            seen.add(name.strip().casefold())
            names.append(name)
    return names


def _check_vendor(check, where, record, question, vendors) -> bool:
    """Whether the answer's vendor fits its question's worksheet and the file's vendors."""
    vendor = record.get("vendor")
    if vendor is not None and not isinstance(vendor, str):
        return check.wrong_type(where, "vendor") or False
    per_vendor = question.section.worksheet.per_vendor
    if per_vendor and vendor is None:
        message = _("%(where)s: question “%(key)s” is answered once per vendor: name the vendor.")
    elif not per_vendor and vendor is not None:
        message = _(
            "%(where)s: question “%(key)s” is not answered per vendor: leave out the vendor."
        )
    elif vendor is not None and vendor not in vendors:
        message = _("%(where)s: vendor “%(vendor)s” is not in the file's list of vendors.")
    else:
        return True
    check.add(message, where=where, key=question.key, vendor=vendor)
    return False


def _check_selected(check, where, record, question) -> tuple[str, ...]:
    selected = record.get("selected", [])
    if not isinstance(selected, list) or not all(isinstance(s, str) for s in selected):
        return check.wrong_type(where, "selected") or ()
    keys = {choice.key for choice in question.choices.all()}
    for key in selected:
        if key not in keys:
            message = _("%(where)s: “%(choice)s” is not an answer choice of question “%(key)s”.")
            check.add(message, where=where, choice=key, key=question.key)
    if len(set(selected)) != len(selected):
        message = _("%(where)s: an answer choice of question “%(key)s” is given twice.")
        check.add(message, where=where, key=question.key)
    elif len(selected) > 1 and question.kind != QuestionKind.MULTIPLE:
        message = _("%(where)s: question “%(key)s” takes only one answer choice.")
        check.add(message, where=where, key=question.key)
    return tuple(selected)


def _check_number(check, where, record, question) -> Decimal | None:
    number = record.get("number")
    if number is None:
        return None
    if not isinstance(number, str) or not NUMBER.fullmatch(number):
        message = _("%(where)s: “number” must be text such as “12.50”, or null.")
        return check.add(message, where=where)
    value = Decimal(number)
    low, high = question.min_value, question.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        message = _("%(where)s: %(number)s is outside the range question “%(key)s” allows.")
        check.add(message, where=where, number=number, key=question.key)
    return value


def _text_limit(question: Question) -> int:
    if question.kind == QuestionKind.LONG_TEXT:
        return question.max_length
    return min(question.max_length, 300) if question.kind == QuestionKind.SHORT_TEXT else 0


def _check_value(check, where, record, question) -> AnswerValue:
    selected = _check_selected(check, where, record, question)
    number = _check_number(check, where, record, question)
    text = check.text(where, record, "text", limit=_text_limit(question) or 10000) or ""
    note = check.text(where, record, "note", limit=NOTE_MAX_LENGTH) or ""
    misplaced = [
        name
        for name, given, allowed in (
            ("selected", selected, question.has_choices),
            ("number", number is not None, question.kind == QuestionKind.NUMBER),
            ("text", text, _text_limit(question) > 0),
        )
        if given and not allowed
    ]
    for name in misplaced:
        message = _("%(where)s: question “%(key)s” does not take “%(field)s”.")
        check.add(message, where=where, key=question.key, field=name)
    return AnswerValue(selected, number, text, note)


def _check_answer(check, where, record, questions, vendors, seen) -> tuple | None:
    key = check.text(where, record, "question", limit=80, required=True)
    worksheet = check.text(where, record, "worksheet", limit=60, required=True)
    question = questions.get(key)
    if key is not None and question is None:
        message = _("%(where)s: question “%(key)s” is not in the current worksheets.")
        return check.add(message, where=where, key=key)
    if question is None or not _check_vendor(check, where, record, question, vendors):
        return None
    if worksheet != question.section.worksheet.key:
        message = _("%(where)s: question “%(key)s” is not in the worksheet “%(worksheet)s”.")
        check.add(message, where=where, key=key, worksheet=worksheet)
    if (key, record.get("vendor")) in seen:
        message = _("%(where)s: question “%(key)s” is answered more than once.")
        check.add(message, where=where, key=key)
    seen.add((key, record.get("vendor")))
    revision = record.get("question_revision", question.revision)
    if type(revision) is not int or not 1 <= revision <= question.revision:
        message = _("%(where)s: “question_revision” must be a whole number from 1 to %(revision)s.")
        check.add(message, where=where, revision=question.revision)
    carried_over = record.get("carried_over", False)
    if type(carried_over) is not bool:
        check.wrong_type(where, "carried_over")
    value = _check_value(check, where, record, question)
    return question, record.get("vendor"), value, revision, carried_over is True


def _check_answers(check, data, questions, vendors) -> list:
    seen, answers = set(), []
    for where, record in check.each(data, "answers", _("Answer %(number)s")):
        answers.append(_check_answer(check, where, record, questions, vendors, seen))
    return [answer for answer in answers if answer]


def _check_action(check, where, record, questions, vendors, seen) -> dict:
    item = {"due_on": check.date(where, record, "due_on")}
    item["question"] = check.text(where, record, "question", limit=80)
    if item["question"] and item["question"] not in questions:
        message = _("%(where)s: question “%(key)s” is not in the current worksheets.")
        check.add(message, where=where, key=item["question"])
    item["description"] = check.text(where, record, "description", limit=1000, required=True)
    item["owner"] = check.text(where, record, "owner", limit=120)
    for name, choices, default in (
        ("status", ActionStatus.values, ActionStatus.OPEN),
        ("severity", ["", *ActionSeverity.values], ""),
        ("vendor", [None, *vendors], None),
        ("edited", [True, False], True),
    ):
        item[name] = record.get(name, default)
        if isinstance(item[name], list | dict):
            check.wrong_type(where, name)
            item[name] = default  # refused already; keep the rest of the checks working
        else:
            check.one_of(where, name, item[name], choices)
    if item["vendor"] is not None and not item["question"]:
        check.add(_("%(where)s: an action for a vendor must name its question."), where=where)
    finding = (item["question"], item["vendor"])
    if item["question"] and finding in seen:
        message = _("%(where)s: the plan already has an action for question “%(key)s”.")
        check.add(message, where=where, key=item["question"])
    seen.add(finding)
    return item


def _checked(data) -> _Plan:
    """The data as a plan to create, or ImportRefused naming every problem."""
    check = Checker()
    if not _check_header(check, data):
        raise ImportRefused(check.problems)
    questions = {
        q.key: q
        for q in Question.objects.select_related("section__worksheet").prefetch_related("choices")
    }
    plan = _Plan(values=_check_assessment(check, data), vendors=_check_vendors(check, data))
    plan.answers = _check_answers(check, data, questions, plan.vendors)
    seen = set()
    for where, record in check.each(data, "actions", _("Action %(number)s")):
        plan.actions.append(_check_action(check, where, record, questions, plan.vendors, seen))
    if check.problems:
        raise ImportRefused(check.problems)
    return plan


def _save_answers(assessment, vendors, answers, by) -> None:
    for vendor_name in {vendor for _q, vendor, *_rest in answers}:
        inputs = [
            AnswerInput(q, value, EMPTY_BASE) for q, v, value, *_ in answers if v == vendor_name
        ]
        answers_save(assessment=assessment, vendor=vendors.get(vendor_name), inputs=inputs, by=by)
    for question, vendor_name, _value, revision, carried_over in answers:
        # Keep "needs review" for answers to an older wording, and "carried over - check it".
        if revision != question.revision or carried_over:
            Answer.objects.filter(
                assessment=assessment, vendor=vendors.get(vendor_name), question=question
            ).update(question_revision=revision, carried_over=carried_over)


def _add_actions(assessment, vendors, actions) -> None:
    ActionItem.objects.bulk_create(
        ActionItem(
            assessment=assessment,
            vendor=vendors.get(item.pop("vendor")),
            question_key=item.pop("question"),
            position=position,
            **item,
        )
        for position, item in enumerate(actions, start=1)
    )


def assessment_import(*, organisation, data: dict, by) -> Assessment:
    """Check everything in `data`, then create it as a new draft of the organisation, all or nothing.

    Raises ImportRefused, with nothing written, naming every problem found.
    """
    plan = _checked(data)
    values = {**plan.values, "name": imported_name(plan.values["name"])}
    with transaction.atomic():
        assessment = assessment_start(organisation=organisation, by=by, **values)
        vendors = {name: vendor_add(assessment=assessment, name=name) for name in plan.vendors}
        _save_answers(assessment, vendors, plan.answers, by)
        _add_actions(assessment, vendors, plan.actions)
    return assessment
