import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from platforms.content import load_content
from platforms.models import Criterion, FactValue, Guide, Platform, PlatformFact, PlatformStatus
from tests.platforms.conftest import empty_platform_content
from toolkit.content_sync import ContentError

pytestmark = pytest.mark.database_dependent("the content loader's stable keys and constraints")

SHIPPED = Path(settings.BASE_DIR) / "content"


def snapshot():
    """Every loaded value, to compare one load with the next."""
    return (
        list(Guide.objects.order_by("slug").values()),
        list(Platform.objects.order_by("slug").values()),
        list(PlatformFact.objects.order_by("platform__slug", "criterion").values()),
        sorted(Platform.objects.values_list("slug", "channels__channel")),
    )


@pytest.fixture(autouse=True)
def _empty(db):
    empty_platform_content()


@pytest.fixture
def content_copy(tmp_path) -> Path:
    shutil.copytree(SHIPPED / "guides", tmp_path / "guides")
    shutil.copy(SHIPPED / "platforms.yaml", tmp_path / "platforms.yaml")
    return tmp_path


def test_loads_every_guide_and_platform(fresh_content):
    assert Guide.objects.count() == len(list((SHIPPED / "guides").glob("*.yaml"))) == 12
    assert Platform.objects.count() == 5
    assert PlatformFact.objects.filter(channel="").count() == 5 * len(Criterion)
    assert PlatformFact.objects.exclude(channel="").count() == 13  # facts that differ by channel
    assert fresh_content.startswith("12 guides, 5 platforms, 83 facts; created 100, updated 0")


def test_seeds_the_facts_of_the_product_brief(fresh_content):
    jitsi = Platform.objects.get(slug="jitsi-meet")
    facts = dict(jitsi.facts.values_list("criterion", "value"))
    assert facts["self_hostable"] == facts["open_source"] == FactValue.YES
    assert jitsi.channel_keys == ["video", "audio", "group_video", "in_call_chat"]
    resourceconnect = Platform.objects.get(slug="resourceconnect")
    assert resourceconnect.facts.get(criterion="survivor_account").value == FactValue.NO
    assert resourceconnect.facts.get(criterion="cost_model").value == FactValue.UNKNOWN
    assert "sms" in resourceconnect.channel_keys
    doxy = Platform.objects.get(slug="doxy-me")
    assert doxy.facts.get(criterion="signs_baa").value == FactValue.PARTLY
    assert "in_call_chat" in doxy.channel_keys and "chat" not in doxy.channel_keys
    for slug in ("gruveo", "cyph"):
        assert Platform.objects.get(slug=slug).status == PlatformStatus.NEEDS_REVIEW
    assert not PlatformFact.objects.filter(source="").exists()
    # Chat inside a call is not web chat: only platforms with a web chat list "chat".
    assert set(
        Platform.objects.filter(channels__channel="chat").values_list("slug", flat=True)
    ) == {
        "resourceconnect",
        "cyph",
    }
    recording = dict(
        PlatformFact.objects.filter(criterion="session_recording", channel="").values_list(
            "platform__slug", "value"
        )
    )
    assert recording == {
        "resourceconnect": "unknown",
        "jitsi-meet": "yes",
        "gruveo": "yes",
        "cyph": "unknown",
        "doxy-me": "no",
    }
    e2e = dict(
        resourceconnect.facts.filter(criterion="e2e_encryption").values_list("channel", "value")
    )
    assert e2e == {"": "partly", "chat": "yes", "sms": "no", "audio": "unknown", "video": "unknown"}
    cyph = Platform.objects.get(slug="cyph")
    assert cyph.facts.get(criterion="cost_model").value == FactValue.PARTLY
    assert "2023" not in cyph.description_en and "2024" in cyph.description_en
    assert cyph.facts.get(criterion="e2e_encryption").note_en.startswith("The vendor")
    guide = Guide.objects.get(slug="national-hotlines")
    assert guide.title_es == "Cómo remitir a las líneas nacionales de ayuda"
    assert "88788" in guide.body_en and guide.published


def test_second_load_changes_nothing_and_writes_nothing(fresh_content):
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        summary = load_content()
    assert snapshot() == before
    assert "created 0, updated 0, admin edits kept 0" in summary
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_command_loads_through_the_app_module(db, capsys):
    call_command("load_content")
    call_command("load_content")
    output = capsys.readouterr().out.splitlines()
    assert (
        "Platforms and guides: 12 guides, 5 platforms, 83 facts; "
        "created 0, updated 0, admin edits kept 0"
    ) in output[-2:]


def test_admin_edits_survive_a_reload_unless_overwritten(fresh_content):
    guide = Guide.objects.get(slug="web-chat")
    guide.title_es = "Título editado"
    guide.save()
    fact = PlatformFact.objects.get(platform__slug="cyph", criterion="survivor_account")
    fact.value, fact.note_en = FactValue.NO, "Checked again by an admin."
    fact.save()
    platform = Platform.objects.get(slug="gruveo")
    platform.status = PlatformStatus.DISCONTINUED
    platform.save()
    assert "admin edits kept 4" in load_content()
    guide.refresh_from_db()
    fact.refresh_from_db()
    platform.refresh_from_db()
    assert guide.title_es == "Título editado"
    assert (fact.value, fact.note_en) == (FactValue.NO, "Checked again by an admin.")
    assert platform.status == PlatformStatus.DISCONTINUED
    assert "updated 3" in load_content(overwrite=True)
    guide.refresh_from_db()
    fact.refresh_from_db()
    assert guide.title_es != "Título editado"
    assert fact.value == FactValue.UNKNOWN


