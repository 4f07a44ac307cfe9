"""The platform chart: reading its filters, narrowing the platforms, and choosing a comparison."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .models import Channel, Criterion, FactValue, Platform, PlatformChannel, PlatformFact

COMPARE_MIN, COMPARE_MAX = 2, 4


@dataclass(frozen=True)
class MustHave:
    criterion: str
    accepted: frozenset
    label: str


# "Must-haves" a program can insist on; each is met only by a confirmed answer (never "unknown").
# For the criteria in RISKY_WHEN_YES the good answer is "no": "no survivor account" means
# survivor_account = no.
MUST_HAVES = {
    "no_account": MustHave(
        Criterion.SURVIVOR_ACCOUNT, frozenset({FactValue.NO}), _("No account for survivors")
    ),
    "no_download": MustHave(
        Criterion.SURVIVOR_DOWNLOAD,
        frozenset({FactValue.NO}),
        _("Nothing for survivors to download"),
    ),
    "e2e": MustHave(
        Criterion.E2E_ENCRYPTION, frozenset({FactValue.YES}), _("End-to-end encryption")
    ),
    "vendor_cannot_read": MustHave(
        Criterion.VENDOR_READS_CONTENT, frozenset({FactValue.NO}), _("Vendor cannot read content")
    ),
    "no_device_history": MustHave(
        Criterion.DEVICE_HISTORY,
        frozenset({FactValue.NO}),
        _("No history left on the survivor's device"),
    ),
    "no_recording": MustHave(
        Criterion.SESSION_RECORDING,
        frozenset({FactValue.NO}),
        _("Sessions cannot be recorded in the platform"),
    ),
    "retention": MustHave(
        Criterion.RETENTION_CONTROLS,
        frozenset({FactValue.YES}),
        _("Retention controls and automatic deletion"),
    ),
    "self_hostable": MustHave(
        Criterion.SELF_HOSTABLE, frozenset({FactValue.YES}), _("The program can host it")
    ),
    "open_source": MustHave(Criterion.OPEN_SOURCE, frozenset({FactValue.YES}), _("Open source")),
    "free": MustHave(
        Criterion.COST_MODEL,
        frozenset({FactValue.YES, FactValue.PARTLY}),
        _("Free, or has a free plan"),
    ),
    "signs_baa": MustHave(
        Criterion.SIGNS_BAA, frozenset({FactValue.YES}), _("Signs agreements such as BAAs")
    ),
    "accessible": MustHave(
        Criterion.ACCESSIBILITY, frozenset({FactValue.YES}), _("Accessibility confirmed")
    ),
    "languages": MustHave(
        Criterion.LANGUAGES, frozenset({FactValue.YES}), _("Available in several languages")
    ),
}


@dataclass(frozen=True)
class ChartFilters:
    channels: tuple[str, ...] = ()
    musts: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()  # values we did not recognise, as they were sent

    @property
    def active(self) -> bool:
        return bool(self.channels or self.musts)


def read_filters(query: QueryDict) -> ChartFilters:
    """Known channel and must-have keys from ?channel=..&must=..; anything else is set aside."""
    channels = [value for value in query.getlist("channel") if value in Channel.values]
    musts = [value for value in query.getlist("must") if value in MUST_HAVES]
    ignored = [
        value
        for value in query.getlist("channel") + query.getlist("must")
        if value not in Channel.values and value not in MUST_HAVES
    ]
    return ChartFilters(
        channels=tuple(dict.fromkeys(channels)),
        musts=tuple(dict.fromkeys(musts)),
        ignored=tuple(dict.fromkeys(value[:60] for value in ignored)),
    )


def chart_queryset():
    """Every platform with its review dates, channels and facts, ready for the chart.

    Within a criterion, channel facts come first and the platform-wide fact last ("" sorts
    first, so descending puts it last): code that maps a platform's facts by criterion alone,
    such as the platform matches page, then keeps the platform-wide fact.
    """
    facts = PlatformFact.objects.order_by("criterion", "-channel", "pk")
    return Platform.objects.with_review().prefetch_related(
        "channels", Prefetch("facts", queryset=facts)
    )


def _meets(must: MustHave, channel: str):
    """The platform meets the must-have on `channel` ("" = platform-wide): by that channel's own
    fact where one is recorded, else by the platform-wide fact."""
    facts = PlatformFact.objects.filter(platform=OuterRef("pk"), criterion=must.criterion)
    accepted = facts.filter(value__in=must.accepted)
    if not channel:
        return Exists(accepted.filter(channel=""))
    return Exists(accepted.filter(channel=channel)) | (
        ~Exists(facts.filter(channel=channel)) & Exists(accepted.filter(channel=""))
    )


def filter_platforms(queryset, filters: ChartFilters):
    """Platforms offering every chosen channel and meeting every chosen must-have (on each
    chosen channel, when channels are chosen)."""
    for channel in filters.channels:
        queryset = queryset.filter(
            Exists(PlatformChannel.objects.filter(platform=OuterRef("pk"), channel=channel))
        )
    for key in filters.musts:
        for channel in filters.channels or ("",):
            queryset = queryset.filter(_meets(MUST_HAVES[key], channel))
    return queryset


@dataclass(frozen=True)
class FactCell:
    """One criterion of one platform: the platform-wide fact (None when none is recorded) and
    the facts that differ on a channel, in channel order."""

    criterion: Criterion
    fact: PlatformFact | None
    by_channel: tuple[PlatformFact, ...] = ()


def channel_facts(platform: Platform, criterion: str) -> tuple[PlatformFact, ...]:
    """The platform's facts for one criterion that hold on one channel only, in channel order."""
    own = [f for f in platform.facts.all() if f.criterion == criterion and f.channel]
    return tuple(sorted(own, key=lambda fact: Channel.values.index(fact.channel)))


def fact_cells(platform: Platform) -> list[FactCell]:
    """The platform's facts in chart order."""
    facts = {fact.criterion: fact for fact in platform.facts.all() if not fact.channel}
    return [
        FactCell(criterion, facts.get(criterion.value), channel_facts(platform, criterion))
        for criterion in Criterion
    ]


@dataclass
class Comparison:
    platforms: list[Platform] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    too_few: bool = False
    too_many: bool = False

    @property
    def rows(self) -> list[tuple[Criterion, list[FactCell]]]:
        cells = [fact_cells(platform) for platform in self.platforms]
        return [
            (criterion, [by_platform[index] for by_platform in cells])
            for index, criterion in enumerate(Criterion)
        ]


def comparison_for(slugs: list[str]) -> Comparison:
    """Two to four known platforms, in the order asked; unknown slugs are set aside."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))[: COMPARE_MAX * 5]
    found = chart_queryset().in_bulk(wanted, field_name="slug")
    comparison = Comparison(unknown=[slug[:60] for slug in wanted if slug not in found])
    chosen = [found[slug] for slug in wanted if slug in found]
    comparison.too_few = len(chosen) < COMPARE_MIN
    comparison.too_many = len(chosen) > COMPARE_MAX
    if not (comparison.too_few or comparison.too_many):
        comparison.platforms = chosen
    return comparison
