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
    version numbers start again in every test's database). Passwords are hashed with a fast
    hasher: the production hasher's 1.5 million rounds cost 0.6 s a user here, and it is tested
    on its own (tests/toolkit/test_settings.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache
    from django.utils import translation

    from assessments.answering import worksheet_cache

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


def pytest_collection_modifyitems(config, items):
    """A test marked database_dependent says why, in words (the PostgreSQL pass runs only those)."""
    for item in items:
        for mark in item.iter_markers("database_dependent"):
            if len(mark.args) != 1 or not str(mark.args[0]).strip():
                raise pytest.UsageError(f"{item.nodeid}: database_dependent needs its reason")


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


CONTENT_SNAPSHOT = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Every test database starts with the shipped content loaded, as a real site does.

    The database as it is then (content, content types, permissions) is kept as a snapshot:
    a live-server test commits for real, so its database is emptied after it, and the snapshot
    puts everything back in about a second (`pytest_runtest_teardown` below), where loading the
    content again takes four.
    """
    from django.core.management import call_command
    from django.db import connection

    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0, stdout=io.StringIO())
        request.config.stash[CONTENT_SNAPSHOT] = connection.creation.serialize_db_to_string()


def _empties_the_database(item) -> bool:
    """Tests that commit (live server, transactional_db, a django_db(transaction=True) mark)
    are followed by pytest-django's flush."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db") if hasattr(item, "get_closest_marker") else None
    committing_mark = marker is not None and marker.kwargs.get("transaction", False)
    return "transactional_db" in names or "live_server" in names or committing_mark


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that emptied the database, put the starting database back, so that the
    next test finds the content whatever order the tests run in (pytest-xdist mixes them)."""
    result = yield
    if (
        nextitem is not None
        and _empties_the_database(item)
        and CONTENT_SNAPSHOT in item.config.stash
    ):
        from django.core.management import call_command
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            # The flush after the test ran post_migrate, which made content types and
            # permissions anew; empty again without it, then load the snapshot.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(item.config.stash[CONTENT_SNAPSHOT])
    return result


@pytest.fixture
def shipped_content(transactional_db):
    """For live-server tests: a database whose writes are committed (the server's threads see
    them), starting with the shipped content like every test database."""
