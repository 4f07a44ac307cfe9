"""Each page's title names the page, then the toolkit, as a screen reader announces it."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, title",
    [
        ("/en/", "Home · Digital Services Readiness Toolkit"),
        ("/es/", "Inicio · Herramienta de Preparación para Servicios Digitales"),
    ],
)
def test_the_title_names_the_page_then_the_toolkit(client, path, title):
    assert f"<title>{title}</title>" in client.get(path).content.decode()
