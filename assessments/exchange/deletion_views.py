"""Deleting an assessment: a confirmation page that names it, then the deletion (directors only)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import director_required
from assessments.answering.views import assessment_for
from assessments.exchange.deletion import assessment_delete
from toolkit.db import retry_once


@director_required
@require_http_methods(["GET", "POST"])
def delete(request, pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    if request.method == "POST":
        retry_once(lambda: assessment_delete(assessment=assessment, by=request.user))
        # The message names nothing: deleted content should not linger in a session.
        messages.success(request, _("The assessment and its reports were deleted."))
        return redirect("assessments:list")
    return render(request, "assessments/delete.html", {"assessment": assessment})
