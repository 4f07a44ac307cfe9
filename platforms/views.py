from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import export
from .chart import (
    COMPARE_MAX,
    COMPARE_MIN,
    MUST_HAVES,
    chart_queryset,
    comparison_for,
    fact_cells,
    filter_platforms,
    read_filters,
)
from .markup import render_markdown
from .models import Channel, Criterion, Guide, GuideTopic, Platform


@require_GET
def chart(request):
    """The public chart, narrowed by ?channel= and ?must= (unknown values ignored, with a note)."""
    filters = read_filters(request.GET)
    platforms = list(filter_platforms(chart_queryset(), filters))
    return render(
        request,
        "platforms/chart.html",
        {
            "nav_section": "platforms",
            "filters": filters,
            "criteria": list(Criterion),
            "channels": Channel.choices,
            "must_haves": MUST_HAVES.items(),
            "rows": [(platform, fact_cells(platform)) for platform in platforms],
            "total": Platform.objects.count(),
            "review_months": settings.TOOLKIT_PLATFORM_REVIEW_MONTHS,
        },
    )


@require_GET
def platform(request, slug):
    platform = get_object_or_404(chart_queryset(), slug=slug)
    return render(
        request,
        "platforms/platform.html",
        {
            "nav_section": "platforms",
            "platform": platform,
            "cells": fact_cells(platform),
            "review_months": settings.TOOLKIT_PLATFORM_REVIEW_MONTHS,
        },
    )


@require_GET
def compare(request):
    """Two to four platforms side by side (?p=slug&p=slug); anything else explains itself."""
    comparison = comparison_for(request.GET.getlist("p"))
    return render(
        request,
        "platforms/compare.html",
        {
            "nav_section": "platforms",
            "comparison": comparison,
            "all_platforms": chart_queryset(),
            "chosen": {platform.slug for platform in comparison.platforms}
            or set(request.GET.getlist("p")),
            "compare_min": COMPARE_MIN,
            "compare_max": COMPARE_MAX,
            "review_months": settings.TOOLKIT_PLATFORM_REVIEW_MONTHS,
        },
    )


@require_GET
def export_csv(request):
    response = HttpResponse(export.chart_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="platforms.csv"'
    return response


@require_GET
def export_json(request):
    response = JsonResponse(
        export.chart_data(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="platforms.json"'
    return response


@require_GET
def guides(request):
    """Published guides, grouped by topic in the order of their first guide."""
    groups: dict[str, list[Guide]] = {}
    for guide in Guide.objects.published():
        groups.setdefault(guide.topic, []).append(guide)
    return render(
        request,
        "platforms/guides.html",
        {
            "nav_section": "guides",
            "groups": [(GuideTopic(topic).label, items) for topic, items in groups.items()],
        },
    )


def _render_guide(request, guide, *, preview=False):
    return render(
        request,
        "platforms/guide.html",
        {
            "nav_section": "guides",
            "guide": guide,
            "body": render_markdown(guide.body),
            "preview": preview,
        },
    )


@require_GET
def guide(request, slug):
    return _render_guide(request, get_object_or_404(Guide.objects.published(), slug=slug))


@staff_member_required
@require_GET
def guide_preview(request, slug):
    """The guide exactly as the public will see it, in the URL's language, published or not."""
    return _render_guide(request, get_object_or_404(Guide, slug=slug), preview=True)
