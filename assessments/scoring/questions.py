"""One question at a time: the worksheet vocabulary, what an answer earns, and what it leaves open.

Pure Python, no Django: assessments.scoring adds these up into scores, bands and caps, and
re-exports everything here, so callers import from assessments.scoring only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

DIMENSIONS = ("safety", "privacy", "confidentiality", "access", "capacity")
CHANNELS = ("text", "chat", "video")
UNSURE = "unsure"
NOT_APPLICABLE = "not-applicable"
WEIGHT_MAX = 3
NO_WEIGHTS = (0,) * len(DIMENSIONS)


class Severity(StrEnum):
    """How urgent a finding is, most urgent first."""

    BLOCKING = "blocking"
    HIGH = "high"
    MEDIUM = "medium"
    FOLLOW_UP = "follow_up"

    @property
    def rank(self) -> int:
        """0 for the most urgent severity; larger is less urgent."""
        return list(Severity).index(self)


class AnswerState(StrEnum):
    """What an answer says about its question, before any weights."""

    ANSWERED = "answered"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


def as_keys(raw: str | Iterable[str] | None) -> frozenset[str]:
    """A set of keys from an iterable of keys, one bare key, or None."""
    # A bare string would otherwise be read as a set of one-letter keys.
    return frozenset([raw] if isinstance(raw, str) else raw or ())


def applies(question_channels: Iterable[str], channels: Iterable[str]) -> bool:
    """A question applies to channels when it applies to at least one of them."""
    return not as_keys(question_channels).isdisjoint(as_keys(channels))


def ordered_channels(channels: Iterable[str]) -> tuple[str, ...]:
    """The given channels once each, in CHANNELS order; unknown channels are an error."""
    chosen = as_keys(channels)
    if unknown := chosen - set(CHANNELS):
        raise ValueError(f"unknown channels {sorted(unknown)}")
    return tuple(channel for channel in CHANNELS if channel in chosen)


def best_weights(weight_rows: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    """Per dimension, the largest weight of any row (0 when there is no row)."""
    return tuple(max(column) for column in zip(NO_WEIGHTS, *weight_rows, strict=True))


@dataclass(frozen=True)
class ChoiceSpec:
    """One choice of a question: how far it mitigates each dimension, and whether it blocks."""

    key: str
    weights: tuple[int, ...] = NO_WEIGHTS
    blocks: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", tuple(self.weights))
        in_range = all(0 <= weight <= WEIGHT_MAX for weight in self.weights)
        if len(self.weights) != len(DIMENSIONS) or not in_range:
            raise ValueError(f"choice {self.key!r}: need one weight 0..{WEIGHT_MAX} per dimension")

    @classmethod
    def weighted(cls, key: str, *, blocks: bool = False, **weights: int) -> "ChoiceSpec":
        """A choice from dimension=weight keywords; dimensions left out weigh 0."""
        if unknown := set(weights) - set(DIMENSIONS):
            raise ValueError(f"choice {key!r}: unknown dimensions {sorted(unknown)}")
        return cls(key, tuple(weights.get(d, 0) for d in DIMENSIONS), blocks)

    def weight(self, dimension: str) -> int:
        """This choice's weight on one dimension."""
        return self.weights[DIMENSIONS.index(dimension)]

    @property
    def is_unsure(self) -> bool:
        """True for "Not sure", which counts exactly as no answer."""
        return self.key == UNSURE

    @property
    def is_not_applicable(self) -> bool:
        """True for "Does not apply", which takes the question out of scoring."""
        return self.key == NOT_APPLICABLE


@dataclass(frozen=True)
class QuestionSpec:
    """One worksheet question as scoring sees it."""

    key: str
    channels: frozenset[str]
    critical: bool
    choices: tuple[ChoiceSpec, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "channels", as_keys(self.channels))
        object.__setattr__(self, "choices", tuple(self.choices))
        if unknown := self.channels - set(CHANNELS):
            raise ValueError(f"question {self.key!r}: unknown channels {sorted(unknown)}")
        if len({choice.key for choice in self.choices}) != len(self.choices):
            raise ValueError(f"question {self.key!r}: choice keys repeat")

    @property
    def possible(self) -> tuple[int, ...]:
        """Per dimension, the most an answer could mitigate ("does not apply" mitigates nothing)."""
        return best_weights(c.weights for c in self.choices if not c.is_not_applicable)


