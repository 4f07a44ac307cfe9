"""The readiness report as plain data: everything it prints, already in the report's language.

Finalizing an assessment stores this dict, so its report renders the same forever, whatever site
admins later change in questions, weights, recommendations or platform facts. It holds only str,
int, float, bool, None, list and dict, so it goes through JSON unchanged. Staff e-mail addresses
appear only when a director asks for names; who changed an answer never appears at all.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.actions import ActionRow, action_rows
from assessments.comparison import matches_page, vendors_side_by_side
from assessments.matching import platform_matching
from assessments.models import Assessment, AssessmentStatus
from assessments.results import (
    READINESS_WORKSHEET,
    AssessmentResults,
    assessment_results,
    threshold_table,
    thresholds_in_order,
)
from assessments.results_page import ResultsPage, results_page
from assessments.scoring import WEIGHT_MAX

from . import sections

REPORT_VERSION = 1  # bump when the shape of the dict changes, and keep rendering older ones
TOP_ACTIONS = 5


def report_data(*, assessment: Assessment, include_names: bool = False) -> dict:
    """Everything the readiness report prints, as JSON-ready data in the report's language."""
    with translation.override(assessment.report_language):
        results = assessment_results(assessment=assessment)
        page = results_page(results=results)
        plan = action_rows(assessment=assessment)
        shortlist = sections.platforms(
            matches_page(
                loaded=platform_matching(assessment=assessment), assessment_pk=assessment.pk
            )
        )
        vendors = sections.vendors(
            vendors_side_by_side(results=results), include_names=include_names
        )
        cover = _cover(assessment, include_names)
        answered = _answered_readiness(results)
        return {
            "version": REPORT_VERSION,
            "language": assessment.report_language,
            "title": _("Readiness report: %(name)s") % {"name": cover["assessment"]},
            "include_names": include_names,
            "cover": cover,
            "footer": {
                "left": _("%(name)s · %(date)s")
                % {"name": cover["assessment"], "date": cover["generated_on"]},
                "pages": _("Page %(page)s of %(pages)s"),
            },
            "answered": answered,
            "summary": _summary(page, plan, include_names),
            "missing": _missing(answered, page, plan, shortlist, vendors),
            "channels": [sections.readiness(channel) for channel in page.channels],
            "findings": sections.findings(page.findings),
            "follow_ups": sections.follow_ups(page.follow_ups),
            "actions": sections.actions(plan, include_names=include_names),
            "platforms": shortlist,
            "vendors": vendors,
            "methodology": _methodology(),
            "notices": _notices(),
            "comparison": sections.comparison_section(
                assessment=assessment, include_names=include_names
            ),
        }


def _status(assessment: Assessment, include_names: bool) -> dict:
    """Draft, or finalized on a date (and by whom, only when names are asked for)."""
    if assessment.status != AssessmentStatus.FINALISED or not assessment.finalised_at:
        text = _("Draft: these results change as your team changes its answers.")
        return {"status": "draft", "status_text": text, "finalised_on": "", "finalised_by": None}
    on = sections.date_text(timezone.localtime(assessment.finalised_at).date())
    by = assessment.finalised_by.email if include_names and assessment.finalised_by else None
    if by:
        text = _("Finalized on %(date)s by %(email)s") % {"date": on, "email": by}
    else:
        text = _("Finalized on %(date)s") % {"date": on}
    return {"status": "finalised", "status_text": text, "finalised_on": on, "finalised_by": by}


def _cover(assessment: Assessment, include_names: bool) -> dict:
    today = timezone.localdate()
    channels = [str(label) for label in assessment.get_channels_display()]
    return {
        "organisation": sections.hide_emails(
            assessment.organisation.name, include_names=include_names
        ),
        "assessment": sections.hide_emails(assessment.name, include_names=include_names),
        "channels": channels,
        "channels_text": ", ".join(channels),
        "generated_on": sections.date_text(today),
        "generated_on_iso": today.isoformat(),
        "content_version": assessment.content_version.number,
        **_status(assessment, include_names),
    }


