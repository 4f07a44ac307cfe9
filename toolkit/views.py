from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .translation_status import translation_status


@require_GET
def home(request):
    """The front page: what the toolkit is for, and where the person's work is."""
    return render(request, "home.html")


@staff_member_required
@require_GET
def translation_status_view(request):
    """Every content text whose English or Spanish is missing or older than the other language."""
    return render(
        request,
        "toolkit/translation_status.html",
        {
            **admin.site.each_context(request),
            "title": _("Translation status"),
            "status": translation_status(),
        },
    )
