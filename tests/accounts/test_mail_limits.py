"""Nobody can use the site to fill someone's inbox: sign-up confirmations, password resets and
invitations are limited per address and per client (accounts/mail_limits.py)."""

import pytest
from django.core import mail
from django.test import Client

from tests.factories import client_for, make_user


@pytest.fixture
def limits(settings):
    settings.TOOLKIT_MAIL_PER_ADDRESS = 3
    settings.TOOLKIT_MAIL_PER_CLIENT = 10


def sign_up(client, email, name="Casa"):
    return client.post("/en/sign-up/", {"organisation_name": name, "email": email})


@pytest.mark.django_db
def test_five_sign_ups_for_one_address_send_three_mails_and_look_the_same(limits):
    """Five sign-ups used to send five mails, each quoting a name the sender chose."""
    pages = [
        sign_up(Client(REMOTE_ADDR=f"10.0.0.{n}"), "victim@example.org", name=f"Spam {n}")
        for n in range(5)
    ]
    assert len(mail.outbox) == 3
    assert {page.status_code for page in pages} == {200}
    assert all("victim@example.org" in page.content.decode() for page in pages)


@pytest.mark.django_db
def test_one_client_cannot_mail_many_addresses(limits):
    client = Client(REMOTE_ADDR="10.6.6.6")
    for n in range(25):
        sign_up(client, f"person{n}@example.org")
    assert len(mail.outbox) == 10
    sign_up(Client(REMOTE_ADDR="10.0.0.1"), "someone-else@example.org")
    assert len(mail.outbox) == 11  # another client is not held back


@pytest.mark.django_db
def test_password_resets_for_one_address_are_limited(limits):
    user = make_user(email="director@program.example")
    for n in range(6):
        response = Client(REMOTE_ADDR=f"10.0.1.{n}").post(
            "/en/password/reset/", {"email": user.email}
        )
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_director_cannot_reinvite_one_address_without_end(limits, director):
    client = client_for(director.user)
    for _ in range(3):
        assert (
            client.post(
                "/en/organisation/members/", {"email": "new@example.org", "role": "staff"}
            ).status_code
            == 302
        )
    refused = client.post(
        "/es/organisation/members/", {"email": "new@example.org", "role": "staff"}
    )
    assert refused.status_code == 400
    assert "Espere una hora" in refused.content.decode()
    assert len(mail.outbox) == 3
