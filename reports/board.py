"""What a board reads first: each channel's verdict with its real reasons, the vendor decision
with its costs, the plan in phases, findings under the advice that answers them.

Plain values in the active language (reports.data.report_data overrides it), so the snapshot
taken at sign-off never needs the rows again.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from assessments.models import Answer, AssessmentStatus, VendorRequest, VendorRequestStatus
from assessments.scoring.engine import Band, CapKind, Severity
from assessments.scoring.results import AssessmentResults, band_label, channel_label, severity_label
from assessments.scoring.results_page import gaps, tool_reason

from .sections import action_groups, date_text, finding_key, hide_emails

STARTUP_COST = "vendor-startup-cost"
YEARLY_COST = "vendor-yearly-cost"
PRODUCT = "vendor-product"  # which product and plan, as the team wrote it
BOARD_NOTE = "vendor-board-note"  # the team's note for the board, printed as written
MUST_DO_SHOWN = 6  # before-launch actions on page one; the plan lists the rest

# The plan in phases, by the severity of the finding each action answers.
PHASES = (
    ("before_launch", ("blocking", "high")),
    ("first_90_days", ("medium",)),
    ("later", ("follow_up", "")),
)


def phase_titles() -> dict[str, str]:
    return {
        "before_launch": _("Before launch"),
        "first_90_days": _("In the first 90 days"),
        "later": _("Later"),
    }


def _question(results: AssessmentResults, key: str) -> str:
    return results.questions[key].text


def verdicts(results: AssessmentResults) -> list[dict]:
    """Per channel: its band, then why: blocking answers, critical questions left open, what the
    vendors allow, and each dimension short of "ready" with the score it needs."""
    found = []
    for channel in results.program.channels:
        limit = channel.tool_limit
        tool = tool_reason(results, limit) if limit else ""
        found.append(
            {
                "key": channel.channel,
                "name": channel_label(channel.channel),
                "band": channel.band.value,
                "band_label": band_label(channel.band),
                "blocking": [
                    _question(results, cap.question_key)
                    for cap in channel.caps
                    if cap.kind is CapKind.BLOCKING
                ],
                "open_critical": [
                    _question(results, cap.question_key)
                    for cap in channel.caps
                    if cap.kind is CapKind.UNKNOWN
                ],
                "tool": tool,
                "gaps": _gap_lines(gaps(results=results, dimensions=channel.dimensions)),
                "scored": channel.weakest is not None,
            }
        )
    return found


def _gap_lines(short) -> list[str]:
    """Dimensions short of a band, said once per band: "Short of ready with conditions: Privacy
    41 (needs 60), Personal safety 52 (needs 60)"."""
    lines = []
    for target, lead in (
        (Band.CONDITIONS, _("Short of ready with conditions: %(scores)s.")),
        (Band.READY, _("Short of ready: %(scores)s.")),
    ):
        scores = [
            _("%(dimension)s %(score)s (needs %(needs)s)")
            % {"dimension": gap.label, "score": gap.score, "needs": gap.needs}
            for gap in short
            if gap.target is target
        ]
        if scores:
            lines.append(lead % {"scores": ", ".join(scores)})
    return lines


def shared_reasons(found: list[dict]) -> dict:
    """Blocking answers and open critical questions that hold back every channel, said once
    above the channels (and taken out of each channel's own list)."""
    shared = {}
    for kind in ("blocking", "open_critical"):
        common = [q for q in found[0][kind] if all(q in v[kind] for v in found)] if found else []
        if len(found) < 2:
            common = []
        for verdict in found:
            verdict[kind] = [q for q in verdict[kind] if q not in common]
        shared[kind] = common
    return shared


def money(value: Decimal | None) -> str:
    """An amount in US dollars as entered, in the active language; blank when not entered."""
    if value is None:
        return ""
    # US dollars are written the US way in both languages ($8,400.50), as US programs and their
    # funders write them.
    amount = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"${amount}"


