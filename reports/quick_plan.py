"""The quick check's one-page temporary-use plan as a tagged PDF, with the report's machinery:
the same fetcher (our static files only), fonts and tagging (pdf_tags.py), on letter or A4."""

import weasyprint
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from accounts.decorators import organisation_required
from assessments.models import Assessment, AssessmentKind
from assessments.quick.plan import quick_plan

from .pdf import BASE_URL, PAPER_SIZES, PDF_VARIANT, StaticOnlyFetcher, static_prefix
from .pdf_tags import tagged_pdf

STYLESHEET = "css/quick-plan.css"


def render_quick_plan_pdf(*, plan: dict, language: str, paper: str = "letter") -> bytes:
    """The plan (`assessments.quick.plan.quick_plan`, built in `language`) as a tagged PDF."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    with translation.override(language):
        html = render_to_string(
            "reports/quick_plan_document.html",
            {
                "plan": plan,
                "language": language,
                "stylesheet": BASE_URL + static_prefix().lstrip("/") + STYLESHEET,
            },
        )
    fetcher = StaticOnlyFetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    size = weasyprint.CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]} !important }}", url_fetcher=fetcher
    )
    return tagged_pdf(document, stylesheets=[size], pdf_variant=PDF_VARIANT)


@organisation_required
@require_GET
def quick_plan_pdf(request, pk, *, membership):
    """The plan in the language of the page, on the paper asked for (letter unless "a4")."""
    assessment = get_object_or_404(
        Assessment.objects.for_membership(membership).select_related("organisation"),
        pk=pk,
        kind=AssessmentKind.QUICK,
    )
    paper = "a4" if request.GET.get("paper") == "a4" else "letter"
    language = translation.get_language()
    pdf = render_quick_plan_pdf(
        plan=quick_plan(assessment=assessment), language=language, paper=paper
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="temporary-use-plan-{paper}.pdf"'
    return response
