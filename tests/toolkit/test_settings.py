import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "production-like-secret-" + "Zq9$" * 10,
    "DJANGO_ALLOWED_HOSTS": "toolkit.example.org",
    "PATH": os.environ.get("PATH", ""),
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_secret_key_and_hosts():
    result = run_manage("check", env={"DJANGO_DEBUG": "0", "PATH": PRODUCTION_ENV["PATH"]})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "Refusing to start with DJANGO_DEBUG off: set DJANGO_SECRET_KEY and "
        "DJANGO_ALLOWED_HOSTS (or DJANGO_DEBUG=1 for local development)."
    ]


def test_refuses_to_start_without_hosts_only():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "set DJANGO_ALLOWED_HOSTS (" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_hashes_passwords_with_a_slow_hasher():
    """The suite hashes with MD5 for speed (tests/conftest.py); the site never does."""
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in {"pbkdf2_sha256", "argon2", "scrypt"}


def readme_multi_host_environment() -> dict[str, str]:
    """The environment the README's "Several app hosts" section gives every process."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Several app hosts", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        name, _, value = line.split("#", 1)[0].strip().partition("=")
        if name:
            env[name] = value
    return env


def test_the_readmes_multi_host_environment_configures_redis_s3_and_the_proxy():
    env = readme_multi_host_environment()
    assert {"DJANGO_REDIS_URL", "DJANGO_S3_BUCKET", "DJANGO_BEHIND_PROXY", "DATABASE_URL"} <= set(
        env
    )
    env = {
        **env,
        "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
        "PATH": os.environ["PATH"],
    }
    env = {name: ("x" if value == "..." else value) for name, value in env.items()}
    script = """
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
storage = storages["default"]
print(
    type(storage).__name__, storage.default_acl, storage.querystring_auth,
    storage.file_overwrite, type(caches["default"]).__name__, settings.TOOLKIT_TRUSTED_PROXIES,
    settings.SECURE_PROXY_SSL_HEADER[0], settings.TASKS["default"]["BACKEND"].rsplit(".")[-1],
    settings.SESSION_ENGINE.rsplit(".")[-1],
)
"""
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "private",
        "True",
        "False",
        "RedisCache",
        "1",
        "HTTP_X_FORWARDED_PROTO",
        "DatabaseBackend",
        "db",
    ]
    deploy = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
