from datetime import date

import pytest
from django.utils import timezone

from platforms.content import load_content
from platforms.models import (
    Criterion,
    FactValue,
    Guide,
    GuideTopic,
    Platform,
    PlatformFact,
    set_platform_channels,
)
from tests.conftest import make_user


def make_guide(**overrides) -> Guide:
    number = Guide.objects.count() + 1
    overrides.setdefault("slug", f"guide-{number}")
    overrides.setdefault("topic", GuideTopic.READINESS)
    overrides.setdefault("reviewed_on", date(2026, 11, 1))
    texts = [
        ("title", f"Guide {number}", f"Guía {number}"),
        ("summary", "A summary.", "Un resumen."),
        ("body", "## Part\n\nEnglish body.", "## Parte\n\nCuerpo en español."),
    ]
    for name, english, spanish in texts:
        overrides.setdefault(f"{name}_en", english)
        overrides.setdefault(f"{name}_es", spanish)
    return Guide.objects.create(**overrides)


def guide_form(guide: Guide, **changes) -> dict:
    """The Guide admin change form as posted, with `changes` applied."""
    data = {
        "slug": guide.slug,
        "topic": guide.topic,
        "order": guide.order,
        "reviewed_on": guide.reviewed_on.isoformat(),
        "_save": "Save",
    }
    if guide.published:
        data["published"] = "on"
    for name in ("title", "summary", "body"):
        for lang in ("en", "es"):
            data[f"{name}_{lang}"] = getattr(guide, f"{name}_{lang}")
    return {**data, **changes}


def make_platform(*, channels=("chat",), facts=None, reviewed_on=None, **overrides) -> Platform:
    """A platform with the given channels and facts ({criterion: value}); every other criterion
    is recorded as unknown, all reviewed on `reviewed_on` (default: today)."""
    number = Platform.objects.count() + 1
    overrides.setdefault("slug", f"platform-{number}")
    overrides.setdefault("name", f"Platform {number}")
    overrides.setdefault("website", f"https://platform-{number}.example/")
    overrides.setdefault("description_en", "A platform.")
    overrides.setdefault("description_es", "Una plataforma.")
    platform = Platform.objects.create(**overrides)
    set_platform_channels(platform=platform, channels=list(channels))
    for criterion in Criterion:
        make_fact(
            platform=platform,
            criterion=criterion,
            value=(facts or {}).get(criterion, FactValue.UNKNOWN),
            reviewed_on=reviewed_on or timezone.localdate(),
        )
    return platform


def make_fact(**overrides) -> PlatformFact:
    overrides.setdefault("note_en", "A note.")
    overrides.setdefault("note_es", "Una nota.")
    overrides.setdefault("source", "https://source.example/page")
    overrides.setdefault("reviewed_on", timezone.localdate())
    return PlatformFact.objects.create(**overrides)


def make_admin(**overrides):
    overrides.setdefault("is_staff", True)
    overrides.setdefault("is_superuser", True)
    return make_user(**overrides)


def empty_platform_content() -> None:
    """Remove the guides and platforms every test database starts with (tests/conftest.py), for
    tests that load content themselves and count what the loader did."""
    from django.contrib.contenttypes.models import ContentType

    from platforms.models import Guide, Platform
    from toolkit.models import TranslationStamp

    Platform.objects.all().delete()
    Guide.objects.all().delete()
    TranslationStamp.objects.filter(
        content_type__in=ContentType.objects.get_for_models(Guide, Platform, PlatformFact).values()
    ).delete()


@pytest.fixture
def content(db) -> str:
    """The shipped guides and platforms, loaded as `manage.py load_content` would."""
    empty_platform_content()
    return load_content()
