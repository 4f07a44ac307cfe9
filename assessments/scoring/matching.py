"""Platform matching: the needs a program stated in the platform worksheet against the chart.

The matching itself is pure (plain data in, a frozen result out; it never reads the database) and
counts only confirmed facts: "partly" is shown as partly, never as met, and a fact that is
"unknown" or missing leaves the need unknown (a question for the vendor), never met or missed.
Where the chart records a fact for one channel (encrypted web chat, but text messages that cannot
be), a need is judged on each channel the program needs by that channel's own fact.
`platform_matching` is the thin loader around it; match_phrases.py puts each fact in survivors'
words.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from assessments.models import Answer, Assessment, Choice, Question
from assessments.models import Channel as AssessmentChannel
from platforms.chart import chart_queryset
from platforms.models import RISKY_WHEN_YES, Platform, PlatformStatus

CHANNEL = "channel"  # the need key for a channel, as in the worksheet content
YES, NO, PARTLY, UNKNOWN = "yes", "no", "partly", "unknown"
PLATFORM_WORKSHEET = "platform"


class Outcome(StrEnum):
    """How a platform stands on one need, as far as its confirmed facts tell."""

    MEETS = "meets"
    PARTLY = "partly"
    MISSES = "misses"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Need:
    """A channel (key "channel") or a criterion with the value the program wants of it."""

    key: str
    value: str
    critical: bool = False
    # The questions it came from; none for a channel the assessment considers.
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChosenNeeds:
    """What one selected choice of the platform worksheet needs: {key: value}."""

    question_key: str
    critical: bool
    needs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PlatformSpec:
    """A platform as matching sees it: its channels, its platform-wide facts as (criterion,
    value) pairs, and the facts that differ on one channel as (criterion, channel, value)."""

    key: str
    channels: frozenset[str]
    facts: tuple[tuple[str, str], ...]
    discontinued: bool = False
    channel_facts: tuple[tuple[str, str, str], ...] = ()
    needs_review: bool = False  # marked for review, or a fact checked too long ago

    def fact(self, criterion: str, channel: str = "") -> str | None:
        """The recorded value of one criterion on `channel` (its own fact, else the
        platform-wide one), or platform-wide; None when no fact is recorded."""
        own = {(c, ch): value for c, ch, value in self.channel_facts}.get((criterion, channel))
        return own if own is not None else dict(self.facts).get(criterion)

    def differs_on(self, criterion: str, channel: str) -> bool:
        return any(c == criterion and ch == channel for c, ch, _ in self.channel_facts)


@dataclass(frozen=True)
class ChannelResult:
    """How a platform stands on a need on one of the program's channels."""

    channel: str
    outcome: Outcome
    value: str


@dataclass(frozen=True)
class NeedResult:
    need: Need
    outcome: Outcome
    value: str  # the fact's value ("unknown" when none is recorded); yes/no for a channel
    # Filled when the platform's facts differ on a channel the program needs: one per such
    # channel the platform offers, and `outcome` and `value` sum them up.
    by_channel: tuple[ChannelResult, ...] = ()


@dataclass(frozen=True)
class PlatformMatch:
    platform: str
    results: tuple[NeedResult, ...]  # in the order of the needs
    discontinued: bool
    needs_review: bool = False

    def count(self, outcome: Outcome) -> int:
        """How many needs have this outcome."""
        return sum(result.outcome is outcome for result in self.results)

    @property
    def critical_misses(self) -> tuple[NeedResult, ...]:
        """The critical needs a confirmed fact says this platform does not meet."""
        return tuple(r for r in self.results if r.need.critical and r.outcome is Outcome.MISSES)

    @property
    def set_apart(self) -> bool:
        return bool(self.critical_misses) or self.discontinued


@dataclass(frozen=True)
class Matching:
    needs: tuple[Need, ...]
    ranked: tuple[PlatformMatch, ...]  # in the order of `rank` below
    set_apart: tuple[PlatformMatch, ...]  # a critical need missed, or discontinued


def channel_needs(*, channels: Iterable[str]) -> tuple[Need, ...]:
    """The assessment's channels ("text", "chat", "video") as chart channel needs."""
    return tuple(Need(CHANNEL, AssessmentChannel(c).chart_channel) for c in channels)


def stated_needs(*, channels: Iterable[Need], chosen: Iterable[ChosenNeeds]) -> tuple[Need, ...]:
    """Every need once, in the order first stated; critical when any question stating it is."""
    merged: dict[tuple[str, str], Need] = {(n.key, n.value): n for n in channels}
    for choice in chosen:
        for key, value in choice.needs:
            was = merged.get((key, value), Need(key, value))
            questions = tuple(dict.fromkeys([*was.questions, choice.question_key]))
            merged[key, value] = Need(key, value, was.critical or choice.critical, questions)
    return tuple(merged.values())


def compare(*, criterion: str, wanted: str, value: str | None) -> Outcome:
    """One confirmed fact against the value wanted; wanting "partly" accepts the safer answer."""
    if value in (None, UNKNOWN):
        return Outcome.UNKNOWN
    safer = NO if criterion in RISKY_WHEN_YES else YES
    if value == wanted or (wanted == PARTLY and value == safer):
        return Outcome.MEETS
    return Outcome.PARTLY if value == PARTLY else Outcome.MISSES


