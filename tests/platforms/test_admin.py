import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client

from platforms.models import Guide, Platform
from tests.factories import client_for, make_admin, make_guide
from tests.platforms.conftest import guide_form
from tests.toolkit.helpers import problems
from toolkit.translation_status import OLDER

pytestmark = pytest.mark.database_dependent("platform facts have unique and check constraints")

MANAGEMENT = {
    "facts-TOTAL_FORMS": "0",
    "facts-INITIAL_FORMS": "0",
    "facts-MIN_NUM_FORMS": "0",
    "facts-MAX_NUM_FORMS": "1000",
}


def platform_form(**changes) -> dict:
    return {
        "slug": "new-platform",
        "name": "New platform",
        "website": "https://new.example/",
        "status": "active",
        "channels_offered": ["chat", "video"],
        "description_en": "A new one.",
        "description_es": "Una nueva.",
        "_save": "Save",
        **MANAGEMENT,
        **changes,
    }


def fact_form(index: int, **changes) -> dict:
    fields = {
        "criterion": "open_source",
        "value": "yes",
        "note_en": "Apache licence.",
        "note_es": "Licencia Apache.",
        "source": "https://new.example/licence",
        "reviewed_on": "2026-11-01",
        "id": "",
        "platform": "",
        **changes,
    }
    return {f"facts-{index}-{name}": value for name, value in fields.items()}


