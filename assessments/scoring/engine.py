"""Readiness scoring: worksheet answers to dimension scores, bands, caps and findings.

This is the model the methodology page documents. It is pure Python (no Django): it takes plain
frozen data and returns frozen, hashable results, so the same input always gives an equal result.
The per-question half (vocabulary, what one answer earns, findings) lives in question_scoring.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from assessments.scoring.questions import (
    CHANNELS,
    DIMENSIONS,
    HIGH_WHEN_NOTHING_OF,
    NOT_APPLICABLE,
    UNSURE,
    WEIGHT_MAX,
    AnswerState,
    ChoiceSpec,
    Finding,
    Outcome,
    QuestionSpec,
    Severity,
    applies,
    evaluate,
    findings_for,
    ordered_channels,
)

if TYPE_CHECKING:
    from assessments.scoring.verdict import ToolLimit

__all__ = [
    "CHANNELS",
    "DIMENSIONS",
    "HIGH_WHEN_NOTHING_OF",
    "NOT_APPLICABLE",
    "UNSURE",
    "WEIGHT_MAX",
    "AnswerState",
    "Answers",
    "Band",
    "Cap",
    "CapKind",
    "ChannelResult",
    "ChoiceSpec",
    "DimensionScore",
    "Finding",
    "ProgramResult",
    "QuestionSpec",
    "Severity",
    "ThresholdSpec",
    "Thresholds",
    "VendorResult",
    "applies",
    "score_percent",
    "score_program",
    "score_vendor",
]

Answers = Mapping[str, Iterable[str]]


class Band(StrEnum):
    """Readiness of a dimension, a channel or a vendor, from best to worst."""

    READY = "ready"
    CONDITIONS = "conditions"
    NOT_READY = "not_ready"

    @property
    def rank(self) -> int:
        """0 for the best band; larger is worse."""
        return list(Band).index(self)

    @classmethod
    def worst(cls, bands: Iterable["Band"]) -> "Band":
        """The worst of one or more bands."""
        return max(bands, key=lambda band: band.rank)


class CapKind(StrEnum):
    """Why a critical question caps a band: a blocking answer, or no answer yet."""

    BLOCKING = "blocking"
    UNKNOWN = "unknown"

    @property
    def ceiling(self) -> Band:
        """The best band still reachable under this cap."""
        return Band.NOT_READY if self is CapKind.BLOCKING else Band.CONDITIONS


@dataclass(frozen=True)
class Cap:
    """A critical question holding a band down, whatever the scores."""

    question_key: str
    kind: CapKind


@dataclass(frozen=True)
class ThresholdSpec:
    """The lowest scores that still reach READY and CONDITIONS on one dimension."""

    dimension: str
    ready_min: int
    conditions_min: int

    def __post_init__(self) -> None:
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {self.dimension!r}")
        if not 0 <= self.conditions_min <= self.ready_min <= 100:
            raise ValueError(f"{self.dimension}: need 0 <= conditions_min <= ready_min <= 100")

    def band(self, score: int | None) -> Band | None:
        """The band a score reaches; no band when there is nothing to score."""
        if score is None:
            return None
        if score >= self.ready_min:
            return Band.READY
        return Band.CONDITIONS if score >= self.conditions_min else Band.NOT_READY


@dataclass(frozen=True)
class Thresholds:
    """One ThresholdSpec per dimension."""

    specs: tuple[ThresholdSpec, ...]

    def __post_init__(self) -> None:
        if sorted(spec.dimension for spec in self.specs) != sorted(DIMENSIONS):
            raise ValueError("thresholds need exactly one entry per dimension")
        # Kept in DIMENSIONS order so thresholds given in any order compare and hash equal.
        ordered = sorted(self.specs, key=lambda spec: DIMENSIONS.index(spec.dimension))
        object.__setattr__(self, "specs", tuple(ordered))

    @classmethod
    def uniform(cls, ready_min: int, conditions_min: int) -> "Thresholds":
        """The same thresholds on every dimension."""
        return cls(tuple(ThresholdSpec(d, ready_min, conditions_min) for d in DIMENSIONS))

    def for_dimension(self, dimension: str) -> ThresholdSpec:
        """The thresholds of one dimension."""
        return self.specs[DIMENSIONS.index(dimension)]


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score with the arithmetic behind it: score = earned / possible, in percent."""

    dimension: str
    score: int | None
    earned: int
    possible: int
    band: Band | None


class _WithFindings:
    """Shared by both results: the follow-ups are the findings still waiting for an answer."""

    findings: tuple[Finding, ...]

    @property
    def follow_ups(self) -> tuple[Finding, ...]:
        """The findings of questions left unanswered or answered "Not sure"."""
        return tuple(f for f in self.findings if f.severity is Severity.FOLLOW_UP)


@dataclass(frozen=True)
class ChannelResult:
    """A program's readiness for one channel; weakest is the reason shown beside the band, and
    tool_limit, when the vendors hold the band below "ready", says which."""

    channel: str
    dimensions: tuple[DimensionScore, ...]
    band: Band
    caps: tuple[Cap, ...]
    weakest: str | None
    tool_limit: "ToolLimit | None" = None  # set by assessments.verdict


