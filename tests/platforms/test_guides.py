import re

from django.test import Client

from platforms.models import Guide
from tests.factories import client_for, make_admin, make_guide, make_user


def test_index_groups_published_guides_by_topic(content):
    Guide.objects.filter(slug="breach-response").update(published=False)
    page = Client().get("/en/guides/").content.decode()
    topics = re.findall(r'<h2 id="topic-\d+" class="h4">([^<]+)</h2>', page)
    assert topics == [
        "Readiness",
        "Choosing a platform",
        "Choosing a vendor",
        "Channels",
        "Devices",
        "Good practice",
        "Referral",
    ]
    assert "Referring to national hotlines" in page
    assert "breach-response" not in page
    assert 'href="/en/guides/" aria-current="page">Guides</a>' in page


def test_guide_in_spanish_renders_markdown(content):
    response = Client().get("/es/guides/national-hotlines/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cómo remitir a las líneas nacionales de ayuda</h1>" in page
    assert '<a href="https://www.thehotline.org/" rel="noopener noreferrer">' in page
    assert "<h2>" in page and "<li>" in page
    assert "Última revisión: 30 de noviembre de 2026" in page


def test_unsafe_markdown_in_a_guide_is_neutralised_on_the_page(db):
    guide = make_guide(
        body_en="Hi <script>alert(1)</script> ![x](https://evil.example/x.png) "
        "[go](javascript:alert(1))",
        title_en="<i>Title</i>",
    )
    page = Client().get(f"/en/guides/{guide.slug}/").content.decode()
    assert "<script>alert" not in page and "evil.example" not in page
    assert "javascript:" not in page
    assert "&lt;i&gt;Title&lt;/i&gt;" in page


def test_missing_guide_is_a_translated_404(db):
    for lang, text in (("es", "Página no encontrada"), ("en", "Page not found")):
        response = Client().get(f"/{lang}/guides/no-such-guide/")
        assert response.status_code == 404
        assert text in response.content.decode()


def test_unpublished_guide_is_a_404_for_the_public(db):
    guide = make_guide(published=False)
    assert Client().get(f"/en/guides/{guide.slug}/").status_code == 404
    assert client_for(make_user()).get(f"/es/guides/{guide.slug}/").status_code == 404
    assert guide.slug not in Client().get("/en/guides/").content.decode()


def test_preview_shows_an_unpublished_guide_to_staff_in_the_urls_language(db):
    guide = make_guide(published=False)
    admin = client_for(make_admin())
    english = admin.get(f"/en/guides/{guide.slug}/preview/").content.decode()
    spanish = admin.get(f"/es/guides/{guide.slug}/preview/").content.decode()
    assert "Preview — not published" in english and guide.title_en in english
    assert "Vista previa: sin publicar" in spanish and guide.title_es in spanish
    assert "Cuerpo en español." in spanish and "English body." not in spanish


def test_preview_of_a_published_guide_says_so(db):
    guide = make_guide()
    page = client_for(make_admin()).get(f"/en/guides/{guide.slug}/preview/").content.decode()
    assert "This guide is published." in page and "not published" not in page


def test_preview_is_for_staff_only(db):
    guide = make_guide(published=False)
    for client in (Client(), client_for(make_user())):
        response = client.get(f"/en/guides/{guide.slug}/preview/")
        assert response.status_code == 302
        assert response["Location"].startswith("/en/admin/login/")
    assert client_for(make_admin()).get("/en/guides/nope/preview/").status_code == 404
