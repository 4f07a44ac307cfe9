import pytest

from platforms.content import load_content
from platforms.models import (
    Guide,
    Platform,
    PlatformFact,
)
from tests.factories import make_admin, make_fact, make_guide, make_platform  # noqa: F401


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


def empty_platform_content() -> None:
    """Remove the guides and platforms every test database starts with (tests/conftest.py), for
    tests that load content themselves and count what the loader did."""
    from django.contrib.contenttypes.models import ContentType

    from platforms.models import Guide
    from toolkit.models import TranslationStamp

    Platform.objects.all().delete()
    Guide.objects.all().delete()
    TranslationStamp.objects.filter(
        content_type__in=ContentType.objects.get_for_models(Guide, Platform, PlatformFact).values()
    ).delete()


@pytest.fixture
def content(db) -> None:
    """The shipped guides and platforms: every test database loads them once per session
    (tests/conftest.py), and each test's changes are rolled back."""


@pytest.fixture
def fresh_content(db) -> str:
    """The shipped guides and platforms loaded anew, for tests of what the loader reports."""
    empty_platform_content()
    return load_content()
