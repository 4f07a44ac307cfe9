"""Assessments: one program's answers to the worksheets, shared by its members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .worksheets import Channel, ContentVersion, Question


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    FINALISED = "finalised", _("Finalized")


class AssessmentKind(models.TextChoices):
    FULL = "full", _("Full assessment")
    QUICK = "quick", _("Quick check")


class AssessmentQuerySet(models.QuerySet):
    def for_membership(self, membership):
        """Assessments of the organisation a person is working in now (none without one)."""
        if membership is None:
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


class Assessment(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    consider_text = models.BooleanField(_("text messaging"), default=False)
    consider_chat = models.BooleanField(_("web chat"), default=False)
    consider_video = models.BooleanField(_("video"), default=False)
    report_language = models.CharField(
        _("language of the report"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    content_version = models.ForeignKey(
        ContentVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("content version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reassessments",
        verbose_name=_("re-assessment of"),
    )
    reassess_by = models.DateField(_("re-assess by"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.FULL
    )
    # The quick check this full assessment grew from (its answers were copied in).
    grown_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grown_into",
        verbose_name=_("grown from the quick check"),
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consider_text=True) | Q(consider_chat=True) | Q(consider_video=True),
                name="assessment_has_a_channel",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AssessmentKind.values), name="assessment_kind_valid"
            ),
            # A quick check is never signed off: its verdict is provisional by design.
            models.CheckConstraint(
                condition=~Q(kind=AssessmentKind.QUICK) | Q(status=AssessmentStatus.DRAFT),
                name="quick_check_stays_a_draft",
            ),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.DRAFT, finalised_at__isnull=True)
                | Q(status=AssessmentStatus.FINALISED, finalised_at__isnull=False),
                name="assessment_finalised_has_a_date",
            ),
        ]
        indexes = [  # the assessment list: one organization's, newest change first, a page at a time
            models.Index(
                fields=["organisation", "-updated_at", "-id"], name="assessment_list_order"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def channels(self) -> list[str]:
        return [c for c in Channel.values if getattr(self, f"consider_{c}")]

    def get_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels[c] for c in self.channels]


class VendorEvaluation(models.Model):
    """One vendor under consideration; the vendor worksheet is answered once per evaluation."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="vendors", verbose_name=_("assessment")
    )
    name = models.CharField(_("vendor or product"), max_length=200)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("vendor evaluation")
        verbose_name_plural = _("vendor evaluations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "name"], name="vendor_name_unique_per_assessment"
            )
        ]

    def __str__(self):
        return self.name


class Answer(models.Model):
    """The current answer to one question (per vendor for the vendor worksheet).

    `version` grows by one at every change: a save based on an older version is a conflict
    when the stored answer differs, never a silent overwrite.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    vendor = models.ForeignKey(
        VendorEvaluation, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    selected = models.JSONField(default=list, blank=True)  # stable choice keys
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # Copied from an earlier assessment and not saved since: someone should check it.
    carried_over = models.BooleanField(_("carried over - check it"), default=False)
    # The vendor's own answer, accepted by the program (VendorAnswer); any later save clears it.
    from_vendor = models.BooleanField(_("given by the vendor"), default=False)
    version = models.PositiveIntegerField(default=1)
    question_revision = models.PositiveIntegerField(default=1)
    content_version = models.ForeignKey(ContentVersion, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"],
                condition=Q(vendor__isnull=True),
                name="answer_unique_per_question",
            ),
            models.UniqueConstraint(
                fields=["assessment", "vendor", "question"],
                condition=Q(vendor__isnull=False),
                name="answer_unique_per_vendor_question",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} / {self.question.key}"

    @property
    def is_answered(self) -> bool:
        return bool(self.selected) or self.number is not None or bool(self.text.strip())
