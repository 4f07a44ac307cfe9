"""The platform chart and the guides: content that site admins keep current in two languages."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuideTopic(models.TextChoices):
    READINESS = "readiness", _("Readiness")
    PLATFORM = "platform", _("Choosing a platform")
    VENDOR = "vendor", _("Choosing a vendor")
    CHANNEL = "channel", _("Channels")
    DEVICES = "devices", _("Devices")
    PRACTICE = "practice", _("Good practice")
    BREACH = "breach", _("Breach response")
    REFERRAL = "referral", _("Referral")


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Guide(models.Model):
    """Plain-language guidance in the project's own words; the body is Markdown, sanitised on output."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=GuideTopic.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(_("body"), help_text=_("Markdown. Scripts, raw HTML and remote images are removed when shown."))
    reviewed_on = models.DateField(_("last reviewed"))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["order", "slug"]
        constraints = [models.CheckConstraint(condition=models.Q(topic__in=GuideTopic.values),
                                              name="guide_topic_valid")]

    def __str__(self):
        return self.title
