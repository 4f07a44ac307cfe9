"""The readiness model of assessments.scoring: hand-computed examples, then its properties."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments.scoring.engine import (
    CHANNELS,
    DIMENSIONS,
    NOT_APPLICABLE,
    UNSURE,
    Band,
    Cap,
    CapKind,
    ChoiceSpec,
    DimensionScore,
    QuestionSpec,
    Severity,
    Thresholds,
    ThresholdSpec,
    applies,
    score_percent,
    score_program,
    score_vendor,
)

PROJECT = Path(__file__).resolve().parents[3]
FAST = settings(max_examples=200, deadline=None)


def make_weights(**by_dimension: int) -> tuple[int, ...]:
    return tuple(by_dimension.get(dimension, 0) for dimension in DIMENSIONS)


FULL = make_weights(**dict.fromkeys(DIMENSIONS, 3))


def make_choice(**overrides) -> ChoiceSpec:
    """Overrides named after a dimension are that dimension's weight (left out = 0)."""
    weights = {d: overrides.pop(d) for d in DIMENSIONS if d in overrides}
    overrides.setdefault("key", "yes")
    overrides.setdefault("weights", make_weights(**weights))
    return ChoiceSpec(**overrides)


def make_question(**overrides) -> QuestionSpec:
    overrides.setdefault("key", "q1")
    overrides.setdefault("channels", frozenset(CHANNELS))
    overrides.setdefault("critical", False)
    overrides.setdefault(
        "choices",
        (
            make_choice(key="yes", weights=FULL),
            make_choice(key="no"),
            make_choice(key=UNSURE),
            make_choice(key=NOT_APPLICABLE),
        ),
    )
    return QuestionSpec(**overrides)


def make_yes_no(**overrides) -> QuestionSpec:
    """A question whose "yes" carries the dimension weights among the overrides."""
    weights = {d: overrides.pop(d) for d in DIMENSIONS if d in overrides}
    choices = (make_choice(key="yes", **weights), make_choice(key="no"))
    return make_question(choices=choices, **overrides)


def make_critical(**overrides) -> QuestionSpec:
    """A critical question whose "no" blocks; "yes" and "no" weigh the same (FULL by default)."""
    weights = overrides.pop("weights", FULL)
    overrides.setdefault(
        "choices",
        (
            make_choice(key="yes", weights=weights),
            make_choice(key="no", weights=weights, blocks=True),
            make_choice(key=UNSURE),
        ),
    )
    return make_question(critical=True, **overrides)


def make_thresholds(**overrides: tuple[int, int]) -> Thresholds:
    """80/60 everywhere unless a dimension is given as (ready_min, conditions_min)."""
    return Thresholds(tuple(ThresholdSpec(d, *overrides.get(d, (80, 60))) for d in DIMENSIONS))


def program(questions, answers, channels=CHANNELS, thresholds=None):
    return score_program(
        questions=questions,
        answers=answers,
        channels=channels,
        thresholds=thresholds or make_thresholds(),
    )


def vendor(questions, answers, channels=CHANNELS, thresholds=None):
    return score_vendor(
        questions=questions,
        answers=answers,
        channels=channels,
        thresholds=thresholds or make_thresholds(),
    )


def scores(result) -> dict:
    return {d.dimension: d.score for d in result.dimensions}


ONLY_SAFETY = {
    "safety": 100,
    "privacy": None,
    "confidentiality": None,
    "access": None,
    "capacity": None,
}


# Hand-computed examples


def test_hand_computed_channel():
    questions = (
        make_question(
            key="plan",
            choices=(
                make_choice(key="yes", safety=3, privacy=2),
                make_choice(key="partly", safety=1),
                make_choice(key="no"),
            ),
        ),
        make_question(
            key="account",
            choices=(make_choice(key="a", safety=2, access=3), make_choice(key="b", capacity=1)),
        ),
        make_yes_no(key="devices", confidentiality=3),
    )
    answers = {"plan": ["partly"], "account": ["b"], "devices": ["yes"]}
    result = program(questions, answers, ["text"])
    text = result.channel("text")
    assert text.dimensions == (
        DimensionScore("safety", 20, 1, 5, Band.NOT_READY),
        DimensionScore("privacy", 0, 0, 2, Band.NOT_READY),
        DimensionScore("confidentiality", 100, 3, 3, Band.READY),
        DimensionScore("access", 0, 0, 3, Band.NOT_READY),
        DimensionScore("capacity", 100, 1, 1, Band.READY),
    )
    # Privacy and access tie on band and score; DIMENSIONS order picks privacy.
    assert (text.band, text.weakest, text.caps) == (Band.NOT_READY, "privacy", ())
    assert [(f.question_key, f.severity, f.dimensions, f.gaps) for f in result.findings] == [
        ("account", Severity.HIGH, ("access", "safety"), (2, 0, 0, 3, 0)),
        ("plan", Severity.HIGH, ("safety", "privacy"), (2, 2, 0, 0, 0)),
    ]


