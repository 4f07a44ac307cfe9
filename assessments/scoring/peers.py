"""Where a program's scores stand among the programs on the site that agreed to count,
anonymously, in the comparison (`accounts.PeerSharing`).

Each peer counts with its newest finalized full assessment, through the figures sign-off keeps
(`SignedOffChannel`). For each channel and dimension the database counts, in one query, how many
peers scored below and how many the same; the program's score then stands "lower than most",
"about the middle" or "higher than most". Nothing is said for a group of fewer than MIN_PEERS
programs. Optionally the group is only programs of the program's size band.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from assessments.models import SignedOffChannel

from .engine import DIMENSIONS
from .results import channel_label, dimension_label

MIN_PEERS = 20


class Position(StrEnum):
    LOWER = "lower"
    MIDDLE = "middle"
    HIGHER = "higher"

    @property
    def label(self) -> str:
        return str(POSITION_LABELS[self])


POSITION_LABELS = {
    Position.LOWER: _("lower than most"),
    Position.MIDDLE: _("about the middle"),
    Position.HIGHER: _("higher than most"),
}


def position(*, below: int, same: int, total: int) -> Position:
    """The score's place in a group: its share of the group at or below it, ties split."""
    share = (below + same / 2) / total
    if share < 1 / 3:
        return Position.LOWER
    if share > 2 / 3:
        return Position.HIGHER
    return Position.MIDDLE


@dataclass(frozen=True)
class PeerPosition:
    channel: str
    dimension: str
    position: Position | None  # None: fewer than MIN_PEERS peers, or nothing to compare
    peers: int


def _peers(program: Organisation, *, same_size: bool):
    peers = Organisation.objects.filter(peer_sharing__isnull=False).exclude(pk=program.pk)
    if same_size:
        peers = peers.filter(size_band=program.size_band)
    return peers.values("pk")


def peer_positions(
    *, program: Organisation, scores: dict, same_size: bool = False
) -> list[PeerPosition]:
    """Each (channel, dimension) of `scores` ({channel: {dimension: score or None}}) placed
    among the peers, in one query whatever their number."""
    counts = {}
    for channel, by_dimension in scores.items():
        counts[f"{channel}__n"] = Count("pk", filter=Q(channel=channel))
        for dimension in DIMENSIONS:
            score = by_dimension.get(dimension)
            if score is None:
                continue
            here = Q(channel=channel, **{f"{dimension}__isnull": False})
            counts[f"{channel}__{dimension}__total"] = Count("pk", filter=here)
            counts[f"{channel}__{dimension}__below"] = Count(
                "pk", filter=here & Q(**{f"{dimension}__lt": score})
            )
            counts[f"{channel}__{dimension}__same"] = Count(
                "pk", filter=here & Q(**{dimension: score})
            )
    if not counts:
        return []
    found = SignedOffChannel.objects.filter(
        newest=True, organisation__in=_peers(program, same_size=same_size)
    ).aggregate(**counts)
    positions = []
    for channel, by_dimension in scores.items():
        for dimension in DIMENSIONS:
            total = found.get(f"{channel}__{dimension}__total", 0)
            placed = None
            if by_dimension.get(dimension) is not None and total >= MIN_PEERS:
                placed = position(
                    below=found[f"{channel}__{dimension}__below"],
                    same=found[f"{channel}__{dimension}__same"],
                    total=total,
                )
            positions.append(PeerPosition(channel, dimension, placed, total))
    return positions


def peer_comparison(*, program: Organisation, scores: dict) -> list[dict]:
    """The comparison a page prints: among every consenting program, and among those of the
    program's size band when it has one; each a grid of channels across and dimensions down,
    each cell a position in words or None (fewer than MIN_PEERS peers)."""
    groups = [(_("Compared with the programs that share anonymously"), False)]
    if program.size_band:
        groups.append((_("Compared with programs of your size that share anonymously"), True))
    found = []
    for title, same_size in groups:
        positions = peer_positions(program=program, scores=scores, same_size=same_size)
        at = {(p.channel, p.dimension): p for p in positions}
        found.append(
            {
                "title": str(title),
                "peers": max((p.peers for p in positions), default=0),
                "enough": any(p.position is not None for p in positions),
                "columns": [channel_label(c) for c in scores],
                "rows": [
                    {
                        "label": dimension_label(d),
                        "cells": [
                            at[c, d].position.label if at[c, d].position else None for c in scores
                        ],
                    }
                    for d in DIMENSIONS
                ],
            }
        )
    return found
