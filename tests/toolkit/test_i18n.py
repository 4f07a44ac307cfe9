import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept, expected",
    [
        ("es-US,es;q=0.9,en;q=0.5", "/es/"),
        ("es", "/es/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(accept, expected):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/")
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_pages_are_in_the_language_of_their_prefix():
    client = Client()
    english = client.get("/en/sign-in/").content.decode()
    spanish = client.get("/es/sign-in/").content.decode()
    assert '<html lang="en">' in english and "Sign in" in english
    assert '<html lang="es">' in spanish and "Iniciar sesión" in spanish


@pytest.mark.django_db
def test_switcher_keeps_the_page_and_the_choice_sticks():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/en/password/reset/").content.decode()
    assert 'name="next" value="/en/password/reset/"' in page
    assert 'name="language" value="es"' in page
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/en/password/reset/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/password/reset/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # Later visits to the bare address follow the choice, not the browser's language.
    assert client.get("/")["Location"] == "/es/"


@pytest.mark.django_db
def test_switcher_refuses_to_redirect_off_site():
    response = Client().post("/i18n/setlang/", {"language": "es", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/", "/fr/sign-in/", "/xx-yy/anything/", "/es/no-such-page/"])
def test_unknown_language_prefix_or_page_is_a_translated_404(path):
    response = Client(HTTP_ACCEPT_LANGUAGE="es").get(path)
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


@pytest.mark.django_db
def test_404_in_english():
    response = Client().get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
