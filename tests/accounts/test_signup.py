import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Membership, Organisation, Role, User
from accounts.organisations import signup_token_make

pytestmark = pytest.mark.database_dependent(
    "e-mail addresses are unique whatever their case, by a constraint on Lower(email)"
)

PASSWORD = "a long enough passphrase"


def confirmation_path():
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return link.split("testserver", 1)[1]


@pytest.mark.django_db
def test_program_signs_up_with_email_confirmation():
    client = Client()
    response = client.post(
        "/en/sign-up/",
        {"organisation_name": "Riverside Safe Haven", "email": "Director@Riverside.example"},
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists() and not User.objects.exists()
    path = confirmation_path()
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.organisation.name == "Riverside Safe Haven"
    assert membership.user.email == "director@riverside.example"
    assert membership.role == Role.DIRECTOR
    # The link cannot be used twice.
    again = Client().post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 400
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_bad_password_keeps_the_form_and_creates_nothing():
    client = Client()
    client.post("/es/sign-up/", {"organisation_name": "Casa", "email": "d@casa.example"})
    response = client.post(confirmation_path(), {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "Hay un problema" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "a" * 300,
        signup_token_make(organisation_name="x", email="y@z.example")[:-3] + "abc",
    ],
    # The signed token holds a timestamp: named ids keep every xdist worker's
    # collection identical.
    ids=["garbage", "overlong", "bad-signature"],
)
def test_forged_or_damaged_signup_links_are_refused(token):
    response = Client().get(f"/es/sign-up/{token}/")
    assert response.status_code == 400
    assert "Este enlace ya no funciona" in response.content.decode()


@pytest.mark.django_db
def test_expired_signup_link(settings):
    settings.TOOLKIT_SIGNUP_LINK_HOURS = 0
    token = signup_token_make(organisation_name="Late", email="late@example.org")
    import time

    time.sleep(1.1)
    assert Client().get(f"/en/sign-up/{token}/").status_code == 400


@pytest.mark.django_db
def test_self_signup_can_be_turned_off(settings):
    settings.TOOLKIT_SELF_SIGNUP = False
    response = Client().post("/en/sign-up/", {"organisation_name": "X", "email": "x@example.org"})
    assert response.status_code == 403
    assert not mail.outbox
    token = signup_token_make(organisation_name="X", email="x@example.org")
    assert Client().get(f"/en/sign-up/{token}/").status_code == 400
    assert "Sign up your program" not in Client().get("/en/").content.decode()
