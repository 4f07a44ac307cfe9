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
