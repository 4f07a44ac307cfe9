"""Re-assessing a finalized assessment, and comparing two assessments of the organization."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import director_required, organisation_required
from assessments.answering.reassessment import NotFinalised, assessment_compare, assessment_reassess
from assessments.answering.views import assessment_for
from assessments.models import Assessment
from toolkit.db import retry_once


@director_required
@require_POST
def reassess(request, pk, *, membership):
    """Start a new draft from a finalized assessment, with everything carried over to check."""
    assessment = assessment_for(request, membership, pk)
    try:
        new = retry_once(lambda: assessment_reassess(assessment=assessment, by=request.user))
    except NotFinalised:
        messages.error(request, _("Only a finalized assessment can be re-assessed."))
        return redirect("assessments:detail", pk=assessment.pk)
    messages.success(
        request,
        _(
            "Re-assessment started. Every answer, vendor and open action was carried over: "
            "check each answer and save it."
        ),
    )
    return redirect("assessments:detail", pk=new.pk)


@organisation_required
@require_GET
def compare(request, pk, *, membership):
    """Two assessments of the organization: scores, bands, findings and answers that changed."""
    assessment = assessment_for(request, membership, pk)
    other_pk = request.GET.get("with") or assessment.started_from_id
    comparison = other = None
    if other_pk:
        if not (str(other_pk).isascii() and str(other_pk).isdigit()):
            other_pk = 0
        other = get_object_or_404(
            Assessment.objects.for_membership(membership).exclude(pk=assessment.pk), pk=other_pk
        )
        earlier, later = sorted([other, assessment], key=lambda a: (a.created_at, a.pk))
        comparison = assessment_compare(earlier=earlier, later=later)
    others = Assessment.objects.for_membership(membership).exclude(pk=assessment.pk)
    return render(
        request,
        "assessments/compare.html",
        {
            "assessment": assessment,
            "other": other,
            "others": others.order_by("-created_at"),
            "comparison": comparison,
        },
    )
