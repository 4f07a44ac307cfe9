"""What sign-off keeps for views over many programs: each finalized assessment's channel bands
and five scores, and the keys of the recommendations its findings called for, as plain columns
the database aggregates (coalitions, peer positions). Written by `reports.figures` at sign-off;
never answers, notes, names or vendors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .assessments import Assessment

BANDS = [("ready", "ready"), ("conditions", "conditions"), ("not_ready", "not_ready")]


class SignedOffChannel(models.Model):
    """A finalized assessment's verdict and five scores on one channel, kept at sign-off as
    plain columns, so figures over many programs are computed by the database (coalitions)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="signed_off_channels"
    )
    channel = models.CharField(max_length=10)
    band = models.CharField(max_length=12, choices=BANDS)
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

    def __str__(self):
        return f"{self.assessment} / {self.channel}"


class SignedOffRecommendation(models.Model):
    """A recommendation a finalized assessment's own findings called for (its key only)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="signed_off_recommendations"
    )
    key = models.SlugField(max_length=80)

    class Meta:
        verbose_name = _("signed-off recommendation")
        verbose_name_plural = _("signed-off recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "key"], name="signed_off_recommendation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.assessment} / {self.key}"
