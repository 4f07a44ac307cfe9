"""A vendor answering its own worksheet through a private link, and the program's review.

The link's token is shown once, in the e-mail; only its SHA-256 hash is stored. A request is
open until its deadline, its withdrawal, a new link for the same vendor, or its submission;
the vendor's answers are kept apart from the program's (`VendorAnswer`) and become the
program's answers only when someone accepts them (`Answer.from_vendor` marks those).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .assessments import VendorEvaluation
from .worksheets import Question


class VendorRequestStatus(models.TextChoices):
    OPEN = "open", _("Sent")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced by a new link")


class LinkState(models.TextChoices):
    """What a request's link does now, as the program and the vendor see it."""

    SENT = "sent", _("Sent, not opened yet")
    OPENED = "opened", _("Opened by the vendor")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced by a new link")
    CLOSED = "closed", _("Closed: the assessment is finalized")


class VendorRequest(models.Model):
    """One private link sent to a vendor's contact to answer the vendor worksheet."""

    vendor = models.ForeignKey(
        VendorEvaluation,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("vendor"),
    )
    email = models.EmailField(_("vendor contact's e-mail"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    message = models.TextField(_("message to the vendor"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VendorRequestStatus.choices,
        default=VendorRequestStatus.OPEN,
    )
    expires_at = models.DateTimeField(_("answer by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    last_saved_at = models.DateTimeField(_("last saved by the vendor"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("withdrawn or replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to a vendor")
        verbose_name_plural = _("requests to vendors")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor"],
                condition=Q(status=VendorRequestStatus.OPEN),
                name="one_open_request_per_vendor",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VendorRequestStatus.values),
                name="vendor_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=VendorRequestStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="vendor_request_submitted_has_a_date",
            ),
        ]

    def __str__(self):
        return str(_("Request to %(vendor)s") % {"vendor": self.vendor})

    def state(self, *, assessment_finalised: bool = False, now=None) -> str:
        """The link's state now (a LinkState value)."""
        if self.status != VendorRequestStatus.OPEN:
            return {
                VendorRequestStatus.SUBMITTED: LinkState.SUBMITTED,
                VendorRequestStatus.WITHDRAWN: LinkState.WITHDRAWN,
                VendorRequestStatus.REPLACED: LinkState.REPLACED,
            }[self.status]
        if assessment_finalised:
            return LinkState.CLOSED
        if self.expires_at <= (now or timezone.now()):
            return LinkState.EXPIRED
        return LinkState.OPENED if self.opened_at else LinkState.SENT


class VendorReview(models.TextChoices):
    PENDING = "pending", _("Not reviewed yet")
    ACCEPTED = "accepted", _("Accepted as the program's answer")
    KEPT_OWN = "kept_own", _("The program kept its own answer")


class VendorAnswer(models.Model):
    """One answer the vendor gave through its link, kept as the vendor's written statement."""

    request = models.ForeignKey(
        VendorRequest, on_delete=models.CASCADE, related_name="answers", verbose_name=_("request")
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    selected = models.JSONField(default=list, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    question_revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    review = models.CharField(
        _("review"), max_length=20, choices=VendorReview.choices, default=VendorReview.PENDING
    )
    review_note = models.TextField(_("why the program kept its own answer"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    # Read by the worksheet's question rows, which also show the program's answers.
    carried_over = False

    class Meta:
        verbose_name = _("vendor's answer")
        verbose_name_plural = _("vendor's answers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "question"], name="vendor_answer_unique_per_question"
            ),
            models.CheckConstraint(
                condition=Q(review__in=VendorReview.values), name="vendor_answer_review_valid"
            ),
        ]

    def __str__(self):
        return f"{self.request} / {self.question.key}"

    @property
    def is_answered(self) -> bool:
        return bool(self.selected) or self.number is not None or bool(self.text.strip())
