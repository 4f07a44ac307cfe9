"""The platform chart and the guides: content that site admins keep current in two languages."""

from calendar import monthrange
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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
    body = models.TextField(
        _("body"),
        help_text=_("Markdown. Scripts, raw HTML and remote images are removed when shown."),
    )
    reviewed_on = models.DateField(_("last reviewed"))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__in=GuideTopic.values), name="guide_topic_valid"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("platforms:guide", kwargs={"slug": self.slug})


class Channel(models.TextChoices):
    SMS = "sms", _("Text messages (SMS)")
    CHAT = "chat", _("Web chat")
    VIDEO = "video", _("Video calls")
    AUDIO = "audio", _("Audio calls")
    GROUP_VIDEO = "group_video", _("Group video")
    # Typing inside a video or audio call (or its waiting room) is not a web chat a survivor can
    # open from the program's website: a platform offering only this does not meet a chat need.
    IN_CALL_CHAT = "in_call_chat", _("Text chat during a call")


class Criterion(models.TextChoices):
    """What matters to survivors about a platform, in the order the chart shows it."""

    SURVIVOR_ACCOUNT = "survivor_account", _("Survivor must create an account")
    SURVIVOR_DOWNLOAD = "survivor_download", _("Survivor must download an app")
    E2E_ENCRYPTION = "e2e_encryption", _("End-to-end encryption")
    VENDOR_READS_CONTENT = "vendor_reads_content", _("Vendor can read content")
    DEVICE_HISTORY = "device_history", _("History left on the survivor's device")
    THIRD_PARTY_TRACKING = (
        "third_party_tracking",
        _("Third-party tracking or analytics on the survivor's page"),
    )
    SESSION_RECORDING = "session_recording", _("Sessions can be recorded")
    RETENTION_CONTROLS = "retention_controls", _("Retention controls and automatic deletion")
    SELF_HOSTABLE = "self_hostable", _("Can be hosted by the program")
    OPEN_SOURCE = "open_source", _("Open source")
    COST_MODEL = "cost_model", _("Free to use")
    SIGNS_BAA = "signs_baa", _("Signs agreements such as BAAs")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    LANGUAGES = "languages", _("Languages")


# For these criteria "yes" is the risky answer: "no survivor account" means survivor_account = no.
RISKY_WHEN_YES = frozenset(
    {
        Criterion.SURVIVOR_ACCOUNT,
        Criterion.SURVIVOR_DOWNLOAD,
        Criterion.VENDOR_READS_CONTENT,
        Criterion.DEVICE_HISTORY,
        Criterion.THIRD_PARTY_TRACKING,
        Criterion.SESSION_RECORDING,
    }
)


class FactValue(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PARTLY = "partly", _("Partly")
    UNKNOWN = "unknown", _("Unknown")


class PlatformStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    DISCONTINUED = "discontinued", _("Discontinued")


def review_cutoff(*, today: date | None = None) -> date:
    """Facts reviewed before this date are too old to trust (TOOLKIT_PLATFORM_REVIEW_MONTHS)."""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - settings.TOOLKIT_PLATFORM_REVIEW_MONTHS
    year, month = divmod(months, 12)
    return date(year, month + 1, min(today.day, monthrange(year, month + 1)[1]))


class PlatformQuerySet(models.QuerySet):
    def with_review(self, *, today: date | None = None):
        """Annotate `last_reviewed` (the oldest review date among the facts) and `stale`."""
        oldest = (
            PlatformFact.objects.filter(platform=models.OuterRef("pk"))
            .order_by("reviewed_on")
            .values("reviewed_on")[:1]
        )
        cutoff = review_cutoff(today=today)
        return self.annotate(last_reviewed=models.Subquery(oldest)).annotate(
            stale=models.Case(
                models.When(
                    models.Q(last_reviewed__lt=cutoff) | models.Q(last_reviewed__isnull=True),
                    then=True,
                ),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def needs_review(self, *, today: date | None = None):
        return self.with_review(today=today).filter(
            models.Q(stale=True) | models.Q(status=PlatformStatus.NEEDS_REVIEW)
        )


class Platform(models.Model):
    """A product programs might use; its facts, sources and review dates make up the chart."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    website = models.URLField(_("website"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.ACTIVE
    )
    description = models.TextField(_("short description"), max_length=1000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PlatformStatus.values), name="platform_status_valid"
            ),
            # /platforms/compare/ is a page of its own.
            models.CheckConstraint(
                condition=~models.Q(slug="compare"), name="platform_slug_not_reserved"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("platforms:platform", kwargs={"slug": self.slug})

    @property
    def needs_review(self) -> bool:
        """Marked for review by an admin, or (with `with_review()`) a fact is too old."""
        return self.status == PlatformStatus.NEEDS_REVIEW or getattr(self, "stale", False)

    @property
    def channel_keys(self) -> list[str]:
        return sorted((c.channel for c in self.channels.all()), key=Channel.values.index)

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(key).label for key in self.channel_keys]


class PlatformChannel(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="channels", verbose_name=_("platform")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(fields=["platform", "channel"], name="platform_channel_once"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="platform_channel_valid"
            ),
        ]

    def __str__(self):
        return self.get_channel_display()


def set_platform_channels(*, platform: Platform, channels: list[str]) -> None:
    """Make the platform offer exactly these channels."""
    platform.channels.exclude(channel__in=channels).delete()
    have = set(platform.channels.values_list("channel", flat=True))
    PlatformChannel.objects.bulk_create(
        [PlatformChannel(platform=platform, channel=key) for key in channels if key not in have]
    )


class PlatformFact(models.Model):
    """One criterion for one platform: a value, a short note, and where it was checked and when.

    A fact without a channel holds for the whole platform; a fact with a channel records how that
    channel differs (end-to-end encrypted web chat, but text messages that cannot be) and takes
    the platform-wide fact's place for that channel.
    """

    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="facts", verbose_name=_("platform")
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=Criterion.choices)
    # Blank rather than NULL, so the unique constraint below also holds for platform-wide facts.
    channel = models.CharField(
        _("channel"),
        max_length=20,
        choices=Channel.choices,
        blank=True,
        default="",
        help_text=_(
            "Leave empty for a fact that holds on every channel. Choose a channel only when "
            "the fact differs on that channel."
        ),
    )
    value = models.CharField(
        _("value"), max_length=10, choices=FactValue.choices, default=FactValue.UNKNOWN
    )
    note = models.TextField(_("note"), max_length=1000)
    source = models.URLField(
        _("source"), max_length=500, help_text=_("A public page where this fact can be checked.")
    )
    reviewed_on = models.DateField(_("last reviewed"))

    class Meta:
        verbose_name = _("platform fact")
        verbose_name_plural = _("platform facts")
        ordering = ["platform__name", "criterion", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "criterion", "channel"], name="platform_fact_once_per_channel"
            ),
            models.CheckConstraint(
                condition=models.Q(criterion__in=Criterion.values),
                name="platform_fact_criterion_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["", *Channel.values]),
                name="platform_fact_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=FactValue.values), name="platform_fact_value_valid"
            ),
            models.CheckConstraint(condition=~models.Q(source=""), name="platform_fact_has_source"),
        ]

    def __str__(self):
        if self.channel:
            return f"{self.platform}: {self.get_criterion_display()} ({self.get_channel_display()})"
        return f"{self.platform}: {self.get_criterion_display()}"
