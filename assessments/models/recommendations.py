"""What scoring will turn answers into: bands per dimension and recommendations for findings.

Both are content that site admins edit; scoring (a pure function, to come) reads them as plain
data, so a finalised report can snapshot them.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .worksheets import Dimension, Question

PERCENT = [MaxValueValidator(100)]


class ReadinessThreshold(models.Model):
    """Where a dimension's score (percent of what could be mitigated) changes band."""

    dimension = models.CharField(
        _("dimension"), max_length=20, choices=Dimension.choices, unique=True
    )
    ready_min = models.PositiveSmallIntegerField(
        _("ready from (%)"),
        validators=PERCENT,
        help_text=_("At or above this score the dimension counts as ready."),
    )
    conditions_min = models.PositiveSmallIntegerField(
        _("ready with conditions from (%)"),
        validators=PERCENT,
        help_text=_(
            "At or above this score, and below the one above, it is ready with conditions."
        ),
    )

    class Meta:
        verbose_name = _("readiness threshold")
        verbose_name_plural = _("readiness thresholds")
        ordering = ["dimension"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ready_min__lte=100) & Q(conditions_min__lte=F("ready_min")),
                name="threshold_bands_ordered",
                violation_error_message=_(
                    "The 'conditions' score cannot be above the 'ready' score."
                ),
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="threshold_dimension_valid"
            ),
        ]

    def __str__(self):
        return self.get_dimension_display()


class Recommendation(models.Model):
    """Advice shown when a question's answer leaves a risk unmitigated (or blocks readiness)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    question = models.ForeignKey(
        Question,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("question"),
    )
    guide = models.ForeignKey(
        "platforms.Guide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("guide"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what to do"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["order", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension__in=Dimension.values), name="recommendation_dimension_valid"
            )
        ]

    def __str__(self):
        return self.title
