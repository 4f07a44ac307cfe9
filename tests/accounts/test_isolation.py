"""A member of one organisation gets 404 for another organisation's objects, on every URL with an id."""

import pytest

from accounts.models import Invitation, Membership, Role
from tests.conftest import url_names_with_ids
from tests.factories import client_for, make_membership

pytestmark = pytest.mark.database_dependent(
    "organization scoping lives in queries: proven on each engine"
)

# Every URL pattern that takes an object id, with the request that exercises it.
ID_URLS = {
    "accounts:member_role": ("post", {"role": "staff"}),
    "accounts:member_remove": ("post", {}),
    "accounts:invitation_revoke": ("post", {}),
}


def test_every_accounts_url_with_an_id_is_covered_here():
    names = {name for name in url_names_with_ids() if name.startswith("accounts:")}
    assert names == set(ID_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(ID_URLS))
def test_other_organisations_objects_are_404(url_name, director, other_director):
    from django.urls import reverse

    victim_staff = make_membership(organisation=other_director.organisation, role=Role.STAFF)
    invite = Invitation.objects.create(
        organisation=other_director.organisation,
        email="x@example.org",
        token_hash="h" * 64,
        expires_at="2999-01-01T00:00Z",
    )
    target = {
        "accounts:member_role": victim_staff.pk,
        "accounts:member_remove": victim_staff.pk,
        "accounts:invitation_revoke": invite.pk,
    }[url_name]
    method, data = ID_URLS[url_name]
    client = client_for(director.user)
    response = getattr(client, method)(reverse(url_name, args=[target]), data)
    assert response.status_code == 404
    assert Membership.objects.filter(pk=victim_staff.pk, role=Role.STAFF).exists()
    invite.refresh_from_db()
    assert invite.revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/organisation/members/abc/role/",
        "/en/organisation/members/-1/remove/",
        "/en/organisation/invitations/1.5/withdraw/",
    ],
)
def test_malformed_ids_are_404(path, director):
    assert client_for(director.user).post(path).status_code == 404
