"""The translation status: what is missing or older, the staff-only page, the admin action.

Guides serve as the example content: any model registered with modeltranslation is tracked alike.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from platforms.models import Guide, PlatformFact
from tests.factories import client_for, make_admin, make_user
from tests.platforms.conftest import guide_form
from tests.toolkit.helpers import problems
from toolkit.translation_status import MISSING, OLDER, translation_status

pytestmark = pytest.mark.database_dependent("translation stamps are stored rows with unique keys")


def test_shipped_content_is_fully_translated(db):
    status = translation_status()
    assert list(status) == [] and status.percent_current == 100
    assert status.checked >= 10 * 3 + 5 + 60  # guides and platforms, plus the worksheet content


def test_translation_status_covers_worksheet_content(db):
    from assessments.models import Question

    Question.objects.filter(key="purpose-goals-written").update(help_es="")
    found = [(p.obj.key, p.language) for p in translation_status() if hasattr(p.obj, "key")]
    assert ("purpose-goals-written", "es") in found


def test_translation_status_finds_a_deliberately_missing_spanish_field(db):
    Guide.objects.filter(slug="web-chat").update(summary_es="")
    PlatformFact.objects.filter(platform__slug="cyph", criterion="languages").update(note_en=" ")
    assert problems() == {
        ("Guide", "web-chat", "summary", "es", MISSING),
        ("PlatformFact", None, "note", "en", MISSING),
    }
    assert translation_status().percent_current < 100  # never rounds a problem away


def test_spanish_is_older_after_an_admin_edits_only_the_english(db):
    guide = Guide.objects.get(slug="web-chat")
    client_for(make_admin()).post(
        f"/en/admin/platforms/guide/{guide.pk}/change/",
        guide_form(guide, body_en=guide.body_en + "\n\nMore."),
    )
    assert problems() == {("Guide", "web-chat", "body", "es", OLDER)}
    # A translator catches the Spanish up: both languages are current again, and English does
    # not now look older than the Spanish.
    guide.refresh_from_db()
    client_for(make_admin()).post(
        f"/en/admin/platforms/guide/{guide.pk}/change/",
        guide_form(guide, body_es=guide.body_es + "\n\nMás."),
    )
    assert problems() == set()
    # An improvement made only in Spanish asks for the English to be checked.
    guide.refresh_from_db()
    client_for(make_admin()).post(
        f"/en/admin/platforms/guide/{guide.pk}/change/",
        guide_form(guide, title_es="Chat web, revisado"),
    )
    assert problems() == {("Guide", "web-chat", "title", "en", OLDER)}


def test_status_page_lists_each_problem_with_a_link_to_its_change_page(db):
    guide = Guide.objects.get(slug="web-chat")
    Guide.objects.filter(pk=guide.pk).update(title_es="")
    page = client_for(make_admin()).get("/en/admin-tools/translation-status/").content.decode()
    assert f'<a href="/en/admin/platforms/guide/{guide.pk}/change/">' in page
    assert "<td>Missing</td>" in page and "<td>Spanish</td>" in page
    status = translation_status()
    assert status.percent_current < 100
    assert f"{status.percent_current}% of {status.checked} translated texts are current" in page


def test_status_page_says_nothing_to_do_for_shipped_content(db):
    page = client_for(make_admin()).get("/es/admin-tools/translation-status/").content.decode()
    assert f"El 100% de {translation_status().checked} textos traducidos está al día" in page
    assert "No hay nada pendiente" in page


def test_status_page_is_for_staff_only(db):
    for client in (Client(), client_for(make_user())):
        response = client.get("/en/admin-tools/translation-status/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_index_links_to_the_status_page_and_the_history(db):
    page = client_for(make_admin()).get("/en/admin/").content.decode()
    assert 'href="/en/admin-tools/translation-status/"' in page
    assert 'href="/en/admin/admin/logentry/"' in page


def test_mark_translations_as_current_action(db):
    guide = Guide.objects.get(slug="web-chat")
    admin = client_for(make_admin())
    admin.post(
        f"/en/admin/platforms/guide/{guide.pk}/change/",
        guide_form(guide, title_en="Web chat, revised"),
    )
    assert problems() == {("Guide", "web-chat", "title", "es", OLDER)}
    response = admin.post(
        "/en/admin/platforms/guide/", {"action": "mark_current", "_selected_action": [guide.pk]}
    )
    assert response.status_code == 302
    assert problems() == set()
    assert LogEntry.objects.filter(object_id=str(guide.pk)).count() == 2
