"""The report's platform page: one matrix of platforms by stated need, and the facts behind it.

Only platforms that offer a channel the assessment considers are shown: a text-and-chat program
reads nothing about a platform that offers neither. Each fact keeps its source and the date it
was checked, in an appendix. The matrix informs; it ranks nothing and endorses nothing.
"""

from django.utils.translation import gettext as _

from assessments.scoring.comparison import MatchesPage, PlatformCard
from assessments.scoring.matching import Outcome

from .sections import date_text, review_text


def outcome_words() -> dict[str, str]:
    return {
        Outcome.MEETS.value: _("Met"),
        Outcome.PARTLY.value: _("Partly met"),
        Outcome.UNKNOWN.value: _("Unknown"),
        Outcome.MISSES.value: _("Not met"),
    }


def _offers_a_channel(card: PlatformCard) -> bool:
    return any(row.criterion is None and row.outcome == Outcome.MEETS.value for row in card.rows)


def _facts(card: PlatformCard, channels: set[str]) -> list[dict]:
    """The facts behind the platform's cells, need by need: the platform-wide one, and any fact
    that differs on a channel the assessment considers (chart channel keys in `channels`)."""
    criteria = {row.criterion.value: row.need for row in card.rows if row.criterion is not None}
    facts = sorted(card.platform.facts.all(), key=lambda fact: fact.channel)
    return [
        {
            "need": need,
            "channel": str(fact.get_channel_display()) if fact.channel else "",
            "says": str(fact.get_value_display()),
            "note": fact.note,
            "source": fact.source,
            "reviewed_on": date_text(fact.reviewed_on),
            "reviewed_on_iso": fact.reviewed_on.isoformat(),
        }
        for criterion, need in criteria.items()
        for fact in facts
        if fact.criterion == criterion and (not fact.channel or fact.channel in channels)
    ]


def platform_matrix(page: MatchesPage, *, channels: set[str]) -> dict:
    """Stated needs down, platforms across (those offering a channel considered), each cell met,
    partly met, unknown or not met in words; then each platform's facts with their sources."""
    words = outcome_words()
    cards = [(card, False) for card in page.ranked if _offers_a_channel(card)] + [
        (card, True) for card in page.set_apart if _offers_a_channel(card)
    ]
    return {
        "from_worksheet": page.from_worksheet,
        "platforms": [
            {
                "name": card.platform.name,
                "key": card.key,
                "set_apart": apart,
                "reasons": list(card.reasons),
                "review_text": review_text(card),
                "facts": _facts(card, channels),
            }
            for card, apart in cards
        ],
        "rows": [
            {
                "need": need.text,
                "critical": need.critical,
                "cells": [
                    {"outcome": card.rows[index].outcome, "label": words[card.rows[index].outcome]}
                    for card, _apart in cards
                ],
            }
            for index, need in enumerate(page.needs)
        ],
        "left_out": len(page.ranked) + len(page.set_apart) - len(cards),
    }
