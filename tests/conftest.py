import io
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from accounts.models import Membership, Role

# Re-exported: tests import these helpers from here as well as from tests.factories.
from tests.factories import (  # noqa: F401
    PASSWORD,
    client_for,
    make_assessment,
    make_membership,
    make_organisation,
    make_user,
)

# `make test` (and so CI) runs the same generated examples every time, so a pass is repeatable;
# HYPOTHESIS_PROFILE=explore draws new examples on every run to look for new failures.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Manifest storage needs collectstatic; tests render {% static %} without it. Each test
    gets an empty in-memory cache, so login throttling never leaks between tests, and its own
    folder for stored files (report PDFs), in English, and reads the worksheets afresh (content
    version numbers start again in every test's database)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache
    from django.utils import translation

    from assessments import worksheet_cache

    cache.clear()
    worksheet_cache.forget()
    # A request in Spanish leaves Spanish active in this thread; every test starts in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, a test database in a file, as a real site has, instead of in memory.

    An in-memory test database is one connection that the live server's request threads
    share, so two requests at once (two autosaves from one page) collide on it ("bad
    parameter or other API misuse", "database table is locked"). With a file, each thread has
    its own connection, and IMMEDIATE transactions with the busy timeout queue them as in
    production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else tmp_path_factory.getbasetemp()
        name = folder / f"toolkit-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


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