def test_admin_edit_of_a_guides_spanish_body_shows_on_es_only(content):
    guide = Guide.objects.get(slug="web-chat")
    admin = client_for(make_admin())
    new_body = guide.body_es + "\n\nPárrafo nuevo escrito en el admin."
    response = admin.post(
        f"/es/admin/platforms/guide/{guide.pk}/change/", guide_form(guide, body_es=new_body)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    spanish = Client().get("/es/guides/web-chat/").content.decode()
    assert "Párrafo nuevo escrito en el admin." in spanish
    assert "Párrafo nuevo" not in Client().get("/en/guides/web-chat/").content.decode()


def test_admin_edit_is_recorded_with_who_and_which_fields_and_languages(content):
    guide = Guide.objects.get(slug="web-chat")
    person = make_admin(email="editor@example.org")
    client_for(person).post(
        f"/en/admin/platforms/guide/{guide.pk}/change/",
        guide_form(guide, body_es="Nuevo.", order=42),
    )
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (person, CHANGE, str(guide.pk))
    assert entry.get_change_message() == "Changed Order and Body [es]."
    history = client_for(person).get("/en/admin/admin/logentry/").content.decode()
    assert "editor@example.org" in history and "Changed Order and Body [es]." in history


def test_guide_admin_has_search_filters_tabs_and_preview(content):
    admin = client_for(make_admin())
    found = admin.get("/en/admin/platforms/guide/?q=l%C3%ADneas+nacionales").content.decode()
    other_guide = Guide.objects.get(slug="web-chat").title_en  # shown when the search finds all
    assert "Referring to national hotlines" in found and other_guide not in found
    assert "Breach" in admin.get("/en/admin/platforms/guide/?topic=breach").content.decode()
    guide = Guide.objects.get(slug="web-chat")
    page = admin.get(f"/en/admin/platforms/guide/{guide.pk}/change/").content.decode()
    assert 'href="/en/guides/web-chat/preview/"' in page
    assert 'href="/es/guides/web-chat/preview/"' in page
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page  # tabs, from our own origin
    assert "googleapis" not in page
    assert 'name="body_en"' in page and 'name="body_es"' in page


def test_platform_admin_refuses_a_platform_without_sources(db):
    admin = client_for(make_admin())
    response = admin.post("/en/admin/platforms/platform/add/", platform_form())
    assert response.status_code == 200
    assert (
        "Add at least one fact with the public source it comes from." in response.content.decode()
    )
    response = admin.post(
        "/en/admin/platforms/platform/add/",
        platform_form(**{**MANAGEMENT, "facts-TOTAL_FORMS": "1"}, **fact_form(0, source="")),
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Platform.objects.filter(name=platform_form()["name"]).exists()


def test_platform_admin_saves_a_sourced_platform_and_tracks_it(db):
    admin = client_for(make_admin())
    response = admin.post(
        "/en/admin/platforms/platform/add/",
        platform_form(**{**MANAGEMENT, "facts-TOTAL_FORMS": "1"}, **fact_form(0)),
    )
    assert response.status_code == 302
    platform = Platform.objects.get(slug="new-platform")
    assert platform.channel_keys == ["chat", "video"]
    assert platform.facts.get().note_es == "Licencia Apache."
    assert problems() == set()
    entry = LogEntry.objects.get()
    assert entry.get_change_message().startswith("Added.")
    fact = platform.facts.get()
    admin.post(
        f"/en/admin/platforms/platformfact/{fact.pk}/change/",
        {
            "platform": platform.pk,
            "criterion": fact.criterion,
            "value": "partly",
            "note_en": "Changed in English only.",
            "note_es": fact.note_es,
            "source": fact.source,
            "reviewed_on": "2026-11-02",
            "_save": "Save",
        },
    )
    assert problems() == {("PlatformFact", None, "note", "es", OLDER)}
    assert "Note [en]" in LogEntry.objects.latest("pk").get_change_message()


def test_platform_admin_search_and_needs_review_filter(content):
    admin = client_for(make_admin())
    assert "Jitsi Meet" in admin.get("/en/admin/platforms/platform/?q=jitsi").content.decode()
    flagged = admin.get("/en/admin/platforms/platform/?needs_review=yes").content.decode()
    assert "Gruveo" in flagged and "Cyph" in flagged and "Jitsi Meet" not in flagged
    facts = admin.get(
        "/en/admin/platforms/platformfact/", {"criterion": "signs_baa", "value": "partly"}
    ).content.decode()
    assert "1 platform fact" in facts and '">Doxy.me</a></th>' in facts
    by_channel = admin.get(
        "/en/admin/platforms/platformfact/", {"criterion": "e2e_encryption", "channel": "sms"}
    ).content.decode()
    assert "1 platform fact" in by_channel and '">ResourceConnect</a></th>' in by_channel


def test_change_history_is_read_only(db):
    guide = make_guide()
    admin = client_for(make_admin())
    admin.post(f"/en/admin/platforms/guide/{guide.pk}/change/", guide_form(guide, order=3))
    entry = LogEntry.objects.get()
    assert admin.get("/en/admin/admin/logentry/add/").status_code == 403
    assert admin.get(f"/en/admin/admin/logentry/{entry.pk}/delete/").status_code == 403
    assert admin.post(f"/en/admin/admin/logentry/{entry.pk}/change/", {}).status_code == 403
    view = admin.get(f"/en/admin/admin/logentry/{entry.pk}/change/").content.decode()
    assert "Changed Order." in view and 'name="_save"' not in view
    listing = admin.get(f"/en/admin/admin/logentry/?action_flag={CHANGE}&q=Guide").content.decode()
    assert guide.title_en in listing


def test_platform_admin_takes_one_fact_per_criterion_and_channel(db):
    admin = client_for(make_admin())
    twice = platform_form(
        **{**MANAGEMENT, "facts-TOTAL_FORMS": "3"},
        **fact_form(0),
        **fact_form(1, channel="chat", value="no"),
        **fact_form(2, channel="chat", value="partly"),
    )
    response = admin.post("/en/admin/platforms/platform/add/", twice)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not Platform.objects.filter(slug="new-platform").exists()
    once = {key: value for key, value in twice.items() if not key.startswith("facts-2-")}
    response = admin.post("/en/admin/platforms/platform/add/", {**once, "facts-TOTAL_FORMS": "2"})
    assert response.status_code == 302
    facts = Platform.objects.get(slug="new-platform").facts.order_by("channel")
    assert [(f.channel, f.value) for f in facts] == [("", "yes"), ("chat", "no")]
