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
    """Every platform with its review dates, channels and facts, ready for the chart."""
    return Platform.objects.with_review().prefetch_related(
        "channels", Prefetch("facts", queryset=PlatformFact.objects.order_by("pk"))
    )


def filter_platforms(queryset, filters: ChartFilters):
    """Platforms offering every chosen channel and meeting every chosen must-have."""
    for channel in filters.channels:
        queryset = queryset.filter(
            Exists(PlatformChannel.objects.filter(platform=OuterRef("pk"), channel=channel))
        )
    for key in filters.musts:
        must = MUST_HAVES[key]
        queryset = queryset.filter(
            Exists(
                PlatformFact.objects.filter(
                    platform=OuterRef("pk"), criterion=must.criterion, value__in=must.accepted
                )
            )
        )
    return queryset


def fact_cells(platform: Platform) -> list[tuple[Criterion, PlatformFact | None]]:
    """The platform's facts in chart order, None where no fact has been recorded."""
    facts = {fact.criterion: fact for fact in platform.facts.all()}
    return [(criterion, facts.get(criterion.value)) for criterion in Criterion]


@dataclass
class Comparison:
    platforms: list[Platform] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    too_few: bool = False
    too_many: bool = False

    @property
    def rows(self) -> list[tuple[Criterion, list[PlatformFact | None]]]:
        cells = [dict(fact_cells(platform)) for platform in self.platforms]
        return [
            (criterion, [by_platform[criterion] for by_platform in cells])
            for criterion in Criterion
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