def _entered(results: AssessmentResults) -> dict[int, dict[str, Decimal | str]]:
    """What the team entered for each vendor: costs as numbers, product and note as text."""
    rows = Answer.objects.filter(
        assessment=results.assessment,
        vendor__isnull=False,
        question__key__in=(STARTUP_COST, YEARLY_COST, PRODUCT, BOARD_NOTE),
    ).values_list("vendor_id", "question__key", "number", "text")
    entered: dict[int, dict[str, Decimal | str]] = {}
    for vendor_id, key, number, text in rows:
        value = number if key in (STARTUP_COST, YEARLY_COST) else text.strip()
        if value not in (None, ""):
            entered.setdefault(vendor_id, {})[key] = value
    return entered


def _vendor_answered_on(results: AssessmentResults) -> dict:
    """{vendor id: the day its newest answers through its private link were submitted}."""
    rows = (
        VendorRequest.objects.filter(
            vendor__assessment=results.assessment, status=VendorRequestStatus.SUBMITTED
        )
        .values("vendor_id")
        .annotate(last=Max("submitted_at"))
    )
    return {row["vendor_id"]: timezone.localtime(row["last"]).date() for row in rows}


def vendor_decision(results: AssessmentResults, *, include_names: bool) -> list[dict]:
    """Each vendor considered: its band overall and on each channel, its blocking answers, its
    first-year and yearly cost, and the product and the note for the board, as the program
    entered them."""
    entered_for = _entered(results)
    answered_on = _vendor_answered_on(results)
    channels = results.assessment.channels
    vendors = []
    for vendor, result in results.vendors:
        entered = entered_for.get(vendor.pk, {})
        startup, yearly = entered.get(STARTUP_COST), entered.get(YEARLY_COST)
        first_year = startup + yearly if startup is not None and yearly is not None else None
        blocking = [f for f in result.findings if f.severity is Severity.BLOCKING]
        vendors.append(
            {
                "name": hide_emails(vendor.name, include_names=include_names),
                "evaluated": result.evaluated,
                "band": result.band.value if result.evaluated else "",
                "band_label": band_label(result.band)
                if result.evaluated
                else _("Not evaluated yet"),
                "channels": [
                    {
                        "name": channel_label(channel),
                        "band": result.band_for(channel).value if result.evaluated else "",
                        "band_label": band_label(result.band_for(channel))
                        if result.evaluated
                        else _("Not evaluated yet"),
                    }
                    for channel in channels
                ],
                "blocking": [_question(results, f.question_key) for f in blocking],
                "follow_ups": len(result.follow_ups),
                "first_year": money(first_year),
                "yearly": money(yearly),
                "product": hide_emails(entered.get(PRODUCT, ""), include_names=include_names),
                "note": hide_emails(entered.get(BOARD_NOTE, ""), include_names=include_names),
                "answered_on": date_text(answered_on.get(vendor.pk)),
                "from_vendor": sum(1 for pk, _key in results.from_vendor if pk == vendor.pk),
            }
        )
    return vendors


def vendor_groups(vendors: list[dict]) -> list[dict]:
    """The vendors under their verdict, best first, for the summary's one line each; the verdict
    agrees in number with the vendors it heads (Spanish: "Aún no están listos")."""
    labels = {
        Band.READY.value: lambda n: npgettext("vendors", "Ready", "Ready", n),
        Band.CONDITIONS.value: lambda n: npgettext(
            "vendors", "Ready with conditions", "Ready with conditions", n
        ),
        Band.NOT_READY.value: lambda n: npgettext("vendors", "Not yet ready", "Not yet ready", n),
        "": lambda n: npgettext("vendors", "Not evaluated yet", "Not evaluated yet", n),
    }
    groups = []
    for band, label in labels.items():
        members = [vendor for vendor in vendors if vendor["band"] == band]
        if members:
            groups.append({"band": band, "label": label(len(members)), "vendors": members})
    return groups


def plan_phases(actions: list[dict]) -> list[dict]:
    """The plan in three phases, each action listed once with the findings it answers."""
    titles = phase_titles()
    phases = []
    for key, severities in PHASES:
        own = [action for action in actions if action.get("severity", "") in severities]
        groups = action_groups(own)
        phases.append(
            {
                "key": key,
                "title": titles[key],
                "actions": groups,
                "count": len(groups),
                "done": sum(1 for group in groups if group["done"]),
            }
        )
    return phases