@dataclass(frozen=True)
class Outcome:
    """What one answer says about one question: its state, and per dimension earned and possible."""

    question: QuestionSpec
    selected: tuple[str, ...]
    state: AnswerState
    blocking: bool
    earned: tuple[int, ...]
    possible: tuple[int, ...]

    @property
    def gaps(self) -> tuple[int, ...]:
        """Per dimension, how much more the best answer would have mitigated."""
        return tuple(
            possible - earned for possible, earned in zip(self.possible, self.earned, strict=True)
        )


def evaluate(question: QuestionSpec, selected_keys: str | Iterable[str] | None) -> Outcome:
    """The outcome of one answer; unknown keys are ignored and "Not sure" counts as no answer."""
    keys = as_keys(selected_keys)
    # "Not sure" is dropped here so that it and no answer give exactly equal results everywhere.
    chosen = tuple(c for c in question.choices if c.key in keys and not c.is_unsure)
    selected = tuple(sorted(choice.key for choice in chosen))
    if any(choice.is_not_applicable for choice in chosen):
        # Zeros in both earned and possible take the question out of every sum.
        return Outcome(
            question,
            selected,
            AnswerState.NOT_APPLICABLE,
            blocking=False,
            earned=NO_WEIGHTS,
            possible=NO_WEIGHTS,
        )
    state = AnswerState.ANSWERED if chosen else AnswerState.UNKNOWN
    # Blocking only means something on a critical question, as for caps.
    blocking = question.critical and any(choice.blocks for choice in chosen)
    earned = best_weights(choice.weights for choice in chosen)
    return Outcome(question, selected, state, blocking, earned, question.possible)


@dataclass(frozen=True)
class Finding:
    """A question whose answer blocks readiness, leaves a risk open, or still needs an answer."""

    question_key: str
    selected: tuple[str, ...]
    severity: Severity
    dimensions: tuple[str, ...]
    gaps: tuple[int, ...]
    critical: bool
    channels: tuple[str, ...]

    @property
    def total_gap(self) -> int:
        """The gaps added over every dimension."""
        return sum(self.gaps)


# An answer that earns nothing on a dimension where its question can earn this much leaves a
# large risk wholly open: a high finding. Earning part of it is a medium one.
HIGH_WHEN_NOTHING_OF = 2


def _severity(outcome: Outcome) -> Severity | None:
    """Blocking answer; no answer yet; a large risk left wholly open (high); less than the
    best on some dimension (medium); else no finding. The methodology page says the same."""
    if outcome.blocking:
        return Severity.BLOCKING
    if outcome.state is AnswerState.UNKNOWN:
        return Severity.FOLLOW_UP
    pairs = tuple(zip(outcome.earned, outcome.possible, strict=True))
    if any(earned == 0 and possible >= HIGH_WHEN_NOTHING_OF for earned, possible in pairs):
        return Severity.HIGH
    return Severity.MEDIUM if any(earned < possible for earned, possible in pairs) else None


def finding_for(outcome: Outcome, channels: tuple[str, ...]) -> Finding | None:
    """The finding one answer raises, if any; channels are the ones being scored, in order."""
    question = outcome.question
    counts = question.critical or any(outcome.possible)
    if outcome.state is AnswerState.NOT_APPLICABLE or not counts:
        return None
    if (severity := _severity(outcome)) is None:
        return None
    gaps = outcome.gaps
    # sorted() is stable, so dimensions with equal gaps stay in DIMENSIONS order.
    open_dimensions = sorted(
        (d for d, gap in zip(DIMENSIONS, gaps, strict=True) if gap > 0),
        key=lambda d: -gaps[DIMENSIONS.index(d)],
    )
    applies_to = tuple(channel for channel in channels if channel in question.channels)
    return Finding(
        question.key,
        outcome.selected,
        severity,
        tuple(open_dimensions),
        gaps,
        question.critical,
        applies_to,
    )


def findings_for(outcomes: Iterable[Outcome], channels: tuple[str, ...]) -> tuple[Finding, ...]:
    """Every finding, by severity, then largest total gap, then worksheet order."""
    found = [f for f in (finding_for(outcome, channels) for outcome in outcomes) if f is not None]
    # Outcomes arrive in worksheet order and sorted() is stable, which settles the last tie.
    return tuple(sorted(found, key=lambda finding: (finding.severity.rank, -finding.total_gap)))
