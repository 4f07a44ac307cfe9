"""The program's side: ask a vendor to answer, withdraw the link, review what came back."""

from smtplib import SMTPException

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import organisation_required
from accounts.mail_limits import mail_allowed
from assessments.answering.answers import AssessmentLocked
from assessments.answering.content import current_content_version
from assessments.answering.views import LOCKED, assessment_for
from assessments.models import AssessmentStatus, VendorRequest

from .forms import AskForm, ReviewForm
from .links import vendor_request_send, vendor_request_withdraw
from .review import review_rows, submitted_link, vendor_answers_review


def _vendor(request, membership, pk, vendor_pk):
    assessment = assessment_for(request, membership, pk)
    return assessment, get_object_or_404(assessment.vendors, pk=vendor_pk)


def _link_url(request):
    def url(token, language):
        with translation.override(language):
            return request.build_absolute_uri(reverse("assessments:vendor_link_open", args=[token]))

    return url


@organisation_required
@require_http_methods(["GET", "POST"])
def ask(request, pk, vendor_pk, *, membership):
    assessment, vendor = _vendor(request, membership, pk, vendor_pk)
    form = AskForm(request.POST or None)
    context = {"assessment": assessment, "vendor": vendor, "form": form}
    if assessment.status != AssessmentStatus.DRAFT:
        messages.error(request, LOCKED)
        return redirect("assessments:detail", assessment.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not mail_allowed(kind="vendor-request", email=data["email"], request=request):
            form.add_error(
                "email", _("Too many e-mails went to this address lately. Try again in an hour.")
            )
            return render(request, "assessments/vendor_ask.html", context, status=429)
        try:
            link = vendor_request_send(
                vendor=vendor, by=request.user, link_url=_link_url(request), **data
            )
        except AssessmentLocked:
            messages.error(request, LOCKED)
            return redirect("assessments:detail", assessment.pk)
        except (SMTPException, OSError):
            form.add_error(
                None, _("The e-mail could not be sent, so no link was made. Try again later.")
            )
            return render(request, "assessments/vendor_ask.html", context, status=503)
        messages.success(
            request,
            _("The link went to %(email)s. It works until %(date)s.")
            % {"email": link.email, "date": formats.date_format(link.expires_at, "DATE_FORMAT")},
        )
        return redirect(
            reverse("assessments:detail", args=[assessment.pk]) + f"#vendor-{vendor.pk}"
        )
    return render(
        request, "assessments/vendor_ask.html", context, status=400 if form.errors else 200
    )


@organisation_required
@require_POST
def withdraw(request, pk, request_pk, *, membership):
    assessment = assessment_for(request, membership, pk)
    link = get_object_or_404(VendorRequest, pk=request_pk, vendor__assessment=assessment)
    if vendor_request_withdraw(link=link, by=request.user):
        messages.success(request, _("The link was withdrawn: it no longer opens the worksheet."))
    else:
        messages.info(request, _("This link was already closed."))
    return redirect(
        reverse("assessments:detail", args=[assessment.pk]) + f"#vendor-{link.vendor_id}"
    )


@organisation_required
@require_http_methods(["GET", "POST"])
def review(request, pk, vendor_pk, *, membership):
    assessment, vendor = _vendor(request, membership, pk, vendor_pk)
    link = submitted_link(vendor)
    if link is None:
        messages.info(request, _("This vendor has not submitted answers yet."))
        return redirect("assessments:detail", assessment.pk)
    rows = review_rows(link=link, assessment=assessment, version=current_content_version())
    form = ReviewForm(request.POST or None, rows=rows)
    context = {"assessment": assessment, "vendor": vendor, "link": link, "form": form}
    if request.method == "POST" and assessment.status != AssessmentStatus.DRAFT:
        messages.error(request, LOCKED)
        form.is_valid()
        return render(request, "assessments/vendor_review.html", context, status=409)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = vendor_answers_review(
                assessment=assessment, link=link, decisions=form.decisions(), by=request.user
            )
        except AssessmentLocked:
            messages.error(request, LOCKED)
            return render(request, "assessments/vendor_review.html", context, status=409)
        _report_review(request, outcome)
        return redirect("assessments:vendor_review", assessment.pk, vendor.pk)
    return render(
        request, "assessments/vendor_review.html", context, status=400 if form.errors else 200
    )


def _report_review(request, outcome) -> None:
    messages.success(
        request,
        _("Review saved: %(accepted)s accepted, %(kept)s kept as yours.")
        % {"accepted": len(outcome.accepted), "kept": len(outcome.kept)},
    )
    if outcome.conflicts:
        messages.warning(
            request,
            ngettext(
                "Someone changed %(count)d of your answers while you reviewed, so the vendor's "
                "answer was not accepted there. Look at it again below.",
                "Someone changed %(count)d of your answers while you reviewed, so the vendor's "
                "answers were not accepted there. Look at them again below.",
                len(outcome.conflicts),
            )
            % {"count": len(outcome.conflicts)},
        )
