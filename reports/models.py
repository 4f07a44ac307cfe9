"""What sign-off keeps: the report's content frozen at finalization, and its rendered PDFs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment


class ReportSnapshot(models.Model):
    """Everything the report prints, taken when a director finalizes the assessment.

    The finalized report renders from this copy only, so it stays the same after admins edit
    questions, weights, recommendations, guides or platform facts.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="snapshot", primary_key=True
    )
    data = models.JSONField(_("report content"))
    include_names = models.BooleanField(_("names included"), default=False)
    created_at = models.DateTimeField(_("taken"), auto_now_add=True)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self):
        return str(self.assessment)


class Paper(models.TextChoices):
    LETTER = "letter", _("US Letter")
    A4 = "a4", _("A4")


class ReportStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class ReportFile(models.Model):
    """The PDF of a finalized assessment's report on one paper size, rendered once and kept."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="report_files"
    )
    paper = models.CharField(_("paper"), max_length=10, choices=Paper.choices, default=Paper.LETTER)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.PREPARING
    )
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "paper"], name="report_file_once_per_paper"
            ),
            models.CheckConstraint(
                condition=Q(paper__in=Paper.values), name="report_file_paper_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_file_status_valid"
            ),
            # A ready report always has its file; one being prepared or failed never has one.
            models.CheckConstraint(
                condition=(Q(status=ReportStatus.READY) & ~Q(file=""))
                | (~Q(status=ReportStatus.READY) & Q(file="")),
                name="report_file_ready_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.assessment} ({self.paper})"
