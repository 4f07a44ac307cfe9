"""The quick check's provisional verdict: the same engine, on the quick questions alone.

A program that must start now answers a few questions (`Question.quick`) and gets, per channel,
one of two answers, never "ready": it may start temporarily, with conditions (the findings its
answers raised, to act on this week), or it should not start on this channel yet (a blocking
answer, or a channel the engine finds not yet ready on these answers). Plain data in, frozen
result out, like the rest of scoring.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .engine import Band, ProgramResult, Thresholds, score_program
from .questions import Finding, QuestionSpec, Severity

Answers = dict[str, Iterable[str]]


class Provisional(StrEnum):
    START_WITH_CONDITIONS = "start_with_conditions"
    DO_NOT_START = "do_not_start"


@dataclass(frozen=True)
class ProvisionalVerdict:
    """One channel's provisional verdict, with the findings behind it."""

    channel: str
    verdict: Provisional
    blocking: tuple[Finding, ...]  # answers that stop this channel
    conditions: tuple[Finding, ...]  # the other findings on this channel, most severe first

    @property
    def may_start(self) -> bool:
        return self.verdict is Provisional.START_WITH_CONDITIONS


def provisional_verdicts(
    *,
    questions: Iterable[QuestionSpec],
    answers: Answers,
    thresholds: Thresholds,
    channels: Iterable[str],
) -> tuple[ProvisionalVerdict, ...]:
    """Each channel's provisional verdict from the quick questions' answers."""
    program = score_program(
        questions=questions, answers=answers, thresholds=thresholds, channels=channels
    )
    return verdicts_of(program)


def verdicts_of(program: ProgramResult) -> tuple[ProvisionalVerdict, ...]:
    """A scored program's channels as provisional verdicts (a band never becomes "ready")."""
    found = []
    for result in program.channels:
        mine = [f for f in program.findings if result.channel in f.channels]
        blocking = tuple(f for f in mine if f.severity is Severity.BLOCKING)
        stop = bool(blocking) or result.band is Band.NOT_READY
        found.append(
            ProvisionalVerdict(
                result.channel,
                Provisional.DO_NOT_START if stop else Provisional.START_WITH_CONDITIONS,
                blocking,
                tuple(f for f in mine if f.severity is not Severity.BLOCKING),
            )
        )
    return tuple(found)