def test_score_reaching_a_threshold_gets_that_band():
    def band_at(score):
        # 100 questions worth 1 safety point each, `score` of them answered yes.
        questions = tuple(make_yes_no(key=f"q{i}", safety=1) for i in range(100))
        answers = {f"q{i}": ["yes" if i < score else "no"] for i in range(100)}
        result = program(questions, answers, ["text"], make_thresholds(safety=(80, 60)))
        safety = result.channel("text").dimensions[0]
        assert safety.score == score
        return safety.band

    assert [band_at(s) for s in (80, 79, 60, 59)] == [
        Band.READY,
        Band.CONDITIONS,
        Band.CONDITIONS,
        Band.NOT_READY,
    ]


@pytest.mark.parametrize(
    "score, band",
    [
        (100, Band.READY),
        (50, Band.READY),
        (49, Band.CONDITIONS),
        (0, Band.CONDITIONS),
        (None, None),
    ],
)
def test_threshold_spec_bands(score, band):
    assert ThresholdSpec("access", 50, 0).band(score) is band


@pytest.mark.parametrize(
    "earned, possible, score",
    [
        (1, 8, 13),
        (3, 8, 38),
        (1, 16, 6),
        (1, 3, 33),
        (2, 3, 67),
        (0, 5, 0),
        (5, 5, 100),
        (0, 0, None),
    ],
)
def test_scores_round_half_up_in_integers(earned, possible, score):
    assert score_percent(earned, possible) == score


def test_one_eighth_scores_thirteen_end_to_end():
    questions = (
        make_question(
            key="a", choices=(make_choice(key="yes", safety=3), make_choice(key="some", safety=1))
        ),
        make_yes_no(key="b", safety=3),
        make_yes_no(key="c", safety=2),
    )
    result = vendor(questions, {"a": ["some"], "b": ["no"], "c": ["no"]})
    assert result.dimensions[0] == DimensionScore("safety", 13, 1, 8, Band.NOT_READY)


def test_nothing_to_score_gives_no_score_and_not_ready():
    question = make_question(
        choices=(
            make_choice(key="yes", safety=3),
            make_choice(key="no"),
            make_choice(key=NOT_APPLICABLE),
        )
    )
    text = program([question], {"q1": ["yes"]}, ["text"]).channel("text")
    assert scores(text) == ONLY_SAFETY and text.band is Band.READY
    assert [d.band for d in text.dimensions][1:] == [None] * 4
    empty = program([question], {"q1": [NOT_APPLICABLE]}, ["text"])
    assert empty.channel("text").band is Band.NOT_READY and empty.channel("text").weakest is None
    assert empty.not_applicable == ("q1",) and empty.findings == ()


def test_does_not_apply_counts_neither_as_a_choice_nor_as_an_answer():
    weighted_skip = make_question(
        key="q2",
        choices=(make_choice(key="yes", safety=2), make_choice(key=NOT_APPLICABLE, weights=FULL)),
    )
    alone = vendor([weighted_skip], {"q2": ["yes"]})
    assert scores(alone) == ONLY_SAFETY
    answers = {"q1": ["no", NOT_APPLICABLE], "q2": ["yes"]}
    with_skipped = vendor([make_question(), weighted_skip], answers)
    assert with_skipped.dimensions == alone.dimensions and with_skipped.not_applicable == ("q1",)


def test_a_video_only_question_never_touches_text():
    text_question = make_question(key="text-q", channels=frozenset({"text"}))
    video_question = make_critical(key="video-q", channels=frozenset({"video"}))
    answers = {"text-q": ["yes"], "video-q": ["no"]}
    result = program([text_question, video_question], answers, ["text", "video"])
    assert result.channel("text") == program([text_question], answers, ["text"]).channel("text")
    assert result.channel("text").band is Band.READY
    assert result.channel("video").band is Band.NOT_READY
    assert [f.channels for f in result.findings] == [("video",)]
    assert program([text_question, video_question], answers, ["text"]).findings == ()