def _top_actions(page: ResultsPage, plan: list[ActionRow], include_names: bool) -> list[dict]:
    """The first actions not done yet; with no plan at all, the most severe findings' advice."""
    if plan:
        return [
            {
                "text": sections.hide_emails(row.item.description, include_names=include_names),
                "owner": sections.hide_emails(row.item.owner, include_names=include_names),
                "due": sections.date_text(row.item.due_on),
            }
            for row in plan
            if not row.is_done
        ][:TOP_ACTIONS]
    rows = [row for _dim, severities in page.findings for _sev, rows in severities for row in rows]
    rows.sort(key=lambda row: (row.finding.severity.rank, -row.finding.total_gap))
    titles = dict.fromkeys(
        row.recommendation.title if row.recommendation else row.question.text for row in rows
    )
    return [{"text": title, "owner": "", "due": ""} for title in list(titles)[:TOP_ACTIONS]]


def _summary(page: ResultsPage, plan: list[ActionRow], include_names: bool) -> dict:
    return {
        "channels": [
            {
                "name": channel.name,
                "band": channel.band.value,
                "band_label": channel.band_label,
                "reasons": list(channel.reasons),
            }
            for channel in page.channels
        ],
        "actions_from": "plan" if plan else "findings",
        "top_actions": _top_actions(page, plan, include_names),
    }


def _answered_readiness(results: AssessmentResults) -> bool:
    return any(
        keys
        for (vendor_pk, key), keys in results.selected.items()
        if vendor_pk is None and results.questions[key].section.worksheet.key == READINESS_WORKSHEET
    )


def _missing(answered: bool, page: ResultsPage, plan, shortlist: dict, vendors: dict) -> list[str]:
    """What the report cannot say yet, and why."""
    missing = []
    if not answered:
        missing.append(
            _(
                "No question of the readiness worksheet is answered yet, so no channel can be "
                "scored: every channel is “Not yet ready” until your team answers."
            )
        )
    elif page.follow_ups:
        count = len(page.follow_ups)
        missing.append(
            ngettext(
                "%(count)s question that applies is not answered yet or was answered “Not sure”.",
                "%(count)s questions that apply are not answered yet or were answered “Not sure”.",
                count,
            )
            % {"count": count}
        )
    if not shortlist["from_worksheet"]:
        missing.append(
            _(
                "The platform worksheet states no needs yet: platforms are matched only on the "
                "channels this assessment considers."
            )
        )
    if not vendors["columns"]:
        missing.append(_("No vendor has been added yet, so no vendor is compared."))
    if not plan and page.findings:
        missing.append(
            _(
                "The action plan has no actions yet: the summary lists the advice for the most "
                "severe findings instead."
            )
        )
    elif not plan:
        missing.append(_("The action plan has no actions yet."))
    return missing


def _methodology() -> dict:
    return {
        "rules": [
            _(
                "Each answer choice carries a weight from 0 to %(max)s on each of five dimensions: "
                "personal safety, privacy, confidentiality, survivor access and program capacity."
            )
            % {"max": WEIGHT_MAX},
            _(
                "A dimension's score is the points its answers earn divided by the points they "
                "could earn, out of 100. “Not sure” and unanswered questions earn nothing; “Does "
                "not apply” leaves a question out."
            ),
            _(
                "Each score falls in a band by the thresholds below; a channel starts at the worst "
                "band of its dimensions."
            ),
            _("A blocking answer to a critical question makes the channel “Not yet ready”."),
            _(
                "A critical question left unanswered, or answered “Not sure”, makes the channel at "
                "best “Ready with conditions”."
            ),
            _(
                "Each vendor is scored on its own worksheet. Vendor scores are never averaged into "
                "your program's readiness."
            ),
        ],
        "thresholds": threshold_table(thresholds_in_order()),
    }


def _notices() -> dict:
    return {
        "no_endorsement": _(
            "This report informs your decisions. The platform chart it draws on informs and never "
            "endorses any product."
        ),
        "not_legal_advice": _(
            "Nothing in this report is legal advice. It never says that a product, a vendor or a "
            "program is or is not legally compliant with any law or funding requirement."
        ),
        "crisis": _(
            "People reaching out for the first time in a crisis can be referred to national "
            "hotlines that answer around the clock in English and Spanish, including by chat: "
            "the National Domestic Violence Hotline and RAINN, the National Sexual Assault "
            "Hotline."
        ),
        "technical_assistance": _(
            "For help with technology, ask your state or territorial coalition, your funders' "
            "technical assistance providers, and the national technical assistance projects "
            "funded by the federal government, often at no cost. The toolkit endorses none of "
            "them."
        ),
    }