def test_a_change_in_the_files_reaches_fields_nobody_edited(db, content_copy):
    load_content(root=content_copy)
    guide = Guide.objects.get(slug="web-chat")
    guide.title_es = "Título editado"
    guide.save()
    path = content_copy / "guides" / "web-chat.yaml"
    text = path.read_text()
    text = text.replace("order: 5", "order: 50")
    path.write_text(text)
    summary = load_content(root=content_copy)
    guide.refresh_from_db()
    assert guide.order == 50  # shipped change applied
    assert guide.title_es == "Título editado"  # admin edit kept
    assert "updated 1, admin edits kept 1" in summary


def test_admin_added_facts_and_platforms_are_never_deleted(fresh_content):
    from tests.factories import make_platform

    mine = make_platform(slug="our-own")
    load_content(overwrite=True)
    assert Platform.objects.filter(pk=mine.pk).exists()
    assert mine.facts.count() == len(Criterion)


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "platforms.yaml",
            'value: "no"',
            "value: no",
            "platforms[0].facts[0].value: False is not one of",
        ),
        (
            "platforms.yaml",
            "criterion: open_source",
            "criterion: open_sores",
            "platforms[0].facts[21].criterion: 'open_sores' is not one of",
        ),
        (
            "platforms.yaml",
            "source: https://www.resourceconnect.com/\n",
            "source: not a link\n",
            "platforms[0].facts[0].source: 'not a link' is not an http(s) URL",
        ),
        (
            "platforms.yaml",
            "channels: [chat, sms, audio, video]",
            "channels: [chat, fax]",
            "platforms[0].channels[1]: 'fax' is not one of",
        ),
        ("platforms.yaml", "status: active", "status: great", "platforms[0].status"),
        (
            "platforms.yaml",
            "reviewed: 2026-11-30",
            "reviewed: last week",
            "platforms[0].facts[0].reviewed: 'last week' is not a date",
        ),
        (
            "guides/web-chat.yaml",
            "topic: channel",
            "topic: chatting",
            "topic: 'chatting' is not one of",
        ),
        ("guides/web-chat.yaml", "slug: web-chat", "slug: webchat", "slug: 'webchat' must match"),
        ("guides/web-chat.yaml", "order: 5", "order: 5\ncolour: blue", "guide: unknown key colour"),
        ("guides/web-chat.yaml", "\n  es: ", "\n  fr: ", "title: missing es"),
    ],
)
def test_broken_files_are_refused_naming_file_and_key(db, content_copy, file, old, new, message):
    path = content_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as error:
        load_content(root=content_copy)
    assert str(path) in str(error.value)
    assert message in str(error.value)
    assert Guide.objects.count() == Platform.objects.count() == 0  # nothing half-loaded


def test_a_platform_missing_a_criterion_is_refused(db, content_copy):
    path = content_copy / "platforms.yaml"
    text = path.read_text()
    start = text.index("      - criterion: languages")
    end = text.index("\n\n  - slug: jitsi-meet")
    # Drop ResourceConnect's last fact (languages).
    path.write_text(text[:start].rstrip("\n") + "\n" + text[end:])
    with pytest.raises(
        ContentError,
        match=r"platforms\[0\]\.facts: every criterion exactly once without a channel "
        r"\(missing: languages",
    ):
        load_content(root=content_copy)


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            '        channel: chat\n        value: "yes"',
            '        channel: group_video\n        value: "yes"',
            "platforms[0].facts[3].channel: 'group_video' is not one of this platform's channels",
        ),
        (
            '        channel: audio\n        value: "unknown"',
            '        channel: sms\n        value: "unknown"',
            "platforms[0].facts[5]: e2e_encryption on sms appears twice",
        ),
        (
            '        channel: chat\n        value: "yes"',
            '        channel: fax\n        value: "yes"',
            "platforms[0].facts[3].channel: 'fax' is not one of",
        ),
    ],
)
def test_a_wrong_channel_fact_is_refused(db, content_copy, old, new, message):
    path = content_copy / "platforms.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as error:
        load_content(root=content_copy)
    assert message in str(error.value)
    assert Platform.objects.count() == 0


def test_a_channel_fact_takes_a_place_of_its_own_next_to_the_platform_wide_one(fresh_content):
    """One fact per platform, criterion and channel; the channel-less fact is the default."""
    fact = PlatformFact.objects.get(platform__slug="jitsi-meet", criterion="open_source")
    fields = {
        "platform": fact.platform,
        "criterion": fact.criterion,
        "value": "yes",
        "note_en": "x",
        "note_es": "x",
        "source": "https://x.example/",
        "reviewed_on": fact.reviewed_on,
    }
    PlatformFact.objects.create(**fields, channel="video")
    for channel in ("", "video"):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlatformFact.objects.create(**fields, channel=channel)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformFact.objects.create(**fields, channel="fax")


def test_an_admin_edit_of_a_channel_fact_survives_a_reload(fresh_content):
    fact = PlatformFact.objects.get(
        platform__slug="resourceconnect", criterion="e2e_encryption", channel="video"
    )
    fact.value = FactValue.YES
    fact.save()
    assert "admin edits kept 1" in load_content()
    fact.refresh_from_db()
    assert fact.value == FactValue.YES
