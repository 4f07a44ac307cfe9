"""Factories for the test suite: small `make_*(**overrides)` functions that build real rows.

Each takes keyword overrides for any field and fills the rest with valid, distinct values.
"""

from datetime import date

from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, User
from platforms.models import (
    Criterion,
    FactValue,
    Guide,
    GuideTopic,
    Platform,
    PlatformFact,
    set_platform_channels,
)

PASSWORD = "correct horse battery staple"


def make_user(**overrides) -> User:
    overrides.setdefault("email", f"person{User.objects.count() + 1}@example.org")
    password = overrides.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **overrides)


def make_organisation(**overrides) -> Organisation:
    overrides.setdefault("name", f"Program {Organisation.objects.count() + 1}")
    return Organisation.objects.create(**overrides)


def make_membership(**overrides) -> Membership:
    overrides.setdefault("user", make_user())
    overrides.setdefault("organisation", make_organisation())
    overrides.setdefault("role", Role.STAFF)
    return Membership.objects.create(**overrides)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_assessment(**overrides):
    from assessments.answering.lifecycle import assessment_start

    organisation = overrides.pop("organisation", None) or make_organisation()
    defaults = {
        "name": "Text and chat",
        "channels": ["text", "chat", "video"],
        "report_language": "en",
        "by": None,
    }
    defaults.update(overrides)
    return assessment_start(organisation=organisation, **defaults)


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
