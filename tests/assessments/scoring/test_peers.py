"""Peer positions: only programs that agreed, each with its newest finalized assessment, never
the program itself, nothing said under twenty peers, one query whatever their number."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Organisation, PeerSharing, SizeBand
from assessments.models import (
    Assessment,
    AssessmentStatus,
    ContentVersion,
    SignedOffChannel,
    newest_signed_off_refresh,
)
from assessments.scoring.peers import MIN_PEERS, Position, peer_positions, position

WHEN = datetime(2026, 5, 1, tzinfo=UTC)


@given(below=st.integers(0, 100), same=st.integers(0, 100), above=st.integers(0, 100))
def test_position_follows_the_share_at_or_below(below, same, above):
    total = below + same + above
    if total == 0:
        return
    found = position(below=below, same=same, total=total)
    share = (below + same / 2) / total
    assert (found is Position.LOWER) == (share < 1 / 3)
    assert (found is Position.HIGHER) == (share > 2 / 3)


def peer(number, score, *, consent=True, size="", older_score=None):
    program = Organisation.objects.create(name=f"Peer {number}", size_band=size)
    if consent:
        PeerSharing.objects.create(program=program)
    version = ContentVersion.objects.order_by("-number").first()
    for when, value in ((WHEN - timedelta(days=300), older_score), (WHEN, score)):
        if value is None:
            continue
        assessment = Assessment.objects.create(
            organisation=program,
            name="Signed",
            content_version=version,
            status=AssessmentStatus.FINALISED,
            finalised_at=when,
            consider_chat=True,
        )
        SignedOffChannel.objects.create(
            assessment=assessment,
            organisation=program,
            channel="chat",
            band="ready",
            safety=value,
            signed_off_on=when.date(),
        )
    newest_signed_off_refresh(program.pk)
    return program


@pytest.mark.django_db
def test_nothing_is_said_under_twenty_peers_and_only_consenting_newest_count(director):
    for number in range(MIN_PEERS - 1):
        peer(number, 10 * (number % 10), older_score=100)
    peer(99, 100, consent=False)
    peer(98, 0, consent=False)
    scores = {"chat": {"safety": 50}}
    (found,) = [
        p
        for p in peer_positions(program=director.organisation, scores=scores)
        if p.dimension == "safety"
    ]
    assert found.position is None and found.peers == MIN_PEERS - 1
    peer(100, 0)
    (found,) = [
        p
        for p in peer_positions(program=director.organisation, scores=scores)
        if p.dimension == "safety"
    ]
    assert found.peers == MIN_PEERS and found.position is Position.MIDDLE
    high = peer_positions(program=director.organisation, scores={"chat": {"safety": 100}})
    assert [p.position for p in high if p.dimension == "safety"] == [Position.HIGHER]


@pytest.mark.django_db
def test_the_program_itself_never_counts_and_size_bands_can_narrow_the_group(director):
    director.organisation.size_band = SizeBand.SMALL
    director.organisation.save()
    PeerSharing.objects.create(program=director.organisation)
    for number in range(MIN_PEERS):
        peer(number, 0, size=SizeBand.SMALL if number < 5 else SizeBand.LARGE)
    scores = {"chat": {"safety": 100}}
    everyone = [
        p
        for p in peer_positions(program=director.organisation, scores=scores)
        if p.dimension == "safety"
    ]
    assert everyone[0].peers == MIN_PEERS and everyone[0].position is Position.HIGHER
    same = [
        p
        for p in peer_positions(program=director.organisation, scores=scores, same_size=True)
        if p.dimension == "safety"
    ]
    assert same[0].peers == 5 and same[0].position is None


@pytest.mark.django_db
def test_one_query_whatever_the_number_of_peers(director, django_assert_num_queries):
    for number in range(30):
        peer(number, number * 3)
    scores = {"chat": dict.fromkeys(["safety", "privacy"], 40), "text": {"safety": 10}}
    with django_assert_num_queries(1):
        found = peer_positions(program=director.organisation, scores=scores)
    assert len(found) == 10


@pytest.mark.django_db
def test_the_results_page_and_the_report_place_each_score_among_the_peers(director):
    from reports.signoff import assessment_finalise
    from tests.assessments.helpers import answer
    from tests.factories import client_for, make_assessment

    assessment = make_assessment(organisation=director.organisation, channels=["chat"])
    answer(assessment, director.user, devices_personal_use="no", purpose_goals_written="yes")
    client = client_for(director.user)
    page = client.get(f"/en/assessments/{assessment.pk}/results/").content.decode()
    assert "not enough programs to compare yet" in page
    for number in range(MIN_PEERS):
        peer(number, 100)  # every peer scores 100 on safety, 0 elsewhere (nothing stored)
    page = client.get(f"/en/assessments/{assessment.pk}/results/").content.decode()
    assert "(20 programs): where each score stands" in page and "lower than most" in page
    assessment_finalise(assessment=assessment, by=director.user)
    report = client.get(f"/en/assessments/{assessment.pk}/report/").content.decode()
    assert "(20 programs): where each score stands" in report


@pytest.mark.django_db
def test_a_director_counts_the_program_in_the_comparison_and_stops(director):
    from tests.factories import client_for

    client = client_for(director.user)
    client.post("/en/organisation/coalitions/peers/", {"share": "yes"})
    assert PeerSharing.objects.filter(program=director.organisation).exists()
    page = client.get("/en/organisation/coalitions/").content.decode()
    assert "Your program counts in the comparison." in page
    client.post("/en/organisation/coalitions/peers/", {"share": "no"})
    assert not PeerSharing.objects.exists()


@pytest.mark.django_db
def test_a_director_gives_the_program_s_size_band_for_the_comparison(director):
    from tests.factories import client_for

    client = client_for(director.user)
    client.post("/en/organisation/coalitions/size/", {"size_band": SizeBand.MEDIUM})
    director.organisation.refresh_from_db()
    assert director.organisation.size_band == SizeBand.MEDIUM
    client.post("/en/organisation/coalitions/size/", {"size_band": "999"})  # refused, unchanged
    director.organisation.refresh_from_db()
    assert director.organisation.size_band == SizeBand.MEDIUM
