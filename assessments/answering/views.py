import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.current import chosen_organisation_id, current_membership
from accounts.decorators import organisation_required
from assessments.answering import lifecycle
from assessments.answering.answers import AssessmentLocked
from assessments.answering.forms import AssessmentForm, VendorForm
from assessments.answering.progress import overall_progress, worksheet_progress
from assessments.answering.reassessment import needs_a_look, reassess_status
from assessments.answering.sections import first_section_key
from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    ContentVersion,
    Worksheet,
)
from assessments.vendor_link.links import link_summaries
from toolkit.db import TRANSIENT_ERRORS, retry_once

LOCKED = gettext_lazy("This assessment is finalized and can no longer be changed.")
NOT_SAVED = gettext_lazy("Not saved, nothing was lost on this page - save again.")
PER_PAGE = 25


def assessment_for(request, membership, pk) -> Assessment:
    """The assessment, if it belongs to the organisation worked in now; 404 otherwise (never 403)."""
    return get_object_or_404(
        Assessment.objects.for_membership(membership).select_related("organisation"), pk=pk
    )


def assessment_and_content_version(request, membership, pk) -> tuple[Assessment, ContentVersion]:
    """`assessment_for` (without its organization), and the current content version.

    Two plain queries: one query with the version as two subqueries of the assessment's took
    twice as long to build and read as both of these together.
    """
    assessment = get_object_or_404(Assessment.objects.for_membership(membership), pk=pk)
    return assessment, newest_content_version()


def assessment_for_answering(request, pk) -> tuple[Assessment, ContentVersion]:
    """`assessment_and_content_version` for a signed-in person's autosave, in one query.

    The same scoping: the assessment must belong to the organization the person works in now.
    That is almost always the one the session remembers (`chosen_organisation_id`); one query
    then reads the assessment only where the person is a member of that organization, together
    with the newest content version. Only when that finds nothing does the usual lookup decide
    (a 404 unless it finds the assessment after all, for a session that remembers an
    organisation the person has since left while they still belong to exactly one other).
    """
    chosen = chosen_organisation_id(request)
    if chosen is not None:
        found = _answering_lookup(pk=pk, organisation_id=chosen, user_id=request.user.pk)
        if found is not None:
            return found
    return assessment_and_content_version(request, current_membership(request), pk)


def _answering_lookup(*, pk, organisation_id, user_id):
    """The assessment `pk` of `organisation_id` if `user_id` is a member there, with the newest
    content version; None otherwise.

    One query, because autosave runs it on every answer: the assessment joined to the person's
    membership, the newest content version's id and number read alongside as subqueries
    (`tests/assessments/test_answering_lookup.py` checks it against the plain two-query lookup
    in every case; bench/pages.py times autosave).
    """
    newest = ContentVersion.objects.order_by("-number")
    assessment = (
        Assessment.objects.filter(
            pk=pk, organisation_id=organisation_id, organisation__memberships__user_id=user_id
        )
        .annotate(
            newest_version_id=Subquery(newest.values("pk")[:1]),
            newest_version_number=Subquery(newest.values("number")[:1]),
        )
        .first()
    )
    if assessment is None:
        return None
    version = None
    if assessment.newest_version_id is not None:
        version = ContentVersion.from_db(
            Assessment.objects.db,
            ["id", "number"],
            (assessment.newest_version_id, assessment.newest_version_number),
        )
    return assessment, version


def newest_content_version() -> ContentVersion:
    """The current content version, with only its id and number loaded (all answering needs)."""
    return ContentVersion.objects.only("id", "number").order_by("-number").first()


def page_number(raw) -> int:
    """The page asked for in the query string, as a whole number; anything else is page 1.

    Below 1 is page 1; past the end is left to the paginator, which shows the last page.
    """
    text = (raw or "").strip()
    if not re.fullmatch(r"[+-]?[0-9]+", text, flags=re.ASCII):
        return 1
    if text.startswith("-"):
        return 1
    digits = text.lstrip("+").lstrip("0")
    if len(digits) > 9:  # past any real list: the paginator turns it into the last page
        return 10**9
    return max(int(digits or "0"), 1)


@organisation_required
@require_GET
def assessment_list(request, *, membership):
    """The organization's assessments, newest change first, a page at a time.

    A fixed number of queries on every page (the count, the page, its vendors, the questions and
    the page's answers); nothing is computed for assessments on other pages.
    """
    everything = membership.organisation.assessments.order_by("-updated_at", "-pk")
    page = Paginator(everything, PER_PAGE).get_page(page_number(request.GET.get("page")))
    assessments = list(page.object_list.prefetch_related("vendors"))
    progress = overall_progress(assessments)
    today = timezone.localdate()
    rows = [(a, progress[a.pk], reassess_status(a, today)) for a in assessments]
    return render(request, "assessments/list.html", {"rows": rows, "page": page})


@organisation_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, *, membership):
    form = AssessmentForm(request.POST or None, initial={"report_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        assessment = lifecycle.assessment_start(
            organisation=membership.organisation,
            name=form.cleaned_data["name"],
            channels=form.cleaned_data["channels"],
            report_language=form.cleaned_data["report_language"],
            by=request.user,
        )
        messages.success(request, _("Assessment started."))
        return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request, "assessments/create.html", {"form": form}, status=400 if form.errors else 200
    )


@organisation_required
@require_GET
def assessment_detail(request, pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    if assessment.kind == AssessmentKind.QUICK:  # its one page of questions is its detail
        return redirect("assessments:quick", pk=assessment.pk)
    return _render_detail(request, assessment, VendorForm(assessment=assessment))


def _render_detail(request, assessment, vendor_form, status=200):
    worksheets = list(Worksheet.objects.all())
    vendors = list(assessment.vendors.all())
    progress = worksheet_progress(assessment, worksheets, vendors)
    summaries = link_summaries(
        vendors, assessment_finalised=assessment.status == AssessmentStatus.FINALISED
    )
    for vendor in vendors:
        vendor.link_summary = summaries[vendor.pk]
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "vendors": vendors,
            "vendor_form": vendor_form,
            "needs_a_look": needs_a_look(assessment),
            "worksheets": [
                (
                    w,
                    first_section_key(assessment=assessment, worksheet=w),
                    [
                        (v, progress[w.pk, v.pk if v else None])
                        for v in (vendors if w.per_vendor else [None])
                    ],
                )
                for w in worksheets
            ],
        },
        status=status,
    )


@organisation_required
@require_POST
def vendor_add(request, pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    form = VendorForm(request.POST, assessment=assessment)
    if not form.is_valid():  # show the page again with the message and what was typed
        return _render_detail(request, assessment, form, status=400)
    try:
        vendor = retry_once(
            lambda: lifecycle.vendor_add(assessment=assessment, name=form.cleaned_data["name"])
        )
    except AssessmentLocked:
        form.add_error(None, LOCKED)
        return _render_detail(request, assessment, form, status=409)
    except TRANSIENT_ERRORS:
        form.add_error(None, NOT_SAVED)
        return _render_detail(request, assessment, form, status=503)
    messages.success(request, _("Vendor added: %(name)s.") % {"name": vendor.name})
    return redirect("assessments:detail", pk=assessment.pk)
