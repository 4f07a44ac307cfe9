"""A channel's verdict: the program's readiness held to what its best evaluated vendor allows."""

import pytest

from assessments.scoring.engine import CHANNELS, Band
from assessments.scoring.verdict import ToolLimit, ToolLimitKind, score_assessment, tool_limit
from tests.assessments.scoring.test_scoring import (
    make_critical,
    make_question,
    make_thresholds,
    make_weights,
)

PROGRAM = (make_question(key="p"),)
# A vendor's critical question about video only (light enough that "Not sure" only caps it),
# and one about every channel.
VENDOR = (
    make_critical(key="recording", channels=frozenset({"video"}), weights=make_weights(safety=1)),
    make_question(key="v"),
)
SOUND_VENDOR = {"recording": ["yes"], "v": ["yes"]}


def verdict(program_answers, vendors, channels=CHANNELS):
    return score_assessment(
        program_questions=PROGRAM,
        program_answers=program_answers,
        vendor_questions=VENDOR,
        vendor_answers=vendors,
        thresholds=make_thresholds(),
        channels=channels,
    )


def bands(score):
    return {channel.channel: channel.band for channel in score.program.channels}


def test_a_ready_program_with_a_ready_vendor_is_ready():
    score = verdict({"p": ["yes"]}, {"7": SOUND_VENDOR})
    assert bands(score) == dict.fromkeys(CHANNELS, Band.READY)
    assert all(channel.tool_limit is None for channel in score.program.channels)


def test_with_no_vendor_evaluated_a_channel_is_at_most_ready_with_conditions():
    limit = ToolLimit(ToolLimitKind.NO_VENDOR, Band.CONDITIONS)
    # A vendor added but with nothing answered is not evaluated yet.
    for vendors in ({}, {"7": {}}, {"7": {"v": ["unsure"]}}):
        score = verdict({"p": ["yes"]}, vendors)
        assert bands(score) == dict.fromkeys(CHANNELS, Band.CONDITIONS), vendors
        assert {channel.tool_limit for channel in score.program.channels} == {limit}


def test_a_program_not_ready_on_its_own_stays_not_ready_and_says_why_else():
    score = verdict({"p": ["no"]}, {})
    text = score.program.channel("text")
    assert text.band is Band.NOT_READY and text.weakest == "safety"
    assert text.tool_limit.kind is ToolLimitKind.NO_VENDOR


def test_every_vendor_not_ready_makes_the_channel_not_ready_naming_them():
    blocked = {"recording": ["no"], "v": ["yes"]}
    weak = {"recording": ["yes"], "v": ["no"]}
    score = verdict({"p": ["yes"]}, {"7": weak, "8": blocked})
    # The recording question is about video: vendor 8 is ready for text and chat.
    assert bands(score) == {"text": Band.READY, "chat": Band.READY, "video": Band.NOT_READY}
    assert verdict({"p": ["yes"]}, {"7": weak}).program.channel("text").band is Band.NOT_READY
    assert score.program.channel("video").tool_limit == ToolLimit(
        ToolLimitKind.BEST_VENDOR, Band.NOT_READY, ("7", "8")
    )


def test_a_channel_is_as_ready_as_its_best_vendor_on_that_channel():
    blocked_on_video = {"recording": ["no"], "v": ["yes"]}
    unsure_on_video = {"recording": ["unsure"], "v": ["yes"]}
    score = verdict({"p": ["yes"]}, {"7": blocked_on_video, "8": unsure_on_video})
    assert bands(score) == {"text": Band.READY, "chat": Band.READY, "video": Band.CONDITIONS}
    assert score.program.channel("video").tool_limit == ToolLimit(
        ToolLimitKind.BEST_VENDOR, Band.CONDITIONS, ("8",)
    )
    vendors = dict(score.vendors)
    assert vendors["7"].band is Band.NOT_READY and vendors["7"].band_for("text") is Band.READY


@pytest.mark.parametrize("channels", [["text"], ["chat", "video"], CHANNELS])
def test_only_the_assessments_channels_are_judged(channels):
    score = verdict({"p": ["yes"]}, {"7": SOUND_VENDOR}, channels)
    assert [channel.channel for channel in score.program.channels] == list(channels)


def test_tool_limit_ignores_vendors_with_nothing_answered():
    score = verdict({"p": ["yes"]}, {"7": {}, "8": {"recording": ["no"], "v": ["yes"]}})
    vendors = dict(score.vendors)
    assert tool_limit("video", vendors) == ToolLimit(
        ToolLimitKind.BEST_VENDOR, Band.NOT_READY, ("8",)
    )
    assert tool_limit("text", vendors) is None
