"""Settings for the Digital Services Readiness Toolkit, read from the environment.

Development: DJANGO_DEBUG=1 (set by `make run`). Production: DJANGO_DEBUG unset or 0, and then
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        # SystemExit prints one line instead of a traceback, for manage.py and gunicorn alike.
        raise SystemExit(
            f"Refusing to start with DJANGO_DEBUG off: set {' and '.join(missing)} "
            "(or DJANGO_DEBUG=1 for local development)."
        )

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "toolkit",
    "accounts",
    "platforms",
    "assessments",
    "reports",
    "coalitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "toolkit.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "toolkit.middleware.NullOriginMiddleware",  # our pages without a Referer (see there)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toolkit.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "toolkit.middleware.TransientDatabaseErrorMiddleware",
    "toolkit.middleware.ContentIncompleteMiddleware",
]

ROOT_URLCONF = "toolkit.urls"
WSGI_APPLICATION = "toolkit.wsgi.application"
ASGI_APPLICATION = "toolkit.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A threaded server writes from several threads at once. IMMEDIATE takes the write lock when
    # a transaction starts, so a writer waits (up to `timeout` seconds) instead of failing with
    # "database is locked" when its deferred transaction later wants to write; WAL lets readers
    # go on while one writer writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
        # No PRAGMA busy_timeout here: it would override `timeout` (which sets the same thing).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"

# Languages: English and Spanish, every page under /en/ or /es/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

# Static files: our own CSS/JS plus front-end packages installed by the set-up (npm), all served
# from our origin by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/jquery-ui", BASE_DIR / "node_modules" / "jquery-ui" / "dist"),
]
# modeltranslation's tabbed admin would load jQuery UI from Google's CDN: serve it ourselves.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# Stored files (the PDFs of finalized reports) are private: served only through views that check
# permissions, never from MEDIA_URL. One machine: the file system. Several: an S3-compatible
# bucket through django-storages (`pip install -e ".[s3]"`), when DJANGO_S3_BUCKET is set.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))


def s3_storage(bucket, *, endpoint_url=None, region=None, access_key=None, secret_key=None):
    """A private bucket: objects readable only with the keys, never overwritten in place."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "region_name": region,
            "access_key": access_key,
            "secret_key": secret_key,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


if os.environ.get("DJANGO_S3_BUCKET"):
    DEFAULT_STORAGE = s3_storage(
        os.environ["DJANGO_S3_BUCKET"],
        endpoint_url=os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        region=os.environ.get("DJANGO_S3_REGION") or None,
        access_key=os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        secret_key=os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
    )
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development; SMTP from the environment in production (Django 6.1 MAILERS).
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "toolkit@localhost")

# Caches hold the counts of the sign-in and e-mail limits, shared by every app process: in the
# database by default, in Redis when DJANGO_REDIS_URL names one (several hosts; `.[redis]`).
# Short socket timeouts: a Redis host that is down costs a request seconds, not minutes.
if os.environ.get("DJANGO_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "toolkit_cache",
        }
    }

# Background work (rendering report PDFs) through Django's tasks framework: run at once in the
# request in development, queued in the database for `manage.py db_worker` in production.
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[
            os.environ.get("DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database")
        ]
    }
}

# Product settings.
TOOLKIT_SELF_SIGNUP = env_bool("TOOLKIT_SELF_SIGNUP", True)
TOOLKIT_INVITATION_DAYS = int(os.environ.get("TOOLKIT_INVITATION_DAYS", "7"))
TOOLKIT_SIGNUP_LINK_HOURS = int(os.environ.get("TOOLKIT_SIGNUP_LINK_HOURS", "48"))
TOOLKIT_LOGIN_ATTEMPTS = int(os.environ.get("TOOLKIT_LOGIN_ATTEMPTS", "5"))
TOOLKIT_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("TOOLKIT_LOGIN_LOCKOUT_SECONDS", "900"))
# E-mails anyone can make the site send (sign-up, password reset, invitations), per address
# and per client, over this window (accounts/mail_limits.py).
TOOLKIT_MAIL_PER_ADDRESS = int(os.environ.get("TOOLKIT_MAIL_PER_ADDRESS", "3"))
TOOLKIT_MAIL_PER_CLIENT = int(os.environ.get("TOOLKIT_MAIL_PER_CLIENT", "10"))
TOOLKIT_MAIL_WINDOW_SECONDS = int(os.environ.get("TOOLKIT_MAIL_WINDOW_SECONDS", "3600"))
# How many proxies stand in front of the app (each appends to X-Forwarded-For): sign-in
# throttling takes the client's address from there. 0 reads REMOTE_ADDR; behind a proxy
# (DJANGO_BEHIND_PROXY) it defaults to 1, else every client would share the proxy's address.
TOOLKIT_TRUSTED_PROXIES = int(
    os.environ.get("TOOLKIT_TRUSTED_PROXIES", "1" if env_bool("DJANGO_BEHIND_PROXY") else "0")
)
# A vendor's private link (assessments/vendor_link/): days to answer by default and at most, and
# how many requests one link, and one client over any links, may make in an hour.
TOOLKIT_VENDOR_LINK_DAYS = int(os.environ.get("TOOLKIT_VENDOR_LINK_DAYS", "14"))
TOOLKIT_VENDOR_LINK_MAX_DAYS = int(os.environ.get("TOOLKIT_VENDOR_LINK_MAX_DAYS", "60"))
TOOLKIT_VENDOR_LINK_PER_HOUR = int(os.environ.get("TOOLKIT_VENDOR_LINK_PER_HOUR", "600"))
TOOLKIT_VENDOR_CLIENT_PER_HOUR = int(os.environ.get("TOOLKIT_VENDOR_CLIENT_PER_HOUR", "1200"))
TOOLKIT_PLATFORM_REVIEW_MONTHS = int(os.environ.get("TOOLKIT_PLATFORM_REVIEW_MONTHS", "12"))
# A report PDF still "being prepared" after this long is treated as failed (its worker died, say
# killed or out of memory) and can be asked for again; a render takes seconds. Fractions allowed.
TOOLKIT_REPORT_STALE_MINUTES = float(os.environ.get("TOOLKIT_REPORT_STALE_MINUTES", "10"))
# This site's public address (https://toolkit.example.org): reports print each guide's full
# address with it, so a reader of the PDF can find the guide. Unset: guides are named only.
TOOLKIT_SITE_URL = os.environ.get("TOOLKIT_SITE_URL", "").strip()

# Sessions end after an idle period (every request pushes the expiry forward).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# Requests: keep bodies small; worksheets post text, never files.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_BODY_BYTES", str(512 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