@dataclass(frozen=True)
class ProgramResult(_WithFindings):
    """A program's readiness per channel, with findings over every channel it offers."""

    channels: tuple[ChannelResult, ...]
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...]

    def channel(self, name: str) -> ChannelResult:
        """The result for one channel (KeyError when that channel was not scored)."""
        for result in self.channels:
            if result.channel == name:
                return result
        raise KeyError(name)


@dataclass(frozen=True)
class VendorResult(_WithFindings):
    """A vendor's readiness over the union of the program's channels, never averaged in; its
    band on each channel alone (a question about video does not hold it down for text); and
    whether anything was answered for it yet."""

    dimensions: tuple[DimensionScore, ...]
    band: Band
    caps: tuple[Cap, ...]
    weakest: str | None
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...]
    channel_bands: tuple[tuple[str, Band], ...] = ()
    evaluated: bool = True

    def band_for(self, channel: str) -> Band:
        """The vendor's band counting only the questions that apply to this channel."""
        return dict(self.channel_bands)[channel]


def score_percent(earned: int, possible: int) -> int | None:
    """100 * earned / possible rounded half up, in integers; None when nothing is possible."""
    if possible == 0:
        return None
    return (200 * earned + possible) // (2 * possible)


def _outcomes(questions: Iterable[QuestionSpec], answers: Answers) -> tuple[Outcome, ...]:
    questions = tuple(questions)
    if len({question.key for question in questions}) != len(questions):
        raise ValueError("question keys repeat")
    return tuple(evaluate(question, answers.get(question.key)) for question in questions)


def _in_scope(outcomes: Iterable[Outcome], channels: Iterable[str]) -> tuple[Outcome, ...]:
    return tuple(outcome for outcome in outcomes if applies(outcome.question.channels, channels))


def _dimension_score(
    dimension: str, outcomes: tuple[Outcome, ...], thresholds: Thresholds
) -> DimensionScore:
    index = DIMENSIONS.index(dimension)
    # "Does not apply" outcomes carry zeros, so they drop out of both sums.
    earned = sum(outcome.earned[index] for outcome in outcomes)
    possible = sum(outcome.possible[index] for outcome in outcomes)
    score = score_percent(earned, possible)
    band = thresholds.for_dimension(dimension).band(score)
    return DimensionScore(dimension, score, earned, possible, band)


def _caps(outcomes: Iterable[Outcome]) -> tuple[Cap, ...]:
    caps = []
    for outcome in outcomes:
        if outcome.blocking:
            caps.append(Cap(outcome.question.key, CapKind.BLOCKING))
        elif outcome.question.critical and outcome.state is AnswerState.UNKNOWN:
            caps.append(Cap(outcome.question.key, CapKind.UNKNOWN))
    return tuple(caps)


def _readiness(
    outcomes: tuple[Outcome, ...],
    thresholds: Thresholds,
) -> tuple[tuple[DimensionScore, ...], Band, tuple[Cap, ...], str | None]:
    """Dimensions, band, caps and weakest dimension of one scope of questions."""
    dimensions = tuple(_dimension_score(d, outcomes, thresholds) for d in DIMENSIONS)
    caps = _caps(outcomes)
    scored = [d for d in dimensions if d.band is not None]
    if not scored:
        # Nothing to score is not evidence of readiness.
        return dimensions, Band.NOT_READY, caps, None
    weakest = min(scored, key=lambda d: (-d.band.rank, d.score, DIMENSIONS.index(d.dimension)))
    band = Band.worst([weakest.band, *(cap.kind.ceiling for cap in caps)])
    return dimensions, band, caps, weakest.dimension


def _not_applicable(outcomes: Iterable[Outcome]) -> tuple[str, ...]:
    return tuple(o.question.key for o in outcomes if o.state is AnswerState.NOT_APPLICABLE)


def score_program(
    *,
    questions: Iterable[QuestionSpec],
    answers: Answers,
    thresholds: Thresholds,
    channels: Iterable[str],
) -> ProgramResult:
    """A program's readiness for each of its channels, and findings over all of them."""
    offered = ordered_channels(channels)
    outcomes = _in_scope(_outcomes(questions, answers), offered)
    per_channel = tuple(
        ChannelResult(channel, *_readiness(_in_scope(outcomes, [channel]), thresholds))
        for channel in offered
    )
    return ProgramResult(per_channel, findings_for(outcomes, offered), _not_applicable(outcomes))


def score_vendor(
    *,
    questions: Iterable[QuestionSpec],
    answers: Answers,
    thresholds: Thresholds,
    channels: Iterable[str],
) -> VendorResult:
    """A vendor's readiness over the questions that apply to any of the channels, as one scope."""
    offered = ordered_channels(channels)
    outcomes = _in_scope(_outcomes(questions, answers), offered)
    return VendorResult(
        *_readiness(outcomes, thresholds),
        findings_for(outcomes, offered),
        _not_applicable(outcomes),
        tuple((c, _readiness(_in_scope(outcomes, [c]), thresholds)[1]) for c in offered),
        any(outcome.state is not AnswerState.UNKNOWN for outcome in outcomes),
    )
