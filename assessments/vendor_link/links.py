"""Private links for vendors: made, sent, withdrawn, replaced and found again.

A link is a key: 256 bits from `secrets`, shown once (in the e-mail) and stored only as its
SHA-256 hash, found by that hash and compared in constant time. Each vendor has at most one open
link (a database constraint): sending a new one replaces the old in the same transaction. Every
request, withdrawal, submission and review is written to the change history (the admin's
LogEntry list), under the person who did it, or the history account for the vendor's own steps.
"""

import hashlib
import hmac
import re
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessments.answering.answers import AssessmentLocked
from assessments.exchange.deletion import history_note
from assessments.models import (
    Assessment,
    AssessmentStatus,
    VendorAnswer,
    VendorEvaluation,
    VendorRequest,
    VendorRequestStatus,
    VendorReview,
)

TOKEN_BYTES = 32  # 256 bits
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) gives


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_for_token(token: str) -> VendorRequest | None:
    """The request a link's token opens, whatever its state, or None."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    digest = token_hash(token)
    found = (
        VendorRequest.objects.select_related("vendor__assessment__organisation")
        .filter(token_hash=digest)
        .first()
    )
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    return found


def answer_by(days: int) -> datetime:
    """The end of the day `days` days from today, in the site's time zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def history_record(*, link: VendorRequest, by, message: str, flag: int = CHANGE) -> None:
    """A change-history entry about this request (`by` None: the vendor, through its link)."""
    history_note(obj=link, by=by, message=message, flag=flag)


def _lock_draft(vendor: VendorEvaluation) -> None:
    """Lock the vendor's assessment for this transaction; refuse if it is finalized."""
    assessment = Assessment.objects.select_for_update().only("status").get(pk=vendor.assessment_id)
    if assessment.status != AssessmentStatus.DRAFT:
        raise AssessmentLocked


@transaction.atomic
def vendor_request_send(
    *, vendor: VendorEvaluation, email: str, language: str, message: str, days: int, by, link_url
) -> VendorRequest:
    """Open a new link for this vendor, replacing any open one, and e-mail it to `email`.

    `link_url(token, language)` gives the address the e-mail shows. The mail is sent inside the
    transaction: if it cannot be sent, nothing is kept and the earlier link still works.
    """
    _lock_draft(vendor)
    now = timezone.now()
    replaced = list(vendor.requests.filter(status=VendorRequestStatus.OPEN))
    vendor.requests.filter(status=VendorRequestStatus.OPEN).update(
        status=VendorRequestStatus.REPLACED, closed_at=now
    )
    for old in replaced:
        history_record(link=old, by=by, message="Replaced by a new link")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = VendorRequest.objects.create(
        vendor=vendor,
        email=email,
        language=language,
        message=message,
        token_hash=token_hash(token),
        expires_at=answer_by(days),
        created_by=by,
    )
    history_record(
        link=link,
        by=by,
        flag=ADDITION,
        message=f"Sent to the vendor ({language}), to answer by {link.expires_at:%Y-%m-%d}",
    )
    _send(link=link, url=link_url(token, language), by=by)
    return link


def _send(*, link: VendorRequest, url: str, by) -> None:
    assessment = link.vendor.assessment
    context = {
        "organisation": assessment.organisation.name,
        "vendor": link.vendor.name,
        "message": link.message,
        "url": url,
        "expires_at": link.expires_at,
    }
    with translation.override(link.language):
        subject = " ".join(
            render_to_string("assessments/email/vendor_request_subject.txt", context).split()
        )
        body = render_to_string("assessments/email/vendor_request_body.txt", context)
    reply_to = [by.email] if by is not None and by.email else []
    EmailMessage(subject, body, None, [link.email], reply_to=reply_to).send()


def vendor_request_withdraw(*, link: VendorRequest, by) -> bool:
    """Close an open link at once; False when it was no longer open."""
    with transaction.atomic():
        closed = VendorRequest.objects.filter(pk=link.pk, status=VendorRequestStatus.OPEN).update(
            status=VendorRequestStatus.WITHDRAWN, closed_at=timezone.now()
        )
        if closed:
            history_record(link=link, by=by, message="Withdrawn")
    return bool(closed)


def default_days() -> int:
    return min(settings.TOOLKIT_VENDOR_LINK_DAYS, settings.TOOLKIT_VENDOR_LINK_MAX_DAYS)


@dataclass(frozen=True)
class LinkSummary:
    """What the assessment page says of a vendor's link: the newest request and its state, and
    how many of the newest submitted answers still wait for the program's review."""

    link: VendorRequest | None
    state: str | None
    to_review: int
    reviewable: VendorRequest | None  # the newest submitted request


def link_summaries(vendors, *, assessment_finalised: bool) -> dict[int, LinkSummary]:
    """{vendor id: LinkSummary} for these vendors, in two queries."""
    newest: dict[int, VendorRequest] = {}
    submitted: dict[int, VendorRequest] = {}
    for link in VendorRequest.objects.filter(vendor__in=vendors).order_by("-created_at", "-pk"):
        newest.setdefault(link.vendor_id, link)
        if link.status == VendorRequestStatus.SUBMITTED:
            submitted.setdefault(link.vendor_id, link)
    waiting = Counter(
        answer.request_id
        for answer in VendorAnswer.objects.filter(
            request__in=list(submitted.values()), review=VendorReview.PENDING
        )
        if answer.is_answered
    )
    return {
        vendor.pk: LinkSummary(
            newest.get(vendor.pk),
            newest[vendor.pk].state(assessment_finalised=assessment_finalised)
            if vendor.pk in newest
            else None,
            waiting[submitted[vendor.pk].pk] if vendor.pk in submitted else 0,
            submitted.get(vendor.pk),
        )
        for vendor in vendors
    }
