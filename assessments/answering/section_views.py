"""Worksheet section pages and autosave: where people answer, and where answers are saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import organisation_required
from assessments.answering.answers import AssessmentLocked, answers_save, base_token
from assessments.answering.forms import SectionForm, stored_form_data
from assessments.answering.progress import Progress
from assessments.answering.sections import load_question, load_section_page
from assessments.answering.views import (
    LOCKED,
    NOT_SAVED,
    assessment_and_content_version,
    assessment_for_answering,
)
from assessments.models import AssessmentStatus
from assessments.vendor_link.review import vendor_said
from toolkit.db import TRANSIENT_ERRORS, retry_once


@organisation_required
@require_http_methods(["GET", "POST"])
def section(request, pk, worksheet_key, section_key, vendor_pk=None, *, membership):
    assessment, version = assessment_and_content_version(request, membership, pk)
    page = load_section_page(
        assessment=assessment,
        version=version,
        worksheet_key=worksheet_key,
        section_key=section_key,
        vendor_pk=vendor_pk,
    )
    form = SectionForm(
        request.POST or None,
        questions=page.questions,
        answers=page.answers,
        content_version=version,
    )
    conflicts = {}
    if request.method == "POST" and page.assessment.status == AssessmentStatus.FINALISED:
        return _refuse_locked(request, page, form)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = retry_once(
                lambda: answers_save(
                    assessment=page.assessment,
                    vendor=page.vendor,
                    inputs=form.answer_inputs(),
                    by=request.user,
                    content_version=version,
                )
            )
        except TRANSIENT_ERRORS:
            form.add_error(None, NOT_SAVED)  # the page comes back with everything the person typed
            return render(
                request, "assessments/section.html", _section_context(page, form, {}), status=503
            )
        except AssessmentLocked:
            return _refuse_locked(request, page, form)
        if not outcome.conflicts and not form.warnings:
            report_saved(request, outcome)
            return redirect(_after_save_url(request, page))
        page.load_answers()  # what is stored now, for the form and each section's progress
        conflicts = outcome.conflicts
        form = form_after_save(
            request,
            questions=page.questions,
            answers=page.answers,
            version=version,
            outcome=outcome,
        )
    return render(
        request,
        "assessments/section.html",
        _section_context(page, form, conflicts),
        status=400 if form.errors else 200,
    )


def _section_context(page, form, conflicts) -> dict:
    by_section = page.progress_by_section()
    answered = _("%(answered)s of %(total)s answered")  # translated once for the whole list
    rows = form.rows(conflicts, page.guides)
    if page.vendor is not None:  # what the vendor itself said, beside each answer
        said = vendor_said(page.vendor)
        for row in rows:
            row.vendor_said = said.get(row.question.pk)
    return {
        "page": page,
        "form": form,
        "rows": rows,
        "progress": sum(by_section.values(), Progress(0, 0)),
        "sections": [
            (
                s,
                section_url(page, s),
                answered % {"answered": by_section[s.pk].answered, "total": by_section[s.pk].total},
            )
            for s in page.sections
        ],
    }


def time_text(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _refuse_locked(request, page, form):
    """Finalised while the person was working: nothing saved, their input stays on the page."""
    page.assessment.refresh_from_db(fields=["status"])
    messages.error(request, LOCKED)
    form.is_valid()  # shows the person's input as they typed it
    return render(request, "assessments/section.html", _section_context(page, form, {}), status=409)


def report_saved(request, outcome) -> None:
    messages.success(request, _("Saved at %(time)s.") % {"time": time_text(timezone.now())})
    if outcome.stale:
        messages.info(
            request,
            ngettext(
                "Someone else changed %(count)d answer on this page while you were working. The page "
                "now shows their answer; change it if you need to.",
                "Someone else changed %(count)d answers on this page while you were working. The page "
                "now shows their answers; change them if you need to.",
                len(outcome.stale),
            )
            % {"count": len(outcome.stale)},
        )


def section_url(page, section) -> str:
    if page.vendor:
        return reverse(
            "assessments:vendor_section",
            args=[page.assessment.pk, page.vendor.pk, page.worksheet.key, section.key],
        )
    return reverse(
        "assessments:section", args=[page.assessment.pk, page.worksheet.key, section.key]
    )


def _after_save_url(request, page) -> str:
    if "continue" in request.POST:
        if page.next_section:
            return section_url(page, page.next_section)
        return reverse("assessments:detail", args=[page.assessment.pk])
    return section_url(page, page.section)


def form_after_save(
    request, *, questions, answers, version, outcome, form_class=SectionForm
) -> SectionForm:
    """The person's input again, now based on what is stored (so a second save is a deliberate choice).

    `answers`: {question id: the stored answer}, read after the save. Answers only someone else
    changed show the stored value: keeping the person's out-of-date value under a fresh base
    would let their next save undo an answer they never saw.
    """
    data = request.POST.copy()
    for question in questions:
        answer = answers.get(question.pk)
        data[f"b-{question.key}"] = base_token(answer)
        if question.key in outcome.stale:
            for name, values in stored_form_data(question, answer).items():
                data.setlist(name, values)
    data["content_version"] = str(version.number)
    if outcome.conflicts:
        messages.warning(
            request,
            _(
                "Someone else changed some of these answers while you were working. "
                "Your other answers were saved. Choose below which answer to keep."
            ),
        )
    else:
        report_saved(request, outcome)
    form = form_class(data, questions=questions, answers=answers, content_version=version)
    form.is_valid()
    return form


@login_required
@require_POST
def autosave(request, pk):
    """Save one question's answer (JavaScript enhancement); answers in JSON."""
    assessment, version = assessment_for_answering(request, pk)
    target = load_question(
        assessment=assessment,
        version=version,
        worksheet_key=request.POST.get("worksheet", ""),
        section_key=request.POST.get("section", ""),
        question_key=request.POST.get("question", ""),
        vendor_pk=request.POST.get("vendor") or None,
    )
    if target is None or assessment.status == AssessmentStatus.FINALISED:
        return JsonResponse(
            {"status": "invalid", "errors": [_("This answer cannot be saved here.")]}, status=400
        )
    form = SectionForm(
        request.POST, questions=[target.question], answers={}, content_version=version
    )
    if not form.is_valid():
        return JsonResponse(
            {"status": "invalid", "errors": [e for errors in form.errors.values() for e in errors]},
            status=400,
        )
    try:
        outcome = retry_once(
            lambda: answers_save(
                assessment=assessment,
                vendor=target.vendor,
                inputs=form.answer_inputs(),
                by=request.user,
                content_version=version,
            )
        )
    except TRANSIENT_ERRORS:
        return JsonResponse({"status": "retry", "message": _("Not saved - retrying")}, status=503)
    except AssessmentLocked:
        return JsonResponse({"status": "invalid", "errors": [str(LOCKED)]}, status=409)
    return JsonResponse(autosave_reply(outcome, target.question, form))


def autosave_reply(outcome, question, form) -> dict:
    """ "saved" only when what is stored is what the person sent; otherwise the conflict flow."""
    key = question.key
    if key in outcome.conflicts or key in outcome.stale:
        other = outcome.conflicts.get(key) or outcome.stale.get(key)
        return {
            "status": "conflict",
            "base": base_token(other),
            "message": _(
                "Someone else changed this answer. Reload the page to see it, or save "
                "again to keep yours."
            ),
        }
    stored = outcome.saved[0] if outcome.saved else outcome.unchanged.get(key)
    return {
        "status": "saved",
        "base": base_token(stored),
        "warnings": form.warnings.get(key, []),
        "message": _("Saved at %(time)s") % {"time": time_text(timezone.now())},
    }
