"""The quick check's provisional verdict: never "ready", and a blocking answer stops its channels."""

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring.engine import CHANNELS
from assessments.scoring.provisional import Provisional, provisional_verdicts
from tests.assessments.scoring.test_scoring import (
    FULL,
    make_critical,
    make_question,
    make_thresholds,
)

QUESTIONS = [
    make_critical(key="devices", weights=FULL),
    make_critical(key="account", channels=frozenset({"chat", "video"}), weights=FULL),
    make_question(key="kept"),
    make_question(key="scope"),
]


def verdicts(answers, channels=CHANNELS):
    found = provisional_verdicts(
        questions=QUESTIONS, answers=answers, thresholds=make_thresholds(), channels=channels
    )
    return {v.channel: v for v in found}


def test_the_best_answers_give_a_temporary_start_with_conditions_never_ready():
    best = {"devices": ["yes"], "account": ["yes"], "kept": ["yes"], "scope": ["yes"]}
    found = verdicts(best)
    assert {v.verdict for v in found.values()} == {Provisional.START_WITH_CONDITIONS}
    assert set(Provisional) == {Provisional.START_WITH_CONDITIONS, Provisional.DO_NOT_START}


def test_a_blocking_answer_stops_exactly_the_channels_its_question_covers():
    answers = {"devices": ["yes"], "account": ["no"], "kept": ["yes"], "scope": ["yes"]}
    found = verdicts(answers)
    assert found["text"].verdict is Provisional.START_WITH_CONDITIONS
    for channel in ("chat", "video"):
        assert found[channel].verdict is Provisional.DO_NOT_START
        assert [f.question_key for f in found[channel].blocking] == ["account"]


def test_nothing_answered_means_do_not_start():
    assert {v.verdict for v in verdicts({}).values()} == {Provisional.DO_NOT_START}


@given(
    answers=st.fixed_dictionaries(
        {q.key: st.lists(st.sampled_from(["yes", "no", "unsure"]), max_size=1) for q in QUESTIONS}
    ),
    channels=st.sets(st.sampled_from(CHANNELS), min_size=1),
)
def test_every_answer_gives_one_of_the_two_verdicts_and_blocking_always_stops(answers, channels):
    found = verdicts(answers, sorted(channels))
    assert set(found) == set(channels)
    for verdict in found.values():
        assert verdict.verdict in (Provisional.START_WITH_CONDITIONS, Provisional.DO_NOT_START)
        if verdict.blocking:
            assert verdict.verdict is Provisional.DO_NOT_START
