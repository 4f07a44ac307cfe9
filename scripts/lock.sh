#!/usr/bin/env bash
# Resolves pyproject.toml's version ranges into exact versions with hashes, for every platform
# and Python >= 3.12, and writes the two lock files:
#   requirements/production.lock   the app (with the S3 storage and Redis extras): what a deployment installs
#   requirements/development.lock  the same versions plus the test tools: what scripts/setup.sh
#                                  installs, so every machine and CI test the same set
# Run it after changing the dependencies in pyproject.toml (`make lock`); versions already locked
# stay unless the ranges exclude them. `bash scripts/lock.sh --upgrade` takes the newest releases
# the ranges allow. It uses uv, pinned here, installed into .venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
UV=.venv/bin/uv

if [ ! -x .venv/bin/python ]; then
    bash scripts/setup.sh
fi
if [ ! -x "$UV" ] || [ "$("$UV" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    .venv/bin/python -m pip install -q "uv==$UV_VERSION"
fi

compile() {  # output, extras...
    local output=$1
    shift
    local extras=()
    for extra in "$@"; do extras+=(--extra "$extra"); done
    # The header names this script, not uv's own command line, as the way to update.
    UV_CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" "$UV" pip compile pyproject.toml "${extras[@]}" \
        --universal --python-version 3.12 --generate-hashes --quiet \
        "${CONSTRAINTS[@]}" "${UPGRADE[@]}" --output-file "$output"
}

UPGRADE=("$@")
CONSTRAINTS=()
compile requirements/production.lock s3 redis
# The test tools may not move a version that production runs.
CONSTRAINTS=(--constraint requirements/production.lock)
compile requirements/development.lock s3 redis test
echo "Wrote requirements/production.lock and requirements/development.lock"
