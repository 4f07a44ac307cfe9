"""A channel's verdict: the program's own readiness, held down by the tools it could launch with.

Pure Python like assessments.scoring. A program cannot launch a channel without a tool, so a
channel is at most as ready as the best vendor evaluated for it; with no vendor evaluated yet it
is at most "ready with conditions". The program's worksheets (readiness and platform) are scored
together by score_program; each vendor apart by score_vendor; score_assessment puts them
together.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from assessments.scoring.engine import (
    Answers,
    Band,
    ChannelResult,
    ProgramResult,
    QuestionSpec,
    Thresholds,
    VendorResult,
    score_program,
    score_vendor,
)


class ToolLimitKind(StrEnum):
    """Why the vendors hold a channel down."""

    NO_VENDOR = "no_vendor"  # nothing answered for any vendor yet
    BEST_VENDOR = "best_vendor"  # the best vendor on this channel is below "ready"


@dataclass(frozen=True)
class ToolLimit:
    """The best band the vendors allow a channel, and the vendors at that band (by their id)."""

    kind: ToolLimitKind
    band: Band
    vendors: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssessmentScore:
    """The program's channels (tool limits applied) and each vendor's result, by vendor id."""

    program: ProgramResult
    vendors: tuple[tuple[str, VendorResult], ...]


def tool_limit(channel: str, vendors: Mapping[str, VendorResult]) -> ToolLimit | None:
    """What the evaluated vendors allow this channel; None when one of them is ready for it."""
    evaluated = {
        key: result.band_for(channel) for key, result in vendors.items() if result.evaluated
    }
    if not evaluated:
        return ToolLimit(ToolLimitKind.NO_VENDOR, Band.CONDITIONS)
    best = min(evaluated.values(), key=lambda band: band.rank)
    if best is Band.READY:
        return None
    at_best = tuple(key for key, band in evaluated.items() if band is best)
    return ToolLimit(ToolLimitKind.BEST_VENDOR, best, at_best)


def _limited(channel: ChannelResult, vendors: Mapping[str, VendorResult]) -> ChannelResult:
    limit = tool_limit(channel.channel, vendors)
    if limit is None:
        return channel
    return replace(channel, band=Band.worst([channel.band, limit.band]), tool_limit=limit)


def score_assessment(
    *,
    program_questions: Iterable[QuestionSpec],
    program_answers: Answers,
    vendor_questions: Iterable[QuestionSpec],
    vendor_answers: Mapping[str, Answers],
    thresholds: Thresholds,
    channels: Iterable[str],
) -> AssessmentScore:
    """Every worksheet of one assessment scored: each channel's band is the worst of the
    program's own and what its best evaluated vendor allows."""
    channels = tuple(channels)
    vendor_questions = tuple(vendor_questions)
    vendors = {
        key: score_vendor(
            questions=vendor_questions, answers=answers, thresholds=thresholds, channels=channels
        )
        for key, answers in vendor_answers.items()
    }
    program = score_program(
        questions=program_questions,
        answers=program_answers,
        thresholds=thresholds,
        channels=channels,
    )
    limited = tuple(_limited(channel, vendors) for channel in program.channels)
    return AssessmentScore(replace(program, channels=limited), tuple(vendors.items()))
