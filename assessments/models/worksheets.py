"""Worksheet content (translated, edited by site admins) and the answers programs give to it."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platforms.models import Channel as ChartChannel

from ..scoring.engine import UNSURE, WEIGHT_MAX, applies

WEIGHT_RANGE = [MaxValueValidator(WEIGHT_MAX)]


class Dimension(models.TextChoices):
    SAFETY = "safety", _("Personal safety")
    PRIVACY = "privacy", _("Privacy")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    ACCESS = "access", _("Survivor access")
    CAPACITY = "capacity", _("Program capacity")


class Channel(models.TextChoices):
    """The channels an assessment considers (the platform chart knows a few more)."""

    TEXT = "text", _("Text messaging")
    CHAT = "chat", _("Web chat")
    VIDEO = "video", _("Video")

    @property
    def chart_channel(self) -> str:
        """The same channel in the platform chart's words (text messaging is "sms" there)."""
        return CHART_CHANNELS[self]


# The one mapping between an assessment's channels and the platform chart's.
CHART_CHANNELS = {
    Channel.TEXT: ChartChannel.SMS,
    Channel.CHAT: ChartChannel.CHAT,
    Channel.VIDEO: ChartChannel.VIDEO,
}


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO_UNSURE = "yes_no_unsure", _("Yes / no / not sure")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")

    @classmethod
    def with_choices(cls):
        return {cls.SINGLE, cls.MULTIPLE, cls.YES_NO_UNSURE, cls.SCALE}


class ContentVersion(models.Model):
    """A numbered state of the worksheet content; bumped whenever the content changes."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        ordering = ["-number"]

    def __str__(self):
        return str(self.number)


class Worksheet(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    per_vendor = models.BooleanField(_("filled once per vendor"), default=False)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("worksheet")
        verbose_name_plural = _("worksheets")
        ordering = ["order", "key"]

    def __str__(self):
        return self.title


class Section(models.Model):
    worksheet = models.ForeignKey(
        Worksheet, on_delete=models.CASCADE, related_name="sections", verbose_name=_("worksheet")
    )
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["worksheet__order", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "key"], name="section_key_unique")
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    key = models.SlugField(_("key"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    help = models.TextField(_("why it matters"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    applies_text = models.BooleanField(_("applies to text messaging"), default=True)
    applies_chat = models.BooleanField(_("applies to web chat"), default=True)
    applies_video = models.BooleanField(_("applies to video"), default=True)
    critical = models.BooleanField(
        _("critical"),
        default=False,
        help_text=_(
            "A choice marked 'blocks readiness' caps readiness when this question is critical."
        ),
    )
    quick = models.BooleanField(
        _("in the quick check"),
        default=False,
        help_text=_(
            "One of the few questions (at most 15) a program that must start now answers first, "
            "for a provisional verdict and a temporary-use plan."
        ),
    )
    ask_vendor = models.BooleanField(
        _("asked of the vendor"),
        default=True,
        help_text=_(
            "On a worksheet filled once per vendor: the vendor sees this question through its "
            "private link. Turn it off for questions only the program can answer."
        ),
    )
    guide = models.ForeignKey(
        "platforms.Guide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("guide"),
    )
    criteria = models.JSONField(_("criteria covered"), default=list, blank=True)
    min_value = models.DecimalField(
        _("minimum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveIntegerField(
        _("maximum length"), default=2000, validators=[MaxValueValidator(10000)]
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__worksheet__order", "section__order", "order", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="question_range_valid",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in QuestionKind.with_choices()

    @property
    def channels(self) -> frozenset[str]:
        return frozenset(c for c in Channel.values if getattr(self, f"applies_{c}"))

    def applies_to(self, channels) -> bool:
        """Whether an assessment considering `channels` asks this question (scoring's rule)."""
        return applies(self.channels, channels)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=300)
    weight_safety = models.PositiveSmallIntegerField(
        _("personal safety weight"), default=0, validators=WEIGHT_RANGE
    )
    weight_privacy = models.PositiveSmallIntegerField(
        _("privacy weight"), default=0, validators=WEIGHT_RANGE
    )
    weight_confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality weight"), default=0, validators=WEIGHT_RANGE
    )
    weight_access = models.PositiveSmallIntegerField(
        _("survivor access weight"), default=0, validators=WEIGHT_RANGE
    )
    weight_capacity = models.PositiveSmallIntegerField(
        _("program capacity weight"), default=0, validators=WEIGHT_RANGE
    )
    blocks = models.BooleanField(_("blocks readiness"), default=False)
    needs = models.JSONField(_("platform needs"), default=dict, blank=True)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"weight_{d}__lte": WEIGHT_MAX}), name=f"choice_weight_{d}_range"
                )
                for d in Dimension.values
            ],
            models.CheckConstraint(
                condition=~Q(key=UNSURE) | Q(blocks=False), name="unsure_never_blocks"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def weights(self) -> dict[str, int]:
        return {d: getattr(self, f"weight_{d}") for d in Dimension.values}
