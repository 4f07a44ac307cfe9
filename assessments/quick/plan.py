"""The one-page temporary-use plan: the provisional verdict per channel, what to do this week,
what to avoid, where to refer first contacts, and when to come back. Plain data, so the page
and the PDF print the same thing, and short lists, so it always fits on one page."""

from django.utils import formats
from django.utils.translation import gettext as _

from assessments.models import Recommendation
from assessments.scoring.questions import Severity
from assessments.scoring.quick import QuickCheck, quick_check
from assessments.scoring.results import channel_label

from .hotlines import HOTLINES, REVIEWED_ON

MOST_REASONS = 3  # per channel
MOST_ACTIONS = 5  # this week


def _avoid() -> list[str]:
    return [
        _("Do not use personal phones, computers or accounts to talk with survivors."),
        _("Do not ask survivors to create an account or install an app to reach you."),
        _("Do not take first contacts in crisis: refer them to the hotlines below."),
        _("Do not record calls or keep transcripts longer than your policy says."),
        _("Do not write anything about survivors in this toolkit."),
    ]


def _verdict(verdict, questions: dict) -> dict:
    reasons = [questions[f.question_key].text for f in verdict.blocking]
    return {
        "channel": verdict.channel,
        "name": channel_label(verdict.channel),
        "may_start": verdict.may_start,
        "verdict": _("May start temporarily, with the conditions below")
        if verdict.may_start
        else _("Do not start on this channel yet"),
        "reasons": reasons[:MOST_REASONS],
        "more": max(0, len(reasons) - MOST_REASONS),
    }


def _this_week(check: QuickCheck, questions: dict) -> list[str]:
    """The most urgent things to do, one line each: blocking and high findings first."""
    findings = sorted(
        {f.question_key: f for v in check.verdicts for f in (*v.blocking, *v.conditions)}.values(),
        key=lambda f: f.severity.rank,
    )
    own = {
        r.question.key: r
        for r in Recommendation.objects.filter(
            question__key__in=[f.question_key for f in findings]
        ).select_related("question")
    }
    lines = []
    for finding in findings:
        if finding.severity is Severity.FOLLOW_UP:
            line = _("Answer: %(question)s") % {"question": questions[finding.question_key].text}
        else:
            rec = own.get(finding.question_key)
            line = rec.title if rec else questions[finding.question_key].text
        if line not in lines:
            lines.append(line)
    return lines[:MOST_ACTIONS]


def quick_plan(*, assessment) -> dict:
    """Everything the plan prints, in the active language."""
    check = quick_check(assessment=assessment)
    questions = {q.key: q for q in check.questions}
    return {
        "name": assessment.name,
        "organisation": assessment.organisation.name,
        "answered": check.answered,
        "asked": len(check.questions),
        "channels": [_verdict(v, questions) for v in check.verdicts],
        "this_week": _this_week(check, questions),
        "avoid": _avoid(),
        "hotlines": [
            {"name": str(h["name"]), "contact": str(h["contact"]), "source": h["source"]}
            for h in HOTLINES
        ],
        "hotlines_checked": formats.date_format(REVIEWED_ON, "DATE_FORMAT"),
        "reassess_by": formats.date_format(check.reassess_by, "DATE_FORMAT"),
        "reassess_by_iso": check.reassess_by.isoformat(),
    }