def summed_up(results: tuple[ChannelResult, ...]) -> tuple[Outcome, str]:
    """A need judged on several channels: met (or missed) only when met (or missed) on every
    one; a channel the chart knows nothing about leaves it a question for the vendor; any other
    mix is partly."""
    outcomes = {result.outcome for result in results}
    values = {result.value for result in results}
    if len(outcomes) == 1:
        outcome = outcomes.pop()
    else:
        outcome = Outcome.UNKNOWN if Outcome.UNKNOWN in outcomes else Outcome.PARTLY
    if len(values) == 1:
        return outcome, values.pop()
    return outcome, UNKNOWN if outcome is Outcome.UNKNOWN else PARTLY


def judge(*, platform: PlatformSpec, need: Need, channels: Iterable[str]) -> NeedResult:
    """One criterion need: on the platform-wide fact, unless the platform records its own fact
    for one of the program's channels it offers; then on each of those channels."""
    offered = [channel for channel in channels if channel in platform.channels]
    if not any(platform.differs_on(need.key, channel) for channel in offered):
        value = platform.fact(need.key) or UNKNOWN
        return NeedResult(need, compare(criterion=need.key, wanted=need.value, value=value), value)
    by_channel = tuple(
        ChannelResult(channel, compare(criterion=need.key, wanted=need.value, value=value), value)
        for channel in offered
        for value in [platform.fact(need.key, channel) or UNKNOWN]
    )
    return NeedResult(need, *summed_up(by_channel), by_channel)


def match_platform(*, platform: PlatformSpec, needs: Iterable[Need]) -> PlatformMatch:
    """How one platform stands on each need."""
    needs = tuple(needs)
    channels = tuple(dict.fromkeys(need.value for need in needs if need.key == CHANNEL))
    results = []
    for need in needs:
        if need.key == CHANNEL:
            offered = need.value in platform.channels
            outcome, value = (Outcome.MEETS, YES) if offered else (Outcome.MISSES, NO)
            results.append(NeedResult(need, outcome, value))
        else:
            results.append(judge(platform=platform, need=need, channels=channels))
    return PlatformMatch(platform.key, tuple(results), platform.discontinued, platform.needs_review)


def rank(match: PlatformMatch) -> tuple:
    """Most needs met, then fewest missed; ties go to the better fit (more partly met, so fewer
    unknown), then platforms whose facts need review come after those checked recently."""
    return (
        -match.count(Outcome.MEETS),
        match.count(Outcome.MISSES),
        -match.count(Outcome.PARTLY),
        match.needs_review,
    )


def match(*, platforms: Iterable[PlatformSpec], needs: Iterable[Need]) -> Matching:
    """Every platform matched; those missing a critical need (or discontinued) set apart."""
    needs = tuple(needs)
    matches = [match_platform(platform=p, needs=needs) for p in platforms]
    # sorted() is stable: platforms tied on every key keep the order they came in.
    ordered = sorted(matches, key=rank)
    return Matching(
        needs,
        tuple(m for m in ordered if not m.set_apart),
        tuple(m for m in ordered if m.set_apart),
    )


# The thin loader -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedMatching:
    """The matching with the rows a page needs to show each platform and each need's question."""

    matching: Matching
    platforms: Mapping[str, Platform]  # by slug, with channels, facts and review state
    questions: Mapping[str, Question]  # the platform worksheet's questions, by key


def _chosen(assessment: Assessment) -> tuple[list[ChosenNeeds], dict[str, Question]]:
    choices = (
        Choice.objects.filter(question__section__worksheet__key=PLATFORM_WORKSHEET)
        .select_related("question__section__worksheet")
        .order_by("question__section__order", "question__order", "question__key", "order", "key")
    )
    answers = dict(
        Answer.objects.filter(
            assessment=assessment, vendor=None, question__section__worksheet__key=PLATFORM_WORKSHEET
        ).values_list("question_id", "selected")
    )
    chosen, questions = [], {}
    for choice in choices:
        question = questions.setdefault(choice.question.key, choice.question)
        picked = choice.key in (answers.get(question.pk) or ())
        if picked and choice.needs and question.applies_to(assessment.channels):
            needs = tuple((key, str(value)) for key, value in choice.needs.items())
            chosen.append(ChosenNeeds(question.key, question.critical, needs))
    return chosen, questions


def platform_spec(platform: Platform) -> PlatformSpec:
    """Matching's view of a Platform row whose channels, facts and review state are loaded."""
    facts = platform.facts.all()
    return PlatformSpec(
        platform.slug,
        frozenset(platform.channel_keys),
        tuple((fact.criterion, fact.value) for fact in facts if not fact.channel),
        platform.status == PlatformStatus.DISCONTINUED,
        tuple((fact.criterion, fact.channel, fact.value) for fact in facts if fact.channel),
        platform.needs_review,
    )


def platform_matching(*, assessment: Assessment) -> LoadedMatching:
    """The assessment's stated needs against every platform in the chart.

    Five queries whatever the number of platforms, facts and answers: choices with their
    questions, answers, platforms with their review dates, channels, facts.
    """
    chosen, questions = _chosen(assessment)
    platforms = {platform.slug: platform for platform in chart_queryset()}
    needs = stated_needs(channels=channel_needs(channels=assessment.channels), chosen=chosen)
    matching = match(platforms=map(platform_spec, platforms.values()), needs=needs)
    return LoadedMatching(matching, platforms, questions)