def test_a_blocking_answer_caps_at_not_ready_even_at_100():
    result = program([make_critical()], {"q1": ["no"]}, ["chat"]).channel("chat")
    assert set(scores(result).values()) == {100}
    assert result.band is Band.NOT_READY and result.caps == (Cap("q1", CapKind.BLOCKING),)


def test_an_unknown_critical_answer_caps_at_conditions_even_at_100():
    questions = [make_question(key="full"), make_critical(key="crit", weights=make_weights())]
    for answers in ({"full": ["yes"]}, {"full": ["yes"], "crit": [UNSURE]}):
        chat = program(questions, answers, ["chat"]).channel("chat")
        assert set(scores(chat).values()) == {100}
        assert chat.band is Band.CONDITIONS and chat.caps == (Cap("crit", CapKind.UNKNOWN),)
    # A cap only ever lowers a band.
    low = program(questions, {"full": ["no"]}, ["chat"]).channel("chat")
    assert low.band is Band.NOT_READY and low.weakest == "safety"


def test_a_non_critical_question_never_caps():
    blocks_anyway = make_question(
        choices=(make_choice(key="no", weights=FULL, blocks=True), make_choice(key="yes"))
    )
    silent = make_question(key="q2", choices=(make_choice(key="yes"), make_choice(key="no")))
    result = program([blocks_anyway, silent], {"q1": ["no"]}, ["text"])
    assert result.channel("text").caps == () and result.channel("text").band is Band.READY
    assert result.findings == ()


def test_multiple_choice_takes_the_best_selected():
    question = make_question(
        choices=(
            make_choice(key="a", safety=1, privacy=3),
            make_choice(key="b", safety=3),
            make_choice(key="c", safety=3, privacy=3),
            make_choice(key="d"),
        )
    )
    both_ticked = vendor([question], {"q1": ["a", "b"]})
    assert scores(both_ticked)["safety"] == scores(both_ticked)["privacy"] == 100
    assert vendor([question], {"q1": ["a", "b", "d"]}) == both_ticked
    assert scores(vendor([question], {"q1": ["a"]}))["safety"] == 33


def test_unknown_selected_keys_and_questions_are_ignored():
    question = make_question()
    answered = vendor([question], {"q1": ["yes"]})
    assert vendor([question], {"q1": ["yes", "bogus"], "nope": ["yes"]}) == answered
    assert vendor([question], {"q1": ["bogus"]}) == vendor([question], {})
    assert vendor([question], {"q1": "yes"}) == answered


def test_findings_severities_fields_and_order():
    def partial(key, **overrides):
        channels = overrides.pop("channels", frozenset(CHANNELS))
        choices = (make_choice(key="best", safety=3, access=3), make_choice(key="got", **overrides))
        return make_question(key=key, choices=choices, channels=channels)

    questions = (
        make_question(key="unanswered"),
        partial("medium", safety=2, access=3),
        partial("part-of-safety", safety=1, access=3),
        partial("high-big", safety=1, channels=frozenset({"chat", "text"})),
        make_critical(key="blocking"),
        make_question(key="answered-fully"),
        make_question(key="skipped"),
        make_question(key="no-weights", choices=(make_choice(key="x"), make_choice(key="y"))),
        make_critical(key="critical-unsure", weights=make_weights()),
        partial("part-of-access", safety=3, access=1),
    )
    answers = {
        "medium": ["got"],
        "part-of-safety": ["got"],
        "high-big": ["got", "bogus"],
        "blocking": ["no", UNSURE],
        "answered-fully": ["yes"],
        "skipped": [NOT_APPLICABLE],
        "critical-unsure": [UNSURE],
        "part-of-access": ["got"],
    }
    result = program(questions, answers, ["video", "text", "chat"])
    # High: nothing earned where 2 or more were possible (high-big earns no access). Medium:
    # part of the best earned, by largest total gap first (2, 2, then 1).
    assert [(f.question_key, f.severity) for f in result.findings] == [
        ("blocking", Severity.BLOCKING),
        ("high-big", Severity.HIGH),
        ("part-of-safety", Severity.MEDIUM),
        ("part-of-access", Severity.MEDIUM),
        ("medium", Severity.MEDIUM),
        ("unanswered", Severity.FOLLOW_UP),
        ("critical-unsure", Severity.FOLLOW_UP),
    ]
    high_big = result.findings[1]
    assert high_big.selected == ("got",) and high_big.dimensions == ("access", "safety")
    assert high_big.gaps == (2, 0, 0, 3, 0) and not high_big.critical
    assert high_big.channels == ("text", "chat")
    assert result.findings[0].selected == ("no",) and result.findings[0].critical
    assert [f.question_key for f in result.follow_ups] == ["unanswered", "critical-unsure"]
    assert result.follow_ups[1].dimensions == () and result.not_applicable == ("skipped",)


