"""Sign-off and the readiness report: finalizing, reading the report, getting its PDF.

Everyone in the organization reads the report; only directors finalize and download the PDF.
The PDF is rendered off the request (see rendering.py and tasks.py).
"""

import hashlib

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import director_required, organisation_required
from assessments.answering.answers import AssessmentLocked
from assessments.answering.forms import NOTE_MAX_LENGTH as SUMMARY_MAX_LENGTH
from assessments.answering.forms import refuse_control_characters
from assessments.answering.pii import personal_information_warnings
from assessments.answering.progress import overall_progress
from assessments.answering.reassessment import default_reassess_by, needs_a_look, reassess_months
from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from toolkit.db import TRANSIENT_ERRORS, retry_once

from .data import report_data
from .models import Paper, ReportFile, ReportStatus
from .rendering import report_status
from .sections import report_display_data
from .signoff import assessment_finalise
from .tasks import report_request


class FinaliseForm(forms.Form):
    include_names = forms.BooleanField(
        label=gettext_lazy(
            "Print my name and e-mail address in the report as the person who finalized it"
        ),
        required=False,
        help_text=gettext_lazy(
            "Leave this unticked to keep every staff name and e-mail address out of the report."
        ),
    )
    reassess_by = forms.DateField(
        label=gettext_lazy("Re-assess by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "When your team should look at its readiness again. Suggested from your answer to "
            "when you will next look at your readiness (12 months from today without one)."
        ),
    )
    summary = forms.CharField(
        label=gettext_lazy("Your summary for page one of the report (optional)"),
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[refuse_control_characters],
        help_text=gettext_lazy(
            "A few sentences for your board, printed as you write them. About your program "
            "only: never names, contact details or stories of survivors."
        ),
    )
    # Set when the summary was shown back with a warning: the same text again is kept as it is.
    summary_checked = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("I have reviewed the answers and want to finalize this assessment"),
        error_messages={
            "required": gettext_lazy("Tick this box to confirm that you want to finalize.")
        },
    )

    def clean(self):
        """Text that looks like personal information is shown back once with a warning; sent
        again unchanged, it is kept (a program's own hotline number is legitimate)."""
        cleaned = super().clean()
        summary = cleaned.get("summary", "")
        warnings = personal_information_warnings(summary)
        seal = hashlib.sha256(summary.encode()).hexdigest()[:16]
        if warnings and cleaned.get("summary_checked") != seal:
            self.data = self.data.copy()
            self.data["summary_checked"] = seal
            self.add_error(
                "summary",
                [
                    *warnings,
                    _(
                        "The report goes to your board. Remove anything about a survivor, or "
                        "finalize again to keep the summary as it is."
                    ),
                ],
            )
        return cleaned


class PaperForm(forms.Form):
    paper = forms.ChoiceField(
        label=gettext_lazy("Paper size"), choices=Paper.choices, initial=Paper.LETTER
    )


def _assessment(membership, pk) -> Assessment:
    return get_object_or_404(
        Assessment.objects.for_membership(membership).select_related("organisation"), pk=pk
    )


@director_required
@require_http_methods(["GET", "POST"])
def finalise(request, pk, *, membership):
    """A confirmation page, then sign-off: the assessment becomes read-only, its report frozen."""
    assessment = _assessment(membership, pk)
    if assessment.kind == AssessmentKind.QUICK:  # never signed off: its verdict is provisional
        return redirect("assessments:quick_plan", pk=assessment.pk)
    if assessment.status == AssessmentStatus.FINALISED:
        return redirect("reports:report", pk=assessment.pk)
    suggested = default_reassess_by(timezone.localdate(), reassess_months(assessment))
    form = FinaliseForm(
        request.POST if request.method == "POST" else None, initial={"reassess_by": suggested}
    )
    if request.method == "POST" and form.is_valid():
        try:
            retry_once(
                lambda: assessment_finalise(
                    assessment=assessment,
                    by=request.user,
                    include_names=form.cleaned_data["include_names"],
                    reassess_by=form.cleaned_data["reassess_by"],
                    summary=form.cleaned_data["summary"],
                )
            )
        except AssessmentLocked:
            pass  # someone finalized it a moment ago: the report page says so
        except TRANSIENT_ERRORS:
            form.add_error(None, _("Not saved, nothing was lost on this page - save again."))
            return _finalise_page(request, assessment, form, status=503)
        messages.success(request, _("Assessment finalized. Its report will no longer change."))
        return redirect("reports:report", pk=assessment.pk)
    return _finalise_page(request, assessment, form, status=400 if form.errors else 200)


def _finalise_page(request, assessment, form, *, status):
    progress = overall_progress([assessment])[assessment.pk]
    return render(
        request,
        "reports/finalise.html",
        {
            "assessment": assessment,
            "form": form,
            "progress": progress,
            "needs_a_look": needs_a_look(assessment),
        },
        status=status,
    )


@organisation_required
@require_GET
def report(request, pk, *, membership):
    """The readiness report on screen: frozen once finalized, live while a draft."""
    assessment = _assessment(membership, pk)
    if assessment.kind == AssessmentKind.QUICK:
        return redirect("assessments:quick_plan", pk=assessment.pk)
    data = (
        assessment.snapshot.data
        if assessment.status == AssessmentStatus.FINALISED
        else report_data(assessment=assessment, include_names=False)
    )
    return render(
        request,
        "reports/report.html",
        {
            "assessment": assessment,
            "data": report_display_data(data),
            "membership": membership,
            "appendices": True,
        },
    )


def _files(assessment) -> dict[str, ReportFile]:
    return {f.paper: f for f in assessment.report_files.all()}


@director_required
@require_http_methods(["GET", "POST"])
def report_pdf(request, pk, *, membership):
    """POST asks for the PDF; GET shows its state, or downloads it once it is ready."""
    assessment = _assessment(membership, pk)
    if assessment.status != AssessmentStatus.FINALISED:
        raise Http404
    if request.method == "POST":
        form = PaperForm(request.POST)
        paper = form.cleaned_data["paper"] if form.is_valid() else Paper.LETTER
        report_request(assessment=assessment, paper=paper, by=request.user)
        return redirect(f"{request.path}?paper={paper}")
    paper = request.GET.get("paper", Paper.LETTER)
    report_file = _files(assessment).get(paper if paper in Paper.values else Paper.LETTER)
    status = report_status(report_file)  # a stalled render shows as failed, to be tried again
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": status})
    if status == ReportStatus.READY and "download" in request.GET:
        return _download(assessment, report_file)
    return render(
        request,
        "reports/report_pdf.html",
        {
            "assessment": assessment,
            "report_file": report_file,
            "status": status,
            "paper": paper,
            "paper_form": PaperForm(initial={"paper": paper}),
        },
    )


def _download(assessment, report_file):
    """The stored file, served through this view so that only directors ever get it."""
    name = f"{slugify(assessment.name) or 'assessment'}-{report_file.paper}.pdf"
    return FileResponse(
        default_storage.open(report_file.file.name, "rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )
