"""Platform matching with hand-built needs and facts: no database, plain data in and out."""

import pytest
from django.utils import translation

from assessments.scoring.match_phrases import SAYS, need_text, result_says
from assessments.scoring.matching import (
    CHANNEL,
    ChannelResult,
    ChosenNeeds,
    Need,
    Outcome,
    PlatformSpec,
    channel_needs,
    compare,
    match,
    match_platform,
    stated_needs,
    summed_up,
)
from platforms.models import Channel, Criterion

NO_ACCOUNT = Need("survivor_account", "no", critical=True, questions=("platform-survivor-account",))
E2E = Need("e2e_encryption", "yes", questions=("platform-e2e-required",))
SMS = Need(CHANNEL, "sms")
CHAT = Need(CHANNEL, "chat")


def make_platform(
    key="p", channels=("sms",), discontinued=False, by_channel=(), needs_review=False, **facts
) -> PlatformSpec:
    """`by_channel`: (criterion, channel, value) for the facts that differ on one channel."""
    return PlatformSpec(
        key, frozenset(channels), tuple(facts.items()), discontinued, by_channel, needs_review
    )


def outcomes(platform, needs) -> list[Outcome]:
    return [result.outcome for result in match_platform(platform=platform, needs=needs).results]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("no", Outcome.MEETS),
        ("yes", Outcome.MISSES),
        ("partly", Outcome.PARTLY),
        ("unknown", Outcome.UNKNOWN),
    ],
)
def test_a_confirmed_fact_meets_or_misses_partly_is_partly_unknown_is_unknown(value, expected):
    assert outcomes(make_platform(survivor_account=value), [NO_ACCOUNT]) == [expected]


def test_no_fact_recorded_is_unknown_never_met_or_missed():
    (result,) = match_platform(platform=make_platform(), needs=[E2E]).results
    assert result.outcome is Outcome.UNKNOWN and result.value == "unknown"


def test_wanting_partly_accepts_the_safer_answer_of_each_criterion():
    # cost_model: "yes" is free; survivor_account: "no" is the safer answer (RISKY_WHEN_YES).
    assert compare(criterion="cost_model", wanted="partly", value="yes") is Outcome.MEETS
    assert compare(criterion="cost_model", wanted="partly", value="no") is Outcome.MISSES
    assert compare(criterion="survivor_account", wanted="partly", value="no") is Outcome.MEETS
    assert compare(criterion="survivor_account", wanted="partly", value="yes") is Outcome.MISSES
    assert compare(criterion="cost_model", wanted="partly", value="partly") is Outcome.MEETS


def test_a_channel_is_met_when_offered_and_missed_when_not():
    needs = [SMS, Need(CHANNEL, "video")]
    assert outcomes(make_platform(channels=("sms", "chat")), needs) == [
        Outcome.MEETS,
        Outcome.MISSES,
    ]


def test_the_assessments_channels_become_chart_channels():
    assert channel_needs(channels=["text", "chat", "video"]) == (
        Need(CHANNEL, "sms"),
        Need(CHANNEL, "chat"),
        Need(CHANNEL, "video"),
    )


def test_stated_needs_come_once_critical_when_any_question_stating_them_is():
    chosen = [
        ChosenNeeds(
            "platform-hotline-or-ongoing",
            False,
            (("survivor_account", "no"), ("survivor_download", "no")),
        ),
        ChosenNeeds("platform-survivor-account", True, (("survivor_account", "no"),)),
        ChosenNeeds("platform-one-or-group", False, (("channel", "group_video"),)),
        ChosenNeeds("platform-channels-needed", False, (("channel", "sms"),)),
    ]
    needs = stated_needs(channels=channel_needs(channels=["text"]), chosen=chosen)
    assert needs == (
        Need(CHANNEL, "sms", False, ("platform-channels-needed",)),
        Need(
            "survivor_account",
            "no",
            True,
            ("platform-hotline-or-ongoing", "platform-survivor-account"),
        ),
        Need("survivor_download", "no", False, ("platform-hotline-or-ongoing",)),
        Need(CHANNEL, "group_video", False, ("platform-one-or-group",)),
    )


