"""The action plan: what a program will do about its findings, refined by its staff and directors."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .assessments import Assessment, VendorEvaluation


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActionSeverity(models.TextChoices):
    """The severity of the finding an action came from (the values of scoring.Severity)."""

    BLOCKING = "blocking", _("Blocking")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ActionItem(models.Model):
    """One action of an assessment's plan, from a finding or written by a person.

    `edited` records that a person changed it, so regenerating the plan never overwrites it.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="actions", verbose_name=_("assessment")
    )
    question_key = models.SlugField(
        _("finding's question"),
        max_length=80,
        blank=True,
        help_text=_("Blank for actions people add themselves."),
    )
    vendor = models.ForeignKey(
        VendorEvaluation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("vendor"),
    )
    description = models.TextField(_("action"))
    owner = models.CharField(
        _("owner"),
        max_length=120,
        blank=True,
        help_text=_("A role or team, for example “Program director”. Never a survivor."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    edited = models.BooleanField(_("changed by a person"), default=False)
    severity = models.CharField(
        _("severity"), max_length=20, choices=ActionSeverity.choices, blank=True
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"],
                condition=Q(vendor__isnull=True) & ~Q(question_key=""),
                name="action_unique_per_finding",
            ),
            models.UniqueConstraint(
                fields=["assessment", "vendor", "question_key"],
                condition=Q(vendor__isnull=False) & ~Q(question_key=""),
                name="action_unique_per_vendor_finding",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity="") | Q(severity__in=ActionSeverity.values),
                name="action_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(vendor__isnull=True) | ~Q(question_key=""),
                name="action_vendor_has_a_finding",
            ),
        ]

    def __str__(self):
        return self.description
