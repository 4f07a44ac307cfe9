"""An assessment's platform matches and its vendors side by side: read-only pages."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.decorators import organisation_required
from assessments.models import Assessment
from assessments.scoring.comparison import matches_page, vendors_side_by_side
from assessments.scoring.matching import platform_matching
from assessments.scoring.results import assessment_results


@organisation_required
@require_GET
def platform_matches(request, pk, *, membership):
    assessment = get_object_or_404(Assessment.objects.for_membership(membership), pk=pk)
    loaded = platform_matching(assessment=assessment)
    return render(
        request,
        "assessments/platform_matches.html",
        {
            "assessment": assessment,
            "page": matches_page(loaded=loaded, assessment_pk=assessment.pk),
            "review_months": settings.TOOLKIT_PLATFORM_REVIEW_MONTHS,
        },
    )


@organisation_required
@require_GET
def vendor_comparison(request, pk, *, membership):
    assessment = get_object_or_404(Assessment.objects.for_membership(membership), pk=pk)
    comparison = vendors_side_by_side(results=assessment_results(assessment=assessment))
    return render(
        request,
        "assessments/vendor_comparison.html",
        {"assessment": assessment, "comparison": comparison},
    )