def test_platforms_missing_a_critical_need_are_set_apart_and_the_rest_ranked():
    needs = [SMS, NO_ACCOUNT, E2E]
    platforms = [
        make_platform("unknowns", survivor_account="unknown"),  # 1 met, 0 missed
        make_platform("needs-account", survivor_account="yes", e2e_encryption="yes"),
        make_platform("partly", survivor_account="no", e2e_encryption="partly"),  # 2 met
        make_platform("no-sms", channels=(), survivor_account="no", e2e_encryption="yes"),
        make_platform("all", survivor_account="no", e2e_encryption="yes"),  # 3 met
        make_platform("gone", discontinued=True, survivor_account="no", e2e_encryption="yes"),
        make_platform("also-unknowns"),  # 1 met, 0 missed: after "unknowns", as given
    ]
    matching = match(platforms=platforms, needs=needs)
    # Most needs met first, then fewest missed: "no-sms" meets 2 but misses 1.
    assert [m.platform for m in matching.ranked] == [
        "all",
        "partly",
        "no-sms",
        "unknowns",
        "also-unknowns",
    ]
    assert [m.platform for m in matching.set_apart] == ["gone", "needs-account"]
    needs_account = matching.set_apart[1]
    assert [r.need for r in needs_account.critical_misses] == [NO_ACCOUNT]
    assert needs_account.count(Outcome.MEETS) == 2  # still shown as what it meets
    partly = matching.ranked[1]
    assert (partly.count(Outcome.MEETS), partly.count(Outcome.PARTLY)) == (2, 1)


def test_an_unknown_critical_need_is_a_question_not_a_reason_to_set_apart():
    matching = match(platforms=[make_platform(survivor_account="unknown")], needs=[NO_ACCOUNT])
    assert [m.platform for m in matching.ranked] == ["p"] and not matching.set_apart


def test_results_are_frozen_and_equal_for_equal_input():
    platform = make_platform(survivor_account="no")
    first = match(platforms=[platform], needs=[SMS, NO_ACCOUNT])
    assert first == match(platforms=[platform], needs=[SMS, NO_ACCOUNT])
    assert hash(first) == hash(match(platforms=[platform], needs=[SMS, NO_ACCOUNT]))


def test_each_need_and_fact_reads_from_the_survivors_side():
    needs = [SMS, NO_ACCOUNT, E2E]
    platform = make_platform(channels=(), survivor_account="yes", e2e_encryption="unknown")
    with translation.override("en"):
        assert need_text(NO_ACCOUNT) == "Survivors can reach you without creating an account"
        assert need_text(SMS) == "Survivors can reach you by text message (SMS)"
        said = [result_says(r) for r in match_platform(platform=platform, needs=needs).results]
    assert said == [
        "It does not offer text messages (SMS)",
        "Survivors must create an account to start a conversation",
        "Ask the vendor whether conversations are end-to-end encrypted",
    ]


def test_every_criterion_and_channel_has_its_words():
    assert set(SAYS) == set(Criterion)
    assert all(len(phrases) == 4 for phrases in SAYS.values())
    with translation.override("en"):
        for channel in Channel:
            assert need_text(Need(CHANNEL, channel))
        texts = [str(phrase) for phrases in SAYS.values() for phrase in phrases]
    assert len(set(texts)) == len(texts)
    assert not any("compliant" in text for text in texts)


def test_chat_inside_a_call_does_not_meet_a_need_for_web_chat():
    in_call = make_platform(channels=("video", "in_call_chat"))
    assert outcomes(in_call, [CHAT, Need(CHANNEL, "in_call_chat")]) == [
        Outcome.MISSES,
        Outcome.MEETS,
    ]
    with translation.override("en"):
        assert need_text(Need(CHANNEL, "in_call_chat")) == (
            "Survivors can type messages during a call"
        )


SPLIT = make_platform(
    channels=("sms", "chat", "video"),
    e2e_encryption="partly",
    by_channel=(("e2e_encryption", "chat", "yes"), ("e2e_encryption", "sms", "no")),
)


@pytest.mark.parametrize(
    "channels, outcome, value, by_channel",
    [
        # On web chat alone the chat's own fact decides.
        ([CHAT], Outcome.MEETS, "yes", (("chat", Outcome.MEETS, "yes"),)),
        # On both channels: met on one, missed on the other, so partly.
        (
            [SMS, CHAT],
            Outcome.PARTLY,
            "partly",
            (("sms", Outcome.MISSES, "no"), ("chat", Outcome.MEETS, "yes")),
        ),
        # Video has no fact of its own: the platform-wide fact stands in for it.
        (
            [CHAT, Need(CHANNEL, "video")],
            Outcome.PARTLY,
            "partly",
            (("chat", Outcome.MEETS, "yes"), ("video", Outcome.PARTLY, "partly")),
        ),
        # No channel of the program has a fact of its own: judged platform-wide.
        ([Need(CHANNEL, "video")], Outcome.PARTLY, "partly", ()),
        # A channel the platform does not offer is not judged on its fact.
        ([Need(CHANNEL, "audio")], Outcome.PARTLY, "partly", ()),
    ],
)
def test_a_need_is_judged_on_each_channel_by_that_channels_own_fact(
    channels, outcome, value, by_channel
):
    result = match_platform(platform=SPLIT, needs=[*channels, E2E]).results[-1]
    assert (result.outcome, result.value) == (outcome, value)
    assert result.by_channel == tuple(ChannelResult(*each) for each in by_channel)


