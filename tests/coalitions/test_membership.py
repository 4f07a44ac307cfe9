"""Joining, consenting and leaving: each step only from the right state, each in the history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Organisation, OrganisationKind
from coalitions.membership import (
    coalition_invite,
    coalition_request,
    consent_set,
    membership_accept,
    membership_end,
)
from coalitions.models import CoalitionMembership, MembershipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition():
    return Organisation.objects.create(name="Coalition", kind=OrganisationKind.COALITION)


def test_an_invited_program_shares_nothing_until_its_director_chooses(coalition, director):
    program = director.organisation
    membership = coalition_invite(coalition=coalition, program=program, by=director.user)
    assert not consent_set(
        membership=membership, share_scores=True, share_name=False, by=director.user
    )
    assert membership_accept(membership=membership, by=director.user)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and not membership.share_scores
    assert consent_set(membership=membership, share_scores=True, share_name=True, by=director.user)
    with pytest.raises(ValidationError):
        consent_set(membership=membership, share_scores=False, share_name=True, by=director.user)
    assert membership_end(membership=membership, by=director.user)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    assert not membership.share_scores and not membership.share_name
    messages = list(
        LogEntry.objects.filter(object_id=str(membership.pk)).values_list(
            "change_message", flat=True
        )
    )
    assert any(m.startswith("Consent: scores shared, name shared") for m in messages)
    assert "Ended: nothing shared" in messages and len(messages) == 4


def test_asking_twice_or_joining_a_program_is_refused(coalition, director):
    program = director.organisation
    coalition_request(coalition=coalition, program=program, by=director.user)
    with pytest.raises(ValidationError):
        coalition_request(coalition=coalition, program=program, by=director.user)
    with pytest.raises(ValidationError):
        coalition_invite(coalition=program, program=coalition, by=director.user)


def test_the_database_refuses_consent_outside_an_active_membership(coalition, director):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionMembership.objects.create(
            coalition=coalition,
            program=director.organisation,
            status=MembershipStatus.INVITED,
            share_scores=True,
        )


def test_deleting_a_program_leaves_no_trace_of_it_in_the_coalition_s_history(coalition, director):
    from accounts.deletion import organisation_delete

    membership = coalition_invite(coalition=coalition, program=director.organisation, by=None)
    name = director.organisation.name
    assert LogEntry.objects.filter(object_repr__contains=name).exists()
    organisation_delete(organisation=director.organisation, by=director.user)
    assert not CoalitionMembership.objects.filter(pk=membership.pk).exists()
    assert not LogEntry.objects.filter(object_repr__contains=name).exists()


def test_peer_benchmark_consent_is_given_and_taken_back_with_history(director):
    from accounts.models import PeerSharing
    from coalitions.membership import peer_sharing_set

    program = director.organisation
    peer_sharing_set(program=program, share=True, by=director.user)
    peer_sharing_set(program=program, share=True, by=director.user)  # once is enough
    assert PeerSharing.objects.filter(program=program).count() == 1
    peer_sharing_set(program=program, share=False, by=director.user)
    assert not PeerSharing.objects.exists()
    messages = list(LogEntry.objects.values_list("change_message", flat=True))
    assert messages.count("Peer benchmark: counted, without the name") == 1
    assert "Peer benchmark: no longer counted" in messages
