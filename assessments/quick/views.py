"""The quick check's pages: start it, answer it (one page), read its plan, grow it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import organisation_required
from assessments.answering import lifecycle
from assessments.answering.answers import answers_save
from assessments.answering.forms import AssessmentForm, SectionForm
from assessments.answering.progress import Progress
from assessments.answering.section_views import form_after_save, report_saved
from assessments.answering.views import NOT_SAVED, assessment_and_content_version, assessment_for
from assessments.answering.worksheet_cache import worksheets_in
from assessments.models import Answer, Assessment, AssessmentKind
from assessments.scoring.quick import quick_check
from toolkit.db import TRANSIENT_ERRORS, retry_once

from .growth import quick_grow
from .plan import quick_plan


class QuickStartForm(AssessmentForm):
    class Meta(AssessmentForm.Meta):
        fields = ["name"]
        labels = {"name": gettext_lazy("Name of this quick check")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].help_text = _("Choose the channels you must start now.")


def quick_for(request, membership, pk) -> Assessment:
    """The organisation's quick check `pk` (404 for anything else)."""
    assessment = assessment_for(request, membership, pk)
    if assessment.kind != AssessmentKind.QUICK:
        raise Http404
    return assessment


@organisation_required
@require_http_methods(["GET", "POST"])
def start(request, *, membership):
    form = QuickStartForm(request.POST or None, initial={"name": _("Quick check")})
    if request.method == "POST" and form.is_valid():
        assessment = lifecycle.assessment_start(
            organisation=membership.organisation,
            name=form.cleaned_data["name"],
            channels=form.cleaned_data["channels"],
            report_language=request.LANGUAGE_CODE,
            by=request.user,
            kind=AssessmentKind.QUICK,
        )
        return redirect("assessments:quick", pk=assessment.pk)
    status = 400 if form.errors else 200
    return render(request, "assessments/quick/start.html", {"form": form}, status=status)


def quick_entries(assessment, version) -> list[tuple]:
    """(question, worksheet key, section key) for each quick question the channels ask."""
    return [
        (question, content.worksheet.key, section.key)
        for content in worksheets_in(version, per_vendor=False)
        for section in content.sections
        for question in content.questions.get(section.pk, ())
        if question.quick and question.applies_to(assessment.channels)
    ]


@organisation_required
@require_http_methods(["GET", "POST"])
def answer(request, pk, *, membership):
    assessment, version = assessment_and_content_version(request, membership, pk)
    if assessment.kind != AssessmentKind.QUICK:
        raise Http404
    entries = quick_entries(assessment, version)
    questions = [question for question, *_where in entries]
    stored = _stored(assessment, questions)
    form = SectionForm(
        request.POST or None, questions=questions, answers=stored, content_version=version
    )
    conflicts = {}
    if request.method == "POST" and form.is_valid():
        try:
            outcome = retry_once(
                lambda: answers_save(
                    assessment=assessment,
                    vendor=None,
                    inputs=form.answer_inputs(),
                    by=request.user,
                    content_version=version,
                )
            )
        except TRANSIENT_ERRORS:
            form.add_error(None, NOT_SAVED)
            return _render(request, assessment, form, entries, {}, status=503)
        Assessment.objects.filter(pk=assessment.pk).update(
            reassess_by=quick_check(assessment=assessment).reassess_by
        )
        if not outcome.conflicts and not outcome.stale and not form.warnings:
            report_saved(request, outcome)
            target = "assessments:quick_plan" if "continue" in request.POST else "assessments:quick"
            return redirect(target, pk=assessment.pk)
        stored, conflicts = _stored(assessment, questions), outcome.conflicts
        form = form_after_save(
            request, questions=questions, answers=stored, version=version, outcome=outcome
        )
    return _render(
        request, assessment, form, entries, conflicts, status=400 if form.errors else 200
    )


def _stored(assessment, questions) -> dict:
    return {
        a.question_id: a
        for a in Answer.objects.filter(
            assessment=assessment, vendor=None, question__in=questions
        ).select_related("updated_by")
    }


def _render(request, assessment, form, entries, conflicts, status=200):
    rows = form.rows(conflicts)
    for row, (_question, worksheet_key, section_key) in zip(rows, entries, strict=True):
        row.worksheet_key, row.section_key = worksheet_key, section_key
    answered = sum(1 for row in rows if row.answer and row.answer.is_answered)
    context = {
        "assessment": assessment,
        "form": form,
        "rows": rows,
        "progress": Progress(answered, len(rows)),
    }
    return render(request, "assessments/quick/answer.html", context, status=status)


@organisation_required
@require_GET
def plan(request, pk, *, membership):
    assessment = quick_for(request, membership, pk)
    grown = assessment.grown_into.order_by("-created_at").first()
    context = {"assessment": assessment, "plan": quick_plan(assessment=assessment), "grown": grown}
    return render(request, "assessments/quick/plan.html", context)


@organisation_required
@require_POST
def grow(request, pk, *, membership):
    full, started = quick_grow(quick=quick_for(request, membership, pk), by=request.user)
    if started:
        messages.success(
            request,
            _("The full assessment has started with every answer of the quick check in place."),
        )
    return redirect("assessments:detail", pk=full.pk)
