"""The readiness report as plain data: everything it prints, already in the report's language.

Finalizing an assessment stores this dict, so its report renders the same forever, whatever site
admins later change in questions, weights, recommendations or platform facts. It holds only str,
int, float, bool, None, list and dict, so it goes through JSON unchanged. Staff e-mail addresses
appear only when a director asks for names; who changed an answer never appears at all.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import CHART_CHANNELS, Assessment, AssessmentStatus
from assessments.plan.actions import action_rows
from assessments.scoring.comparison import matches_page
from assessments.scoring.engine import WEIGHT_MAX
from assessments.scoring.matching import platform_matching
from assessments.scoring.peers import MIN_PEERS, peer_comparison
from assessments.scoring.results import (
    READINESS_WORKSHEET,
    AssessmentResults,
    assessment_results,
    threshold_table,
    thresholds_in_order,
)
from assessments.scoring.results_page import ResultsPage, results_page, score_grid

from . import board, sections
from .platforms import platform_matrix

REPORT_VERSION = 2  # bump when the shape of the dict changes, and keep rendering older ones


def report_data(*, assessment: Assessment, include_names: bool = False, summary: str = "") -> dict:
    """Everything the readiness report prints, as JSON-ready data in the report's language.

    `summary` is what the director wrote at sign-off, printed on page one as written (e-mail
    addresses left out unless names are asked for)."""
    with translation.override(assessment.report_language):
        results = assessment_results(assessment=assessment)
        page = results_page(results=results)
        plan = action_rows(assessment=assessment)
        loaded = platform_matching(assessment=assessment)
        matches = matches_page(loaded=loaded, assessment_pk=assessment.pk)
        shortlist = platform_matrix(
            matches, channels={CHART_CHANNELS[channel] for channel in assessment.channels}
        )
        vendors = board.vendor_decision(results, include_names=include_names)
        actions = sections.actions(plan, include_names=include_names)
        phases = board.plan_phases(actions)
        advice = board.advice_in_phases(
            board.findings_by_recommendation(results, include_names=include_names), actions
        )
        verdicts = board.verdicts(results)
        shared = board.shared_reasons(verdicts)
        cover = _cover(assessment, include_names)
        answered = _answered_readiness(results)
        return {
            "version": REPORT_VERSION,
            "language": assessment.report_language,
            "title": _("Readiness report: %(name)s") % {"name": cover["assessment"]},
            "include_names": include_names,
            "cover": cover,
            "header": _("%(organization)s · %(assessment)s · Confidential")
            % {"organization": cover["organisation"], "assessment": cover["assessment"]},
            "footer": {
                "left": _("Generated on %(date)s") % {"date": cover["generated_on"]},
                "pages": _("Page %(page)s of %(pages)s"),
            },
            "director_summary": sections.hide_emails(summary, include_names=include_names),
            "answered": answered,
            "missing": _missing(answered, page, plan, matches, vendors),
            "verdicts": verdicts,
            "shared_reasons": shared,
            "must_do": board.must_do(advice["before_launch"]),
            "vendors": vendors,
            "vendor_groups": board.vendor_groups(vendors),
            "grid": score_grid(page.channels),
            "peers": peer_comparison(
                program=assessment.organisation,
                scores={
                    c.key: {row.dimension: row.score for row in c.dimensions} for c in page.channels
                },
            ),
            "min_peers": MIN_PEERS,
            "vendor_grid": score_grid(summary.readiness for summary in page.vendors),
            "phases": phases,
            "before_launch": advice["before_launch"],
            "other_advice": advice["other"],
            "follow_ups": sections.follow_ups(page.follow_ups),
            "platforms": shortlist,
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
        "reassess_by": board.reassess_by(assessment),
        **_status(assessment, include_names),
    }


def _answered_readiness(results: AssessmentResults) -> bool:
    return any(
        keys
        for (vendor_pk, key), keys in results.selected.items()
        if vendor_pk is None and results.questions[key].section.worksheet.key == READINESS_WORKSHEET
    )


def _missing(answered: bool, page: ResultsPage, plan, matches, vendors: list) -> list[str]:
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
    if not matches.from_worksheet:
        missing.append(
            _(
                "The platform worksheet states no needs yet: platforms are matched only on the "
                "channels this assessment considers."
            )
        )
    if not vendors:
        missing.append(_("No vendor has been added yet, so no vendor is compared."))
    if not plan and page.findings:
        # A draft whose plan nobody opened yet (sign-off always makes one).
        missing.append(
            _(
                "Nobody has made the action plan yet. Make it on the action plan page to give "
                "each action an owner and a date; finalizing makes it from the findings if "
                "nobody has."
            )
        )
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
        "short": _(
            "This report informs your decisions. It is not legal advice and endorses no "
            "product; Appendix F says more."
        ),
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