def test_vendor_scores_the_union_of_channels_as_one_scope():
    questions = (
        make_question(key="t", channels=frozenset({"text"})),
        make_question(key="v", channels=frozenset({"video"})),
        make_critical(key="c", channels=frozenset({"chat"})),
    )
    result = vendor(questions, {"t": ["yes"], "v": ["no"], "c": ["no"]}, ["video", "text"])
    assert [(d.earned, d.possible, d.score) for d in result.dimensions] == [(3, 6, 50)] * 5
    assert result.caps == () and result.band is Band.NOT_READY and result.weakest == "safety"
    assert [(f.question_key, f.channels) for f in result.findings] == [("v", ("video",))]


def test_applies_needs_one_shared_channel():
    assert applies({"text", "chat"}, ["chat"]) and not applies({"video"}, ["text", "chat"])
    assert not applies(frozenset(), CHANNELS)


def test_band_and_severity_orders():
    assert Band.worst([Band.READY, Band.NOT_READY, Band.CONDITIONS]) is Band.NOT_READY
    assert Band.worst([Band.READY, Band.CONDITIONS]) is Band.CONDITIONS
    assert sorted(Severity, key=lambda s: s.rank) == [
        Severity.BLOCKING,
        Severity.HIGH,
        Severity.MEDIUM,
        Severity.FOLLOW_UP,
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda: ChoiceSpec("x", (4, 0, 0, 0, 0)),
        lambda: ChoiceSpec("x", (1, 1)),
        lambda: ChoiceSpec.weighted("x", courage=1),
        lambda: make_question(channels=frozenset({"fax"})),
        lambda: make_question(choices=(make_choice(), make_choice())),
        lambda: ThresholdSpec("safety", 50, 60),
        lambda: Thresholds((ThresholdSpec("safety", 80, 60),)),
        lambda: program([make_question(), make_question()], {}),
        lambda: program([make_question()], {}, ["fax"]),
    ],
)
def test_bad_input_is_refused(build):
    with pytest.raises(ValueError):
        build()