@pytest.mark.parametrize(
    "per_channel, expected",
    [
        ([Outcome.MEETS, Outcome.MEETS], Outcome.MEETS),
        ([Outcome.MISSES, Outcome.MISSES], Outcome.MISSES),
        ([Outcome.MEETS, Outcome.MISSES], Outcome.PARTLY),
        ([Outcome.PARTLY, Outcome.MISSES], Outcome.PARTLY),
        ([Outcome.MEETS, Outcome.UNKNOWN], Outcome.UNKNOWN),  # never met on an unknown
        ([Outcome.MISSES, Outcome.UNKNOWN], Outcome.UNKNOWN),  # nor missed
    ],
)
def test_channels_sum_up_met_only_when_met_on_every_one(per_channel, expected):
    value = {Outcome.MEETS: "yes", Outcome.MISSES: "no", Outcome.PARTLY: "partly"}
    results = tuple(
        ChannelResult(f"c{i}", o, value.get(o, "unknown")) for i, o in enumerate(per_channel)
    )
    assert summed_up(results)[0] is expected


def test_a_critical_need_missed_on_one_channel_only_is_partly_not_set_apart():
    need = Need("survivor_account", "no", critical=True)
    platform = make_platform(
        channels=("sms", "chat"),
        survivor_account="no",
        by_channel=(("survivor_account", "sms", "yes"),),
    )
    matching = match(platforms=[platform], needs=[SMS, CHAT, need])
    assert [m.platform for m in matching.ranked] == ["p"]
    assert matching.ranked[0].results[-1].outcome is Outcome.PARTLY


def test_ties_go_to_the_better_fit_then_platforms_needing_review_come_last():
    needs = [SMS, NO_ACCOUNT, E2E]
    platforms = [
        make_platform("review", needs_review=True, survivor_account="no", e2e_encryption="partly"),
        make_platform("unknown-e2e", survivor_account="no"),  # 2 met, 0 missed, 0 partly
        make_platform("partly-e2e", survivor_account="no", e2e_encryption="partly"),
        make_platform("all", needs_review=True, survivor_account="no", e2e_encryption="yes"),
    ]
    ranked = match(platforms=platforms, needs=needs).ranked
    # Fit first: "all" needs review but meets every need.
    assert [m.platform for m in ranked] == ["all", "partly-e2e", "review", "unknown-e2e"]
    assert [m.needs_review for m in ranked] == [True, False, True, False]


def test_what_the_chart_says_channel_by_channel():
    result = match_platform(platform=SPLIT, needs=[SMS, CHAT, E2E]).results[-1]
    with translation.override("en"):
        assert result_says(result) == (
            "Text messages (SMS): Conversations are not end-to-end encrypted. "
            "Web chat: Conversations are end-to-end encrypted."
        )
    with translation.override("es"):
        assert result_says(result).startswith("Mensajes de texto (SMS): Las conversaciones no")


def test_the_loader_splits_platform_wide_and_channel_facts():
    from types import SimpleNamespace

    from assessments.scoring.matching import platform_spec

    facts = [
        SimpleNamespace(criterion="e2e_encryption", channel="", value="partly"),
        SimpleNamespace(criterion="e2e_encryption", channel="chat", value="yes"),
    ]
    platform = SimpleNamespace(
        slug="p",
        channel_keys=["chat"],
        facts=SimpleNamespace(all=lambda: facts),
        status="needs_review",
        needs_review=True,
    )
    spec = platform_spec(platform)
    assert spec.facts == (("e2e_encryption", "partly"),)
    assert spec.channel_facts == (("e2e_encryption", "chat", "yes"),)
    assert spec.fact("e2e_encryption", "chat") == "yes" and spec.fact("e2e_encryption") == "partly"
    assert spec.needs_review and not spec.discontinued
