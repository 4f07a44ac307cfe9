import io

import pytest
from django.test import Client

from accounts.models import Membership, Organisation, Role, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Manifest storage needs collectstatic; tests render {% static %} without it. Each test
    gets an empty in-memory cache, so login throttling never leaks between tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture
def director(db) -> Membership:
    return make_membership(role=Role.DIRECTOR)


@pytest.fixture
def staff(director) -> Membership:
    return make_membership(organisation=director.organisation, role=Role.STAFF)


@pytest.fixture
def other_director(db) -> Membership:
    return make_membership(role=Role.DIRECTOR)


def url_names_with_ids(resolver=None, namespace="") -> set[str]:
    """Names ("app:view") of every URL pattern that takes an object id (pk or *_id)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names_with_ids(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            params = entry.pattern.converters.keys()
            if any(p == "pk" or p.endswith("_id") or p.endswith("_pk") for p in params):
                names.add(f"{namespace}{entry.name}")
    return names


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped content loaded, as a real site does."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def shipped_content(transactional_db):
    """For live-server tests: their database is emptied after each test, so load it again."""
    from django.core.management import call_command

    call_command("load_content", verbosity=0, stdout=io.StringIO())


def make_assessment(**overrides):
    from assessments.lifecycle import assessment_start

    organisation = overrides.pop("organisation", None) or make_organisation()
    defaults = {
        "name": "Text and chat",
        "channels": ["text", "chat", "video"],
        "report_language": "en",
        "by": None,
    }
    defaults.update(overrides)
    return assessment_start(organisation=organisation, **defaults)
