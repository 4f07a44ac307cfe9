"""What sign-off keeps for views over many programs: each finalized assessment's channel bands
and five scores, and the keys of the recommendations its findings called for, as plain columns
the database aggregates (coalitions, peer positions). Written by `reports.figures` at sign-off;
never answers, notes, names or vendors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .assessments import Assessment, AssessmentKind, AssessmentStatus

BANDS = [("ready", "ready"), ("conditions", "conditions"), ("not_ready", "not_ready")]


class SignedOffChannel(models.Model):
    """A finalized assessment's verdict and five scores on one channel, kept at sign-off as
    plain columns, so figures over many programs are computed by the database (coalitions)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="signed_off_channels"
    )
    # The program, and whether this is its newest finalized assessment: views over many
    # programs filter on these two columns instead of finding each program's newest again.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    newest = models.BooleanField(default=True)
    channel = models.CharField(max_length=10)
    band = models.CharField(max_length=12, choices=BANDS)
    # Copied from the assessment at sign-off, so figures by quarter and reminders need no join.
    signed_off_on = models.DateField()
    reassess_by = models.DateField(null=True)
    safety = models.PositiveSmallIntegerField(null=True)
    privacy = models.PositiveSmallIntegerField(null=True)
    confidentiality = models.PositiveSmallIntegerField(null=True)
    access = models.PositiveSmallIntegerField(null=True)
    capacity = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = _("signed-off channel")
        verbose_name_plural = _("signed-off channels")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "channel"], name="signed_off_channel_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "newest"], name="signed_off_channel_newest")
        ]

    def __str__(self):
        return f"{self.assessment} / {self.channel}"


class SignedOffRecommendation(models.Model):
    """A recommendation a finalized assessment's own findings called for (its key only)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="signed_off_recommendations"
    )
    # The program, and whether this is its newest finalized assessment: views over many
    # programs filter on these two columns instead of finding each program's newest again.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    newest = models.BooleanField(default=True)
    key = models.SlugField(max_length=80)

    class Meta:
        verbose_name = _("signed-off recommendation")
        verbose_name_plural = _("signed-off recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key"], name="signed_off_recommendation_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "newest"], name="signed_off_rec_newest")]

    def __str__(self):
        return f"{self.assessment} / {self.key}"


def newest_signed_off_refresh(organisation_id: int) -> None:
    """Mark the figures of the program's newest finalized full assessment, and only those, as
    its newest (after a sign-off, and after a finalized assessment is deleted)."""
    newest = (
        Assessment.objects.filter(
            organisation_id=organisation_id,
            status=AssessmentStatus.FINALISED,
            kind=AssessmentKind.FULL,
        )
        .order_by("-finalised_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    for model in (SignedOffChannel, SignedOffRecommendation):
        rows = model.objects.filter(organisation_id=organisation_id)
        rows.exclude(assessment_id=newest).filter(newest=True).update(newest=False)
        rows.filter(assessment_id=newest, newest=False).update(newest=True)