def must_do(before_launch: list[dict]) -> dict:
    """The advice for blocking and high findings not done yet in the plan: the first few for
    page one, and how many more."""
    waiting = [group for group in before_launch if not group["plan"]["done"]]
    return {
        "items": [{"text": group["title"]} for group in waiting[:MUST_DO_SHOWN]],
        "more": max(len(waiting) - MUST_DO_SHOWN, 0),
        "total": len(waiting),
    }


def _plan_line(group: dict, actions: dict[str, list[dict]]) -> dict:
    """What the plan says about a piece of advice: who, by when, how far along."""
    own = [action for key in group["keys"] for action in actions.get(key, [])]
    dues = sorted((a["due_iso"], a["due"]) for a in own if a["due_iso"])
    return {
        "owners": sorted({a["owner"] for a in own if a["owner"]}),
        "due": dues[0][1] if dues else "",
        "statuses": list(dict.fromkeys(a["status_label"] for a in own)),
        "done": bool(own) and all(a["done"] for a in own),
        "in_plan": bool(own),
    }


def advice_in_phases(groups: list[dict], actions: list[dict]) -> dict:
    """The advice split in two: what must happen before launch (blocking and high findings),
    each with what the plan says about it, and the rest."""
    by_finding: dict[str, list[dict]] = {}
    for action in actions:
        if action["finding_key"]:
            by_finding.setdefault(action["finding_key"], []).append(action)
    before = [g for g in groups if g["rank"] <= Severity.HIGH.rank]
    for group in before:
        group["plan"] = _plan_line(group, by_finding)
    return {"before_launch": before, "other": [g for g in groups if g["rank"] > Severity.HIGH.rank]}


def guide_address(guide) -> str:
    """A guide's full address on this site, or blank when TOOLKIT_SITE_URL is not set."""
    site = settings.TOOLKIT_SITE_URL.rstrip("/")
    return f"{site}{guide.get_absolute_url()}" if site and guide else ""


def findings_by_recommendation(results: AssessmentResults, *, include_names: bool) -> list[dict]:
    """Findings under the advice that answers them, "what to do" first, each question once with
    every answer that raised it (the program's, or each vendor's); most severe advice first."""
    sources = [(None, _("Your program"), results.program.findings)] + [
        (vendor, hide_emails(vendor.name, include_names=include_names), result.findings)
        for vendor, result in results.vendors
    ]
    groups: dict[tuple, dict] = {}
    for vendor, who, findings in sources:
        for finding in findings:
            if finding.severity is Severity.FOLLOW_UP:
                continue
            rec = results.recommendation_for(finding)
            key = ("rec", rec.pk) if rec else ("question", finding.question_key)
            if key not in groups:
                guide = rec.guide if rec and rec.guide and rec.guide.published else None
                groups[key] = {
                    "title": rec.title if rec else _question(results, finding.question_key),
                    "text": rec.text if rec else "",  # Markdown, sanitized when rendered
                    "guide": guide.title if guide else "",
                    "guide_url": guide_address(guide),
                    "findings": {},
                    "keys": [],
                    "severities": [],
                }
            group = groups[key]
            group["keys"].append(finding_key(finding.question_key, vendor.pk if vendor else None))
            group["severities"].append(finding.severity)
            item = group["findings"].setdefault(
                finding.question_key,
                {
                    "question": _question(results, finding.question_key),
                    "critical": results.questions[finding.question_key].critical,
                    "severities": [],
                    "answers": [],
                },
            )
            item["severities"].append(finding.severity)
            item["answers"].append({"who": who, "answer": results.answer_text(finding, vendor)})
    # Plain values only (the snapshot is JSON): each group and finding at its most severe.
    for entry in [*groups.values(), *(i for g in groups.values() for i in g["findings"].values())]:
        worst = min(entry.pop("severities"), key=lambda severity: severity.rank)
        entry["rank"], entry["severity_label"] = worst.rank, severity_label(worst)
    ordered = sorted(groups.values(), key=lambda g: (g["rank"], -len(g["findings"])))
    for group in ordered:
        group["findings"] = sorted(group["findings"].values(), key=lambda item: item["rank"])
    return ordered


def reassess_by(assessment) -> dict:
    if assessment.status != AssessmentStatus.FINALISED or not assessment.reassess_by:
        return {"text": "", "iso": ""}
    return {"text": date_text(assessment.reassess_by), "iso": assessment.reassess_by.isoformat()}
