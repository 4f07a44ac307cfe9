"""The lock files agree with pyproject.toml: every machine installs the versions CI tested.

`scripts/lock.sh` writes them; `scripts/setup.sh` installs requirements/development.lock with
--require-hashes. These tests fail when pyproject.toml changes and the lock files were not
written again.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
OURS = f"{PROJECT['name']} (pyproject.toml)"
ENTRY = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def wanted(*extras: str) -> dict[str, Requirement]:
    """pyproject.toml's requirements (with these extras), by canonical name."""
    lines = PROJECT["dependencies"] + [
        line for extra in extras for line in PROJECT["optional-dependencies"][extra]
    ]
    return {canonicalize_name(req.name): req for req in map(Requirement, lines)}


def locked(name: str) -> dict[str, dict]:
    """Each entry of a lock file: its version, whether pyproject asked for it, its hashes."""
    entries, current = {}, None
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if match := ENTRY.match(line):
            current = {"version": match[2], "direct": False, "hashes": 0}
            entries[canonicalize_name(match[1])] = current
        elif current is not None:
            current["hashes"] += "--hash=sha256:" in line
            current["direct"] |= OURS in line
    return entries


LOCKS = {"production.lock": ("s3", "redis"), "development.lock": ("s3", "redis", "test")}


@pytest.mark.parametrize(("name", "extras"), LOCKS.items())
def test_every_dependency_is_locked_at_a_version_its_range_allows(name, extras):
    entries = locked(name)
    for key, requirement in wanted(*extras).items():
        assert key in entries, f"{key} is in pyproject.toml but not in {name}: bash scripts/lock.sh"
        version = entries[key]["version"]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} locks {key}=={version}, outside {requirement}: bash scripts/lock.sh"
        )


@pytest.mark.parametrize(("name", "extras"), LOCKS.items())
def test_the_lock_asks_for_nothing_pyproject_no_longer_names(name, extras):
    direct = {key for key, entry in locked(name).items() if entry["direct"]}
    assert direct == set(wanted(*extras)), f"{name} is out of date: bash scripts/lock.sh"


@pytest.mark.parametrize("name", LOCKS)
def test_every_locked_package_has_hashes(name):
    entries = locked(name)
    assert len(entries) >= len(wanted(*LOCKS[name]))
    assert [key for key, entry in entries.items() if entry["hashes"] == 0] == []


def test_development_runs_the_versions_production_runs():
    development = locked("development.lock")
    for key, entry in locked("production.lock").items():
        assert development[key]["version"] == entry["version"], key


def test_setup_installs_from_the_lock_with_hashes():
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes -r requirements/development.lock" in setup
    assert "npm ci " in setup