def test_scoring_imports_nothing_from_django():
    code = (
        "import sys, assessments.scoring.engine, assessments.scoring.verdict, "
        "assessments.scoring.provisional; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
    for name in ("engine.py", "questions.py", "verdict.py", "provisional.py"):
        path = PROJECT / "assessments" / "scoring" / name
        nodes = list(ast.walk(ast.parse(path.read_text())))
        imported = {
            alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {node.module or "" for node in nodes if isinstance(node, ast.ImportFrom)}
        assert not any(module.split(".")[0] == "django" for module in imported), name


# Properties over generated worksheets


@st.composite
def question_specs(draw, key: str) -> QuestionSpec:
    critical = draw(st.booleans())
    weights = st.tuples(*[st.integers(0, 3)] * len(DIMENSIONS))
    regular = draw(st.lists(st.tuples(weights, st.booleans()), min_size=1, max_size=4))
    choices = [ChoiceSpec(f"c{i}", w, blocks) for i, (w, blocks) in enumerate(regular)]
    if draw(st.booleans()):
        choices.append(ChoiceSpec(UNSURE))
    if draw(st.booleans()):
        choices.append(ChoiceSpec(NOT_APPLICABLE, draw(weights)))
    channels = draw(st.frozensets(st.sampled_from(CHANNELS)))
    return QuestionSpec(key, channels, critical, tuple(choices))


@st.composite
def worksheets(draw, max_questions: int = 8) -> dict:
    """Keyword arguments for score_program / score_vendor."""
    count = draw(st.integers(1, max_questions))
    questions = tuple(draw(question_specs(f"q{i}")) for i in range(count))
    answers = {}
    for question in questions:
        keys = [choice.key for choice in question.choices] + ["bogus"]
        if draw(st.booleans()):
            answers[question.key] = draw(st.lists(st.sampled_from(keys), max_size=3))
    bounds = st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted)
    pairs = draw(st.tuples(*[bounds] * len(DIMENSIONS)))
    specs = tuple(
        ThresholdSpec(d, high, low) for d, (low, high) in zip(DIMENSIONS, pairs, strict=True)
    )
    channels = draw(st.frozensets(st.sampled_from(CHANNELS)))
    return {
        "questions": questions,
        "answers": answers,
        "thresholds": Thresholds(specs),
        "channels": channels,
    }


def both(case: dict) -> tuple:
    return score_program(**case), score_vendor(**case)


def scopes(results: tuple) -> list:
    program_result, vendor_result = results
    return [*program_result.channels, vendor_result]


def meaning(question: QuestionSpec, keys) -> tuple | None:
    """("unknown" or "answered", best weights, blocks) as the spec defines them; None for
    "does not apply"."""
    chosen = [c for c in question.choices if c.key in set(keys)]
    if any(c.is_not_applicable for c in chosen):
        return None
    real = [c for c in chosen if not c.is_unsure]
    if not real:
        return "unknown", make_weights(), False
    best = tuple(max(c.weights[i] for c in real) for i in range(len(DIMENSIONS)))
    return "answered", best, any(c.blocks for c in real)


def is_improvement(question: QuestionSpec, old, new) -> bool:
    """Unknown -> any answer that does not block; or an answer at least as good on every
    dimension that blocks only if the old one did."""
    before, after = meaning(question, old), meaning(question, new)
    if before is None or after is None or after[0] == "unknown":
        return False
    if after[2] and not before[2]:
        return False
    return before[0] == "unknown" or all(a >= b for a, b in zip(after[1], before[1], strict=True))


def assert_never_lower(before: tuple, after: tuple, *, may_empty: bool = False) -> None:
    """No score or band is worse after; with may_empty a dimension (or a whole scope) may be
    left with nothing to score, which only "does not apply" can do."""
    for old, new in zip(scopes(before), scopes(after), strict=True):
        for old_dim, new_dim in zip(old.dimensions, new.dimensions, strict=True):
            if new_dim.score is None:
                assert may_empty or old_dim.score is None
                continue
            assert old_dim.score is not None and new_dim.score >= old_dim.score
            assert new_dim.band.rank <= old_dim.band.rank
        if any(d.score is not None for d in new.dimensions):
            assert new.band.rank <= old.band.rank


@FAST
@given(worksheets())
def test_scores_are_bounded_and_findings_consistent(case):
    program_result, vendor_result = both(case)
    for scope in scopes((program_result, vendor_result)):
        for d in scope.dimensions:
            assert (d.score is None) == (d.band is None) == (d.possible == 0)
            assert 0 <= d.earned <= d.possible and (d.score is None or 0 <= d.score <= 100)
    for finding in program_result.findings + vendor_result.findings:
        assert all(gap >= 0 for gap in finding.gaps)
        assert finding.question_key not in program_result.not_applicable
        open_dimensions = [d for d, gap in zip(DIMENSIONS, finding.gaps, strict=True) if gap]
        assert sorted(finding.dimensions) == sorted(open_dimensions)
        # The severity rule: high when nothing is earned where 2 or more were possible,
        # medium when less than the best is earned anywhere else.
        possible = next(q for q in case["questions"] if q.key == finding.question_key).possible
        earned = [p - gap for p, gap in zip(possible, finding.gaps, strict=True)]
        wholly_open = any(e == 0 and p >= 2 for e, p in zip(earned, possible, strict=True))
        if finding.severity is Severity.HIGH:
            assert wholly_open
        elif finding.severity is Severity.MEDIUM:
            assert not wholly_open and any(finding.gaps)
    assert all(f.severity is Severity.FOLLOW_UP for f in program_result.follow_ups)


@FAST
@given(st.data())
def test_improving_one_answer_never_lowers_a_score_or_band(data):
    case = data.draw(worksheets())
    question = data.draw(st.sampled_from(case["questions"]))
    old = case["answers"].get(question.key, [])
    before = meaning(question, old)
    assume(before is not None)
    # Drawing only choices that may be added keeps the filtering below light.
    allowed = [
        c.key
        for c in question.choices
        if not (c.is_unsure or c.is_not_applicable) and (before[2] or not c.blocks)
    ]
    assume(allowed)
    extra = data.draw(st.sets(st.sampled_from(allowed), min_size=1))
    new = set(old) | extra if data.draw(st.booleans()) else extra
    assume(is_improvement(question, old, new))
    improved = {**case, "answers": {**case["answers"], question.key: sorted(new)}}
    assert_never_lower(both(case), both(improved))


@FAST
@given(st.data())
def test_a_blocking_answer_on_an_applicable_critical_question_is_not_ready(data):
    case = data.draw(worksheets())
    index = data.draw(st.integers(0, len(case["questions"]) - 1))
    original = case["questions"][index]
    channel = data.draw(st.sampled_from(CHANNELS))
    first, *rest = original.choices
    critical = QuestionSpec(
        original.key,
        original.channels | {channel},
        True,
        (ChoiceSpec(first.key, first.weights, True), *rest),
    )
    others = [c.key for c in rest if not c.is_not_applicable]
    selected = [first.key, *(data.draw(st.lists(st.sampled_from(others))) if others else [])]
    questions = case["questions"][:index] + (critical,) + case["questions"][index + 1 :]
    blocked = {
        **case,
        "questions": questions,
        "channels": case["channels"] | {channel},
        "answers": {**case["answers"], original.key: selected},
    }
    program_result, vendor_result = both(blocked)
    assert vendor_result.band is Band.NOT_READY
    assert Cap(original.key, CapKind.BLOCKING) in vendor_result.caps
    for result in program_result.channels:
        assert result.band is Band.NOT_READY or not applies(critical.channels, [result.channel])
    assert program_result.findings[0].severity is Severity.BLOCKING


@FAST
@given(st.data())
def test_order_of_answers_selected_keys_and_channels_does_not_matter(data):
    case = data.draw(worksheets())
    answer_order = data.draw(st.permutations(list(case["answers"])))
    shuffled = {key: data.draw(st.permutations(case["answers"][key])) for key in answer_order}
    channels = data.draw(st.permutations(sorted(case["channels"])))
    again = both({**case, "answers": shuffled, "channels": channels})
    assert again == both(case) and hash(again) == hash(both(case))


@FAST
@given(worksheets())
def test_not_sure_is_exactly_no_answer(case):
    def answers_with(transform):
        pairs = ((q.key, transform(case["answers"].get(q.key))) for q in case["questions"])
        return {key: selected for key, selected in pairs if selected is not None}

    unsure_everywhere = answers_with(lambda selected: [*(selected or []), UNSURE])
    # Questions answered only "Not sure" become unanswered.
    unsure_dropped = answers_with(
        lambda selected: selected if set(selected or []) - {UNSURE} else None
    )
    assert both(case) == both({**case, "answers": unsure_everywhere})
    assert both(case) == both({**case, "answers": unsure_dropped})


@FAST
@given(st.data())
def test_does_not_apply_never_lowers_a_score_or_band(data):
    case = data.draw(worksheets())
    skippable = [q for q in case["questions"] if any(c.is_not_applicable for c in q.choices)]
    assume(skippable)
    question = data.draw(st.sampled_from(skippable))
    old = meaning(question, case["answers"].get(question.key, []))
    assume(old is not None and not any(old[1]))  # unanswered, "Not sure" or an answer earning 0
    skipped = {**case, "answers": {**case["answers"], question.key: [NOT_APPLICABLE]}}
    before, after = both(case), both(skipped)
    assert_never_lower(before, after, may_empty=True)
    assert question.key not in {f.question_key for f in after[0].findings + after[1].findings}
    assert (question.key in after[1].not_applicable) == applies(question.channels, case["channels"])


@settings(max_examples=100, deadline=None)
@given(worksheets(max_questions=12))
def test_ten_times_the_questions_keeps_scores_and_bands(case):
    copies = range(10)
    questions = tuple(
        QuestionSpec(f"{q.key}-{n}", q.channels, q.critical, q.choices)
        for n in copies
        for q in case["questions"]
    )
    answers = {f"{key}-{n}": selected for n in copies for key, selected in case["answers"].items()}
    larger = {**case, "questions": questions, "answers": answers}
    for small, large in zip(scopes(both(case)), scopes(both(larger)), strict=True):
        assert (large.band, large.weakest) == (small.band, small.weakest)
        for one, ten in zip(small.dimensions, large.dimensions, strict=True):
            assert (ten.score, ten.band, ten.earned, ten.possible) == (
                one.score,
                one.band,
                10 * one.earned,
                10 * one.possible,
            )
            assert ten.score is None or 0 <= ten.score <= 100
