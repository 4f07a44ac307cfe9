import pytest
from django.test import Client

from tests.factories import PASSWORD


def sign_in(client, email, password, lang="en"):
    return client.post(f"/{lang}/sign-in/", {"username": email, "password": password})


@pytest.mark.django_db
def test_sign_in_and_out(director):
    client = Client()
    response = sign_in(client, director.user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == director.user
    response = client.post("/en/sign-out/")
    assert response.status_code == 302
    assert not client.get("/en/").context["user"].is_authenticated


@pytest.mark.django_db
def test_sign_in_ignores_email_case(director):
    response = sign_in(Client(), director.user.email.upper(), PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_password_keeps_the_email_and_says_so_in_spanish(director):
    response = sign_in(Client(), director.user.email, "wrong", lang="es")
    assert response.status_code == 200
    html = response.content.decode()
    assert "no coinciden" in html
    assert f'value="{director.user.email}"' in html


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(director, settings):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 3
    client = Client()
    for _ in range(3):
        assert sign_in(client, director.user.email, "wrong").status_code == 200
    response = sign_in(client, director.user.email, PASSWORD, lang="es")
    assert response.status_code == 200
    assert "Demasiados intentos" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_account_lock_applies_from_another_address(director, settings):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 2
    for _ in range(2):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), director.user.email, "wrong")
    response = sign_in(Client(REMOTE_ADDR="10.0.0.2"), director.user.email, PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_throttled(director, settings):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 2  # per address: four times that
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(8):
        sign_in(client, f"someone{n}@example.org", "wrong")
    response = sign_in(client, director.user.email, PASSWORD)
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Another address is not affected.
    assert (
        sign_in(Client(REMOTE_ADDR="10.9.9.10"), director.user.email, PASSWORD).status_code == 302
    )


@pytest.mark.django_db
def test_success_clears_the_account_counter(director, settings):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 3
    client = Client()
    sign_in(client, director.user.email, "wrong")
    sign_in(client, director.user.email, "wrong")
    assert sign_in(client, director.user.email, PASSWORD).status_code == 302
    client.post("/en/sign-out/")
    sign_in(client, director.user.email, "wrong")
    sign_in(client, director.user.email, "wrong")
    assert sign_in(client, director.user.email, PASSWORD).status_code == 302
