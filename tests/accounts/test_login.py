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
def test_failures_from_one_client_never_lock_the_person_out_from_another(director, settings):
    """Someone failing on a director's account pauses that account from their client only."""
    settings.TOOLKIT_LOGIN_ATTEMPTS = 2
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.0.0.1"), director.user.email, "wrong")
    paused = sign_in(Client(REMOTE_ADDR="10.0.0.1"), director.user.email, PASSWORD)
    assert "Too many failed sign-in attempts" in paused.content.decode()
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), director.user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_made_up_accounts_from_one_client_do_not_lock_a_real_director(director, settings):
    settings.TOOLKIT_LOGIN_ATTEMPTS = 2
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    for n in range(30):
        sign_in(attacker, f"made-up-{n}@example.org", "wrong")
    assert "Too many failed" in sign_in(attacker, director.user.email, PASSWORD).content.decode()
    assert sign_in(Client(REMOTE_ADDR="10.0.0.7"), director.user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_each_client_counts_apart_and_forged_entries_are_ignored(director, settings):
    """Every request reaches the app from the proxy's address; the proxy appends the address it
    saw to X-Forwarded-For, and anything to its left came from the client and may be forged."""
    settings.TOOLKIT_LOGIN_ATTEMPTS = 2
    settings.TOOLKIT_TRUSTED_PROXIES = 1
    for n in range(10):  # one attacker forging a different first entry each time
        Client(REMOTE_ADDR="10.0.0.100", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9").post(
            "/en/sign-in/", {"username": director.user.email, "password": "wrong"}
        )
    attacker = Client(REMOTE_ADDR="10.0.0.100", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")
    assert "Too many failed" in sign_in(attacker, director.user.email, PASSWORD).content.decode()
    director_client = Client(REMOTE_ADDR="10.0.0.100", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert sign_in(director_client, director.user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_like_the_sites(settings):
    """Eight wrong passwords in a row, then the right one, used to sign a site admin in."""
    from tests.factories import make_user

    settings.TOOLKIT_LOGIN_ATTEMPTS = 5
    admin_user = make_user(email="site-admin@toolkit.example", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(8):
        client.post("/en/admin/login/", {"username": admin_user.email, "password": "wrong"})
    response = client.post("/en/admin/login/", {"username": admin_user.email, "password": PASSWORD})
    assert response.status_code == 200 and "Too many failed sign-in attempts" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


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
