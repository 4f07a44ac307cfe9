"""The vendor's pages: no account, only the link. They show the program's name, the vendor's
questions and the vendor's own answers, and nothing else of the assessment.

The link's address holds the key. Opening it checks the key, remembers in the session that this
browser may open that request, and moves to addresses without the key, so the key does not
linger in the address bar, in later pages' history or in server logs.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.answering.content import current_content_version
from assessments.answering.progress import Progress
from assessments.answering.section_views import autosave_reply, form_after_save, report_saved
from assessments.models import LinkState, VendorRequest
from toolkit.db import TRANSIENT_ERRORS, retry_once

from .forms import VendorSectionForm
from .guard import vendor_page
from .links import link_for_token
from .statements import (
    WRITABLE,
    LinkClosed,
    link_opened,
    link_state,
    vendor_answers,
    vendor_answers_save,
    vendor_answers_submit,
    vendor_sections,
)

SESSION_KEY = "vendor_links"
KEPT_LINKS = 5  # requests one browser may hold open at once (several programs may ask)
VENDOR_IDLE_SECONDS = 4 * 3600


@vendor_page
@require_GET
def open_link(request, token):
    link = link_for_token(token)
    if link is None:
        return render(request, "assessments/vendor/link_closed.html", {"state": None}, status=404)
    state = link_state(link)
    if state not in WRITABLE and state != LinkState.SUBMITTED:
        return _closed(request, link, state)
    link_opened(link)
    request.session.cycle_key()
    kept = [pk for pk in request.session.get(SESSION_KEY, []) if pk != link.pk]
    request.session[SESSION_KEY] = [*kept, link.pk][-KEPT_LINKS:]
    if not request.user.is_authenticated:
        # A vendor may write one long answer for a while without JavaScript, whose autosave
        # would keep the session alive: an idle hour must not lose what it typed. Signed-in
        # people keep the site's shorter idle limit.
        request.session.set_expiry(VENDOR_IDLE_SECONDS)
    if state == LinkState.SUBMITTED:
        return redirect("assessments:vendor_link_done", link.pk)
    return redirect("assessments:vendor_link_overview", link.pk)


def _link(request, link_pk) -> VendorRequest | None:
    """The request this browser opened through its link, or None."""
    if link_pk not in request.session.get(SESSION_KEY, []):
        return None
    return (
        VendorRequest.objects.select_related("vendor__assessment__organisation")
        .filter(pk=link_pk)
        .first()
    )


def _closed(request, link, state):
    context = {"state": state, "link": link, "organisation": link.vendor.assessment.organisation}
    return render(request, "assessments/vendor/link_closed.html", context, status=410)


def _not_opened(request):
    # Not found, for this browser: the same answer whether or not the request exists.
    return render(request, "assessments/vendor/open_again.html", status=404)


def _context(link, sections, answers, **more) -> dict:
    answered = {pk for pk, a in answers.items() if a.is_answered}
    progress = [
        (
            s,
            section_url(link, s),
            Progress(sum(q.pk in answered for q in s.questions), len(s.questions)),
        )
        for s in sections
    ]
    return {
        "link": link,
        "organisation": link.vendor.assessment.organisation,
        "sections": progress,
        "progress": sum((p for _s, _u, p in progress), Progress(0, 0)),
        **more,
    }


@vendor_page
@require_GET
def overview(request, link_pk):
    link = _link(request, link_pk)
    if link is None:
        return _not_opened(request)
    state = link_state(link)
    if state == LinkState.SUBMITTED:
        return redirect("assessments:vendor_link_done", link.pk)
    if state not in WRITABLE:
        return _closed(request, link, state)
    sections = vendor_sections(link.vendor.assessment, current_content_version())
    return render(
        request,
        "assessments/vendor/overview.html",
        _context(link, sections, vendor_answers(link)),
    )


@vendor_page
@require_http_methods(["GET", "POST"])
def section(request, link_pk, worksheet_key, section_key):
    link = _link(request, link_pk)
    if link is None:
        return _not_opened(request)
    version = current_content_version()
    sections = vendor_sections(link.vendor.assessment, version)
    current = next(
        (s for s in sections if (s.worksheet.key, s.key) == (worksheet_key, section_key)), None
    )
    if current is None:
        raise Http404
    state = link_state(link)
    if state == LinkState.SUBMITTED and request.method == "GET":
        return redirect("assessments:vendor_link_done", link.pk)
    if state not in WRITABLE and request.method == "GET":
        return _closed(request, link, state)
    answers = vendor_answers(link)
    form = VendorSectionForm(
        request.POST or None,
        questions=current.questions,
        answers=answers,
        content_version=version,
    )
    page = {"sections": sections, "current": current, "version": version}
    if request.method == "POST":
        return _save_section(request, link, form, page, answers)
    return _render_section(request, link, form, page, answers)


def _render_section(request, link, form, page, answers, conflicts=None, status=200):
    sections, current = page["sections"], page["current"]
    number = sections.index(current) + 1
    context = _context(
        link,
        sections,
        answers,
        form=form,
        rows=form.rows(conflicts or {}),
        current=current,
        number=number,
        next_section=sections[number] if number < len(sections) else None,
        state=link_state(link),
    )
    return render(request, "assessments/vendor/section.html", context, status=status)


def _save_section(request, link, form, page, answers):
    if not form.is_valid():
        return _render_section(request, link, form, page, answers, status=400)
    try:
        outcome = retry_once(lambda: vendor_answers_save(link=link, inputs=form.answer_inputs()))
    except TRANSIENT_ERRORS:
        form.add_error(None, _("Not saved, nothing was lost on this page - save again."))
        return _render_section(request, link, form, page, answers, status=503)
    except LinkClosed:
        link.refresh_from_db()
        messages.error(request, closed_message(link_state(link)))
        return _render_section(request, link, form, page, answers, status=409)
    answers = vendor_answers(link)
    if outcome.conflicts or outcome.stale or form.warnings:
        form = form_after_save(
            request,
            questions=page["current"].questions,
            answers=answers,
            version=page["version"],
            outcome=outcome,
            form_class=VendorSectionForm,
        )
        return _render_section(request, link, form, page, answers, outcome.conflicts)
    report_saved(request, outcome)
    return redirect(_after_save(request, link, page))


def _after_save(request, link, page) -> str:
    sections, current = page["sections"], page["current"]
    if "continue" not in request.POST:
        return request.path
    number = sections.index(current) + 1
    if number < len(sections):
        following = sections[number]
        return section_url(link, following)
    return _url("assessments:vendor_link_submit", link)


def _url(name, link, *args) -> str:
    return reverse(name, args=[link.pk, *args])


def section_url(link, vendor_section) -> str:
    return _url(
        "assessments:vendor_link_section", link, vendor_section.worksheet.key, vendor_section.key
    )


def closed_message(state: str) -> str:
    """Why a link no longer takes answers, said to the vendor."""
    return {
        LinkState.SUBMITTED: _(
            "These answers were already submitted, so they can no longer change."
        ),
        LinkState.EXPIRED: _("The deadline to answer has passed, so nothing more can be saved."),
        LinkState.WITHDRAWN: _("The program withdrew this request, so nothing more can be saved."),
        LinkState.REPLACED: _(
            "The program sent a newer link, so this one no longer saves answers."
        ),
        LinkState.CLOSED: _(
            "The program has finished its assessment, so nothing more can be saved."
        ),
    }.get(state, _("This link no longer saves answers."))


@vendor_page
@require_POST
def autosave(request, link_pk):
    """Save one answer (JavaScript enhancement); answers in JSON."""
    link = _link(request, link_pk)
    if link is None:
        return JsonResponse(
            {"status": "invalid", "errors": [_("Open the link again.")]}, status=404
        )
    version = current_content_version()
    key = (request.POST.get("worksheet", ""), request.POST.get("section", ""))
    current = next(
        (
            s
            for s in vendor_sections(link.vendor.assessment, version)
            if (s.worksheet.key, s.key) == key
        ),
        None,
    )
    question = current and next(
        (q for q in current.questions if q.key == request.POST.get("question", "")), None
    )
    if question is None:
        return JsonResponse(
            {"status": "invalid", "errors": [_("This answer cannot be saved here.")]}, status=400
        )
    form = VendorSectionForm(
        request.POST, questions=[question], answers={}, content_version=version
    )
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        return JsonResponse({"status": "invalid", "errors": errors}, status=400)
    try:
        outcome = retry_once(lambda: vendor_answers_save(link=link, inputs=form.answer_inputs()))
    except TRANSIENT_ERRORS:
        return JsonResponse({"status": "retry", "message": _("Not saved - retrying")}, status=503)
    except LinkClosed:
        link.refresh_from_db()
        return JsonResponse(
            {"status": "invalid", "errors": [closed_message(link_state(link))]}, status=409
        )
    return JsonResponse(autosave_reply(outcome, question, form))


@vendor_page
@require_http_methods(["GET", "POST"])
def submit(request, link_pk):
    """Check the answers, then hand them in."""
    link = _link(request, link_pk)
    if link is None:
        return _not_opened(request)
    state = link_state(link)
    if state == LinkState.SUBMITTED:
        return redirect("assessments:vendor_link_done", link.pk)
    if state not in WRITABLE and request.method == "GET":
        return _closed(request, link, state)
    if request.method == "POST":
        try:
            vendor_answers_submit(link=link)
        except LinkClosed:
            link.refresh_from_db()
            messages.error(request, closed_message(link_state(link)))
            return redirect("assessments:vendor_link_submit", link.pk)
        return redirect("assessments:vendor_link_done", link.pk)
    return _summary(request, link, "assessments/vendor/submit.html")


def _summary(request, link, template):
    sections = vendor_sections(link.vendor.assessment, current_content_version())
    answers = vendor_answers(link)
    listed = [
        (s, section_url(link, s), [(q, answers.get(q.pk)) for q in s.questions]) for s in sections
    ]
    context = _context(link, sections, answers, listed=listed)
    return render(request, template, context)


@vendor_page
@require_GET
def done(request, link_pk):
    link = _link(request, link_pk)
    if link is None:
        return _not_opened(request)
    if link_state(link) != LinkState.SUBMITTED:
        return redirect("assessments:vendor_link_overview", link.pk)
    return _summary(request, link, "assessments/vendor/done.html")
