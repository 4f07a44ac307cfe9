"""Settings for the benchmarks only: the product's settings, plus one baseline URL and plain HTTP.

The benchmarks run the site with production settings (DJANGO_DEBUG off) on plain HTTP at
127.0.0.1 or in-process, so the cookies must not be marked Secure, and the static files are not
collected (no manifest). Sign-in is not measured, so a cheap password hasher keeps fifty sign-ins from
costing a minute of CPU on a two-core machine.
"""

import warnings

from toolkit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files are served from the app folders (nothing is collected for a benchmark), which
# WhiteNoise would otherwise warn about at start-up.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
