from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import organisation_required

from . import lifecycle
from .answers import answers_save, base_token
from .content import current_content_version
from .forms import AssessmentForm, SectionForm, VendorForm
from .models import Assessment, AssessmentStatus, Worksheet
from .progress import Progress, overall_progress, section_progress, worksheet_progress
from .sections import first_section_key, load_section_page


def _assessment_for(request, pk) -> Assessment:
    """The assessment, if the person belongs to its organisation; 404 otherwise (never 403)."""
    return get_object_or_404(Assessment.objects.for_user(request.user).select_related("organisation"), pk=pk)


@organisation_required
@require_GET
def assessment_list(request, *, membership):
    assessments = list(membership.organisation.assessments.prefetch_related("vendors"))
    progress = overall_progress(assessments)
    rows = [(a, progress[a.pk]) for a in assessments]
    return render(request, "assessments/list.html", {"rows": rows})


@organisation_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, *, membership):
    form = AssessmentForm(request.POST or None, initial={"report_language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        assessment = lifecycle.assessment_start(
            organisation=membership.organisation, name=form.cleaned_data["name"],
            channels=form.cleaned_data["channels"], report_language=form.cleaned_data["report_language"],
            by=request.user)
        messages.success(request, _("Assessment started."))
        return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "assessments/create.html", {"form": form}, status=400 if form.errors else 200)


@organisation_required
@require_GET
def assessment_detail(request, pk, *, membership):
    assessment = _assessment_for(request, pk)
    return _render_detail(request, assessment, VendorForm(assessment=assessment))


def _render_detail(request, assessment, vendor_form, status=200):
    worksheets = list(Worksheet.objects.all())
    vendors = list(assessment.vendors.all())
    progress = worksheet_progress(assessment, worksheets, vendors)
    return render(request, "assessments/detail.html", {
        "assessment": assessment, "vendors": vendors, "vendor_form": vendor_form,
        "worksheets": [(w, first_section_key(assessment=assessment, worksheet=w),
                        [(v, progress[w.pk, v.pk if v else None]) for v in (vendors if w.per_vendor else [None])])
                       for w in worksheets]}, status=status)


@organisation_required
@require_POST
def vendor_add(request, pk, *, membership):
    assessment = _assessment_for(request, pk)
    form = VendorForm(request.POST, assessment=assessment)
    if not form.is_valid():  # show the page again with the message and what was typed
        return _render_detail(request, assessment, form, status=400)
    vendor = lifecycle.vendor_add(assessment=assessment, name=form.cleaned_data["name"])
    messages.success(request, _("Vendor added: %(name)s.") % {"name": vendor.name})
    return redirect("assessments:detail", pk=assessment.pk)


@organisation_required
@require_http_methods(["GET", "POST"])
def section(request, pk, worksheet_key, section_key, vendor_pk=None, *, membership):
    page = load_section_page(assessment=_assessment_for(request, pk), worksheet_key=worksheet_key,
                             section_key=section_key, vendor_pk=vendor_pk)
    version = current_content_version()
    form = SectionForm(request.POST or None, questions=page.questions, answers=page.answers, content_version=version)
    conflicts = {}
    if request.method == "POST" and _editable(request, page.assessment) and form.is_valid():
        outcome = answers_save(assessment=page.assessment, vendor=page.vendor, inputs=form.answer_inputs(), by=request.user)
        conflicts = outcome.conflicts
        if not conflicts and not form.warnings:
            messages.success(request, _("Saved at %(time)s.") % {"time": _time(timezone.now())})
            return redirect(_after_save_url(request, page))
        form = _form_after_save(request, page, version, conflicts)
    return render(request, "assessments/section.html", _section_context(page, form, conflicts),
                  status=400 if form.errors else 200)


def _section_context(page, form, conflicts) -> dict:
    by_section = section_progress(page.assessment, page.worksheet, page.vendor)
    return {"page": page, "form": form, "rows": form.rows(conflicts), "progress": sum(by_section.values(), Progress(0, 0)),
            "sections": [(s, by_section.get(s.pk)) for s in page.sections]}


def _time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _editable(request, assessment) -> bool:
    if assessment.status == AssessmentStatus.FINALISED:
        messages.error(request, _("This assessment is finalised and can no longer be changed."))
        return False
    return True


def section_url(page, section) -> str:
    if page.vendor:
        return reverse("assessments:vendor_section", args=[page.assessment.pk, page.vendor.pk, section.key])
    return reverse("assessments:section", args=[page.assessment.pk, page.worksheet.key, section.key])


def _after_save_url(request, page) -> str:
    if "continue" in request.POST:
        if page.next_section:
            return section_url(page, page.next_section)
        return reverse("assessments:detail", args=[page.assessment.pk])
    return section_url(page, page.section)


def _form_after_save(request, page, version, conflicts) -> SectionForm:
    """The person's input again, now based on what is stored (so a second save is a deliberate choice)."""
    page.answers = {a.question_id: a for a in page.assessment.answers.filter(
        vendor=page.vendor, question__in=page.questions).select_related("updated_by")}
    data = request.POST.copy()
    for question in page.questions:
        data[f"b-{question.key}"] = base_token(page.answers.get(question.pk))
    data["content_version"] = str(version.number)
    if conflicts:
        messages.warning(request, _("Someone else changed some of these answers while you were working. "
                                    "Your other answers were saved. Choose below which answer to keep."))
    else:
        messages.success(request, _("Saved at %(time)s.") % {"time": _time(timezone.now())})
    form = SectionForm(data, questions=page.questions, answers=page.answers, content_version=version)
    form.is_valid()
    return form


@organisation_required
@require_POST
def autosave(request, pk, *, membership):
    """Save one question's answer (JavaScript enhancement); answers in JSON."""
    assessment = _assessment_for(request, pk)
    vendor_pk = request.POST.get("vendor") or None
    if vendor_pk is not None and not vendor_pk.isdigit():
        raise Http404
    page = load_section_page(assessment=assessment, worksheet_key=request.POST.get("worksheet", ""),
                             section_key=request.POST.get("section", ""), vendor_pk=vendor_pk)
    questions = [q for q in page.questions if q.key == request.POST.get("question")]
    if not questions or assessment.status == AssessmentStatus.FINALISED:
        return JsonResponse({"status": "invalid", "errors": [_("This answer cannot be saved here.")]}, status=400)
    form = SectionForm(request.POST, questions=questions, answers=page.answers, content_version=current_content_version())
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "errors": [e for errors in form.errors.values() for e in errors]}, status=400)
    outcome = answers_save(assessment=assessment, vendor=page.vendor, inputs=form.answer_inputs(), by=request.user)
    return JsonResponse(_autosave_reply(outcome, questions[0], page, form))


def _autosave_reply(outcome, question, page, form) -> dict:
    other = outcome.conflicts.get(question.key)
    if question.key in outcome.conflicts:
        return {"status": "conflict", "base": base_token(other),
                "message": _("Someone else changed this answer. Reload the page to see it, or save "
                             "again to keep yours.")}
    stored = outcome.saved[0] if outcome.saved else page.answers.get(question.pk)
    return {"status": "saved", "base": base_token(stored), "warnings": form.warnings.get(question.key, []),
            "message": _("Saved at %(time)s") % {"time": _time(timezone.now())}}
