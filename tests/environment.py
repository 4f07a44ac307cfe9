"""Environment for the test suite, loaded as a plugin (-p) before pytest-django reads the settings.

Tests run with production settings (debug off) so that headers and cookies are tested as they
are served; only HTTPS redirection is off, because the test client and live server speak HTTP.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
# Report PDFs render at once, inside the request, as in development.
os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used
# synchronously there, which is safe in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
