"""A coalition's figures: only programs that consent, only their newest finalized assessment,
nothing computed over fewer than five programs, names only for those who share them, and a
fixed number of queries."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Organisation, OrganisationKind
from assessments.models import (
    Assessment,
    AssessmentStatus,
    ContentVersion,
    SignedOffChannel,
    SignedOffRecommendation,
    newest_signed_off_refresh,
)
from coalitions.figures import MIN_PROGRAMS, coalition_figures
from coalitions.models import CoalitionMembership, MembershipStatus

pytestmark = pytest.mark.database_dependent(
    "the figures are aggregates computed by each engine (counts, filters, quarters)"
)

CHANNELS = ["text", "chat", "video"]
BANDS = ["ready", "conditions", "not_ready"]


def make_coalition(name="State Coalition") -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.COALITION)


def finalized(program, *, when, bands: dict, scores: int = 50, keys=(), reassess_by=None):
    """A finalized assessment of `program` with its figures, written as sign-off writes them."""
    assessment = Assessment.objects.create(
        organisation=program,
        name="Signed",
        content_version=ContentVersion.objects.order_by("-number").first(),
        status=AssessmentStatus.FINALISED,
        finalised_at=when,
        reassess_by=reassess_by,
        **{f"consider_{channel}": True for channel in bands},
    )
    SignedOffChannel.objects.bulk_create(
        SignedOffChannel(
            assessment=assessment,
            organisation_id=assessment.organisation_id,
            channel=channel,
            band=band,
            signed_off_on=when.date(),
            reassess_by=reassess_by,
            **dict.fromkeys(["safety", "privacy", "confidentiality", "access", "capacity"], scores),
        )
        for channel, band in bands.items()
    )
    SignedOffRecommendation.objects.bulk_create(
        SignedOffRecommendation(
            assessment=assessment, organisation_id=assessment.organisation_id, key=key
        )
        for key in keys
    )
    newest_signed_off_refresh(program.pk)
    return assessment


def member(coalition, program, *, scores=True, name=False, status=MembershipStatus.ACTIVE):
    return CoalitionMembership.objects.create(
        coalition=coalition,
        program=program,
        status=status,
        share_scores=scores and status == MembershipStatus.ACTIVE,
        share_name=name and scores and status == MembershipStatus.ACTIVE,
    )


WHEN = datetime(2026, 5, 1, tzinfo=UTC)

program_specs = st.lists(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(list(MembershipStatus) + [None]),
            "scores": st.booleans(),
            "name": st.booleans(),
            "assessed": st.booleans(),
            "bands": st.dictionaries(st.sampled_from(CHANNELS), st.sampled_from(BANDS), min_size=1),
            "older": st.booleans(),  # an older finalized assessment that must not count
        }
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=program_specs)
def test_no_figure_is_ever_computed_over_fewer_than_five_programs(specs):
    with transaction.atomic():
        coalition = make_coalition()
        expected_channels: dict[str, list[str]] = {}
        expected_named = {}
        for number, spec in enumerate(specs):
            program = Organisation.objects.create(name=f"Program {number:02d}")
            if spec["status"] is not None:
                member(
                    coalition,
                    program,
                    scores=spec["scores"],
                    name=spec["name"],
                    status=spec["status"],
                )
            if spec["older"]:
                finalized(program, when=WHEN - timedelta(days=400), bands={"text": "ready"})
            if spec["assessed"]:
                finalized(program, when=WHEN, bands=spec["bands"], keys=["rec-a"])
            shares = spec["status"] == MembershipStatus.ACTIVE and spec["scores"]
            newest = (
                spec["bands"] if spec["assessed"] else {"text": "ready"} if spec["older"] else None
            )
            if shares and newest:
                for channel, band in newest.items():
                    expected_channels.setdefault(channel, []).append(band)
                if spec["name"]:
                    expected_named[program.name] = newest
        figures = coalition_figures(coalition=coalition, today=date(2026, 6, 1))
        for row in figures.channels:
            bands = expected_channels[row.channel]
            if len(bands) < MIN_PROGRAMS:
                assert row.programs is None and row.bands is None and row.distribution is None
            else:
                assert row.programs == len(bands)
                assert row.bands == {b: bands.count(b) for b in BANDS}
        assert {row.channel for row in figures.channels} == set(expected_channels)
        assessed = sum(
            1
            for s in specs
            if s["status"] == MembershipStatus.ACTIVE and s["scores"] and s["assessed"]
        )
        if assessed < MIN_PROGRAMS:
            assert figures.assessed is None and figures.recommendations is None
            assert figures.overdue is None
        else:
            assert figures.assessed == assessed and figures.recommendations == [("rec-a", assessed)]
        for quarter in figures.quarters:
            assert quarter["programs"] is None or quarter["programs"] >= MIN_PROGRAMS
        assert figures.named == expected_named
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_withdrawing_consent_removes_the_program_at_once():
    coalition = make_coalition()
    memberships = []
    for number in range(MIN_PROGRAMS):
        program = Organisation.objects.create(name=f"Program {number}")
        finalized(program, when=WHEN, bands={"chat": "ready"})
        memberships.append(member(coalition, program, name=True))
    figures = coalition_figures(coalition=coalition)
    assert figures.channels[0].programs == MIN_PROGRAMS and len(figures.named) == MIN_PROGRAMS
    from coalitions.membership import consent_set

    consent_set(
        membership=memberships[0], share_scores=False, share_name=False, by=None
    ) if False else None
    CoalitionMembership.objects.filter(pk=memberships[0].pk).update(
        share_scores=False, share_name=False
    )
    figures = coalition_figures(coalition=coalition)
    assert figures.channels[0].programs is None and figures.assessed is None
    assert "Program 0" not in figures.named and len(figures.named) == MIN_PROGRAMS - 1


def _coalition_of(size: int, seed: int = 7) -> Organisation:
    rng = random.Random(seed)
    coalition = make_coalition(f"Coalition of {size}")
    for number in range(size):
        program = Organisation.objects.create(name=f"P{size}-{number}")
        finalized(
            program,
            when=WHEN - timedelta(days=rng.randrange(0, 500)),
            bands={c: rng.choice(BANDS) for c in rng.sample(CHANNELS, rng.randint(1, 3))},
            scores=rng.randrange(0, 101),
            keys=rng.sample(["a", "b", "c", "d", "e"], 2),
            reassess_by=date(2026, 1, 1) + timedelta(days=rng.randrange(0, 400)),
        )
        member(coalition, program, name=rng.random() < 0.3)
    return coalition


@pytest.mark.django_db
def test_the_figures_take_a_fixed_number_of_queries(django_assert_num_queries):
    small, large = _coalition_of(6), _coalition_of(40)
    with django_assert_num_queries(6):
        coalition_figures(coalition=small)
    with django_assert_num_queries(6):
        figures = coalition_figures(coalition=large)
    assert figures.assessed == 40 and sum(r.programs for r in figures.channels) >= 40
    assert all(
        sum(counts) == row.programs
        for row in figures.channels
        for counts in row.distribution.values()
    )
